"""The namespace of the object of a custom object bulk job, as the service reports it."""

from zuora_sdk.models._enums import OpenEnum

__all__ = ["CustomObjectBulkJobResponseNamespace"]


class CustomObjectBulkJobResponseNamespace(OpenEnum):
    """The namespace of the object: ``default`` for custom objects, ``com_zuora`` for Zuora standard
    objects. A value this package does not know is kept as it was sent (see ``OpenEnum``)."""

    DEFAULT = "default"
    COM_ZUORA = "com_zuora"
