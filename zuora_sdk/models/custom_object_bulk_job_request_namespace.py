"""The namespace of the object of a bulk job to submit."""

from zuora_sdk.models._enums import WireEnum

__all__ = ["CustomObjectBulkJobRequestNamespace"]


class CustomObjectBulkJobRequestNamespace(WireEnum):
    """The namespace of the object: ``default`` for custom objects, ``com_zuora`` for Zuora standard
    objects (only ``SavedQuery``). Strict: another value raises ``ValueError``."""

    DEFAULT = "default"
    COM_ZUORA = "com_zuora"
