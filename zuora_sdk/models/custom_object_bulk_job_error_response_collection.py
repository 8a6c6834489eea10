"""The errors of a custom object bulk job."""

from typing import List, Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel
from zuora_sdk.models.custom_object_bulk_job_error_response import CustomObjectBulkJobErrorResponse

__all__ = ["CustomObjectBulkJobErrorResponseCollection"]


class CustomObjectBulkJobErrorResponseCollection(ZuoraModel):
    """All errors of a bulk job (an empty list for a job without errors)."""

    errors: Optional[List[CustomObjectBulkJobErrorResponse]] = Field(default=None, description="The errors.")
