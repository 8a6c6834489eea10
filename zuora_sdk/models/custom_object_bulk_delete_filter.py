"""The filter of a delete job: records matching all its conditions are deleted."""

from typing import List, Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel
from zuora_sdk.models.custom_object_bulk_delete_filter_condition import CustomObjectBulkDeleteFilterCondition

__all__ = ["CustomObjectBulkDeleteFilter"]


class CustomObjectBulkDeleteFilter(ZuoraModel):
    """Filters the records a delete job deletes: one or two conditions, joined by AND."""

    conditions: Optional[List[CustomObjectBulkDeleteFilterCondition]] = Field(
        default=None, description="The conditions (1 or 2), joined by AND."
    )
