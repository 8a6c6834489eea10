"""The operation of a custom object bulk job, as the service reports it."""

from zuora_sdk.models._enums import OpenEnum

__all__ = ["CustomObjectBulkJobResponseOperation"]


class CustomObjectBulkJobResponseOperation(OpenEnum):
    """The operation of the bulk job. A value this package does not know is kept as it was sent
    (see ``OpenEnum``)."""

    # The official SDK's order, which list() and iteration follow.
    DELETE = "delete"
    CREATE = "create"
    UPDATE = "update"
