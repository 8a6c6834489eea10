"""The comparison operator of a delete filter condition."""

from typing import TYPE_CHECKING, Literal, Union

from zuora_sdk.models._enums import OpenEnum

__all__ = ["CustomObjectBulkDeleteFilterConditionOperator", "CustomObjectBulkDeleteFilterConditionOperatorValue"]


class CustomObjectBulkDeleteFilterConditionOperator(OpenEnum):
    """The operator of a filter condition: ``EQ`` (equal to), ``GT`` (greater than), ``LT`` (less
    than), ``GE`` (greater than or equal to), ``LE`` (less than or equal to).

    Filters are sent in requests and echoed in job responses, so this enum is lenient: an operator
    this package does not know is kept as given (see ``OpenEnum``) and the service judges it.
    """

    EQ = "EQ"
    GT = "GT"
    LT = "LT"
    GE = "GE"
    LE = "LE"


CustomObjectBulkDeleteFilterConditionOperatorLiteral = Literal["EQ", "GT", "LT", "GE", "LE"]

# What a field of this type accepts: a member, or (for type checkers) its value as a string.
if TYPE_CHECKING:
    CustomObjectBulkDeleteFilterConditionOperatorValue = Union[
        CustomObjectBulkDeleteFilterConditionOperator, CustomObjectBulkDeleteFilterConditionOperatorLiteral
    ]
else:
    CustomObjectBulkDeleteFilterConditionOperatorValue = CustomObjectBulkDeleteFilterConditionOperator
