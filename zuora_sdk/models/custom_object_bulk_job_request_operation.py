"""The operation of a bulk job to submit."""

from typing import TYPE_CHECKING, Literal, Union

from zuora_sdk.models._enums import WireEnum

__all__ = ["CustomObjectBulkJobRequestOperation", "CustomObjectBulkJobRequestOperationValue"]


class CustomObjectBulkJobRequestOperation(WireEnum):
    """The operation of the bulk job to submit. Strict: another value raises ``ValueError``."""

    # The official SDK's order, which list() and iteration follow.
    DELETE = "delete"
    CREATE = "create"
    UPDATE = "update"


CustomObjectBulkJobRequestOperationLiteral = Literal["create", "update", "delete"]

# What a field of this type accepts: a member, or (for type checkers) its value as a string.
if TYPE_CHECKING:
    CustomObjectBulkJobRequestOperationValue = Union[
        CustomObjectBulkJobRequestOperation, CustomObjectBulkJobRequestOperationLiteral
    ]
else:
    CustomObjectBulkJobRequestOperationValue = CustomObjectBulkJobRequestOperation
