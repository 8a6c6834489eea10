"""One condition of a delete filter: ``{"field", "operator", "value"}``."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from pydantic import Field, StrictBool, StrictFloat, StrictInt, StrictStr

from zuora_sdk.models._base import ZuoraModel
from zuora_sdk.models.custom_object_bulk_delete_filter_condition_operator import (
    CustomObjectBulkDeleteFilterConditionOperator,
    CustomObjectBulkDeleteFilterConditionOperatorValue,
)

__all__ = ["CustomObjectBulkDeleteFilterCondition", "FilterValue"]

FilterValue = Union[StrictBool, StrictInt, StrictFloat, StrictStr, datetime, date]
"""A scalar compared with a field: its type follows the field (string, number, boolean, date-time).
Values keep their Python type (``True`` stays a bool, ``1`` an int); ``datetime`` and ``date`` values
are written as ISO 8601 strings. Strings are never turned into dates (``StrictStr`` comes before the
dates: read from JSON bytes, a string could otherwise be taken for one)."""


class CustomObjectBulkDeleteFilterCondition(ZuoraModel):
    """A condition of a delete filter: records whose ``field`` compares to ``value`` with ``operator``."""

    var_field: Optional[str] = Field(
        default=None, alias="field",
        description="The API name of a filterable field of the object.",
    )
    operator: Optional[CustomObjectBulkDeleteFilterConditionOperator] = Field(
        default=None, description="The comparison operator: EQ, GT, LT, GE or LE."
    )
    value: Optional[FilterValue] = Field(
        default=None,
        description="The value to compare with: a string, number, boolean, date or date-time (not an object).",
    )

    if TYPE_CHECKING:
        # What type checkers accept: the operator also as a string (it reads back as a member).
        def __init__(
            self,
            *,
            var_field: Optional[str] = None,
            operator: Optional[CustomObjectBulkDeleteFilterConditionOperatorValue] = None,
            value: Optional[FilterValue] = None,
            additional_properties: Optional[Mapping[str, Any]] = None,
        ) -> None: ...
