"""One error of a custom object bulk job: which CSV row failed, and why."""

from typing import Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel
from zuora_sdk.models.custom_object_record_with_all_fields import CustomObjectRecordWithAllFields

__all__ = ["CustomObjectBulkJobErrorResponse"]


class CustomObjectBulkJobErrorResponse(ZuoraModel):
    """A record the job could not process. ``row`` is the line of the CSV file (data starts at row
    2); ``code`` is an int, as Zuora documents it (a code sent as a numeric string is converted).
    Fields in the official SDK's order."""

    code: Optional[int] = Field(default=None, description="The error code.")
    message: Optional[str] = Field(default=None, description="The error message.")
    record: Optional[CustomObjectRecordWithAllFields] = Field(default=None, description="The record that failed.")
    row: Optional[int] = Field(default=None, description="The line of the CSV file that failed.")
