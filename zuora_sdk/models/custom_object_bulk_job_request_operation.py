"""The operation of a bulk job to submit."""

from zuora_sdk.models._enums import WireEnum

__all__ = ["CustomObjectBulkJobRequestOperation"]


class CustomObjectBulkJobRequestOperation(WireEnum):
    """The operation of the bulk job to submit. Strict: another value raises ``ValueError``."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
