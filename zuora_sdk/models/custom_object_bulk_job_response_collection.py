"""A page of custom object bulk jobs."""

from typing import List, Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel
from zuora_sdk.models.custom_object_bulk_job_response import CustomObjectBulkJobResponse

__all__ = ["CustomObjectBulkJobResponseCollection"]


class CustomObjectBulkJobResponseCollection(ZuoraModel):
    """A page of bulk jobs, newest first, and the cursor to ask for the next page."""

    count: Optional[int] = Field(default=None, description="The number of jobs on this page.")
    cursor: Optional[str] = Field(
        default=None,
        description="Pass it as ``cursor`` to get the next page; missing (or empty) on the last page.",
    )
    jobs: Optional[List[CustomObjectBulkJobResponse]] = Field(default=None, description="The jobs.")
