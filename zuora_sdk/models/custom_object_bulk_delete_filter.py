"""The filter of a delete job: records matching all its conditions are deleted."""

from typing import TYPE_CHECKING, Any, List, Mapping, Optional, Sequence, Union

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel
from zuora_sdk.models.custom_object_bulk_delete_filter_condition import CustomObjectBulkDeleteFilterCondition

__all__ = ["CustomObjectBulkDeleteFilter"]


class CustomObjectBulkDeleteFilter(ZuoraModel):
    """Filters the records a delete job deletes: one or two conditions, joined by AND."""

    conditions: Optional[List[CustomObjectBulkDeleteFilterCondition]] = Field(
        default=None, description="The conditions (1 or 2), joined by AND."
    )

    if TYPE_CHECKING:
        # What type checkers accept: conditions as models or dicts.
        def __init__(
            self,
            *,
            conditions: Optional[Sequence[Union[CustomObjectBulkDeleteFilterCondition, Mapping[str, Any]]]] = None,
            additional_properties: Optional[Mapping[str, Any]] = None,
        ) -> None: ...
