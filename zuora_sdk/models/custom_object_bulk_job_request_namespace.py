"""The namespace of the object of a bulk job to submit."""

from typing import TYPE_CHECKING, Literal, Union

from zuora_sdk.models._enums import WireEnum

__all__ = ["CustomObjectBulkJobRequestNamespace", "CustomObjectBulkJobRequestNamespaceValue"]


class CustomObjectBulkJobRequestNamespace(WireEnum):
    """The namespace of the object: ``default`` for custom objects, ``com_zuora`` for Zuora standard
    objects (only ``SavedQuery``). Strict: another value raises ``ValueError``."""

    DEFAULT = "default"
    COM_ZUORA = "com_zuora"


CustomObjectBulkJobRequestNamespaceLiteral = Literal["default", "com_zuora"]

# What a field of this type accepts: a member, or (for type checkers) its value as a string.
if TYPE_CHECKING:
    CustomObjectBulkJobRequestNamespaceValue = Union[
        CustomObjectBulkJobRequestNamespace, CustomObjectBulkJobRequestNamespaceLiteral
    ]
else:
    CustomObjectBulkJobRequestNamespaceValue = CustomObjectBulkJobRequestNamespace
