"""A custom object bulk job, as the service reports it."""

from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from pydantic import Field

from zuora_sdk.models._base import Timestamp, ZuoraModel
from zuora_sdk.models.custom_object_bulk_delete_filter import CustomObjectBulkDeleteFilter
from zuora_sdk.models.custom_object_bulk_job_response_error import CustomObjectBulkJobResponseError
from zuora_sdk.models.custom_object_bulk_job_response_namespace import CustomObjectBulkJobResponseNamespace
from zuora_sdk.models.custom_object_bulk_job_response_operation import CustomObjectBulkJobResponseOperation
from zuora_sdk.models.custom_object_bulk_job_response_status import CustomObjectBulkJobResponseStatus

__all__ = ["CustomObjectBulkJobResponse"]


class CustomObjectBulkJobResponse(ZuoraModel):
    """A custom object bulk job. Every field may be missing (``None``). Timestamps are timezone-aware
    ``datetime`` objects; a ``status``, ``operation`` or ``namespace`` this package does not know is
    kept as sent and compares equal to its string."""

    id: Optional[str] = Field(
        default=None, alias="Id",
        description="The ID of the bulk job.",
    )
    created_by_id: Optional[str] = Field(
        default=None, alias="CreatedById",
        description="The ID of the user who submitted the job.",
    )
    created_date: Optional[Timestamp] = Field(
        default=None, alias="CreatedDate",
        description="When the job was submitted.",
    )
    updated_by_id: Optional[str] = Field(
        default=None, alias="UpdatedById",
        description="The ID of the user who last updated the job.",
    )
    updated_date: Optional[Timestamp] = Field(
        default=None, alias="UpdatedDate",
        description="When the job was last updated.",
    )
    namespace: Optional[CustomObjectBulkJobResponseNamespace] = Field(
        default=None, description="The namespace of the object: default or com_zuora."
    )
    object: Optional[str] = Field(default=None, description="The API name of the object.")
    operation: Optional[CustomObjectBulkJobResponseOperation] = Field(
        default=None, description="The operation: create, update or delete."
    )
    status: Optional[CustomObjectBulkJobResponseStatus] = Field(
        default=None,
        description="The status: accepted, pending, in_progress, completed, failed or cancelled.",
    )
    processing_time: Optional[int] = Field(
        default=None,
        alias="processingTime",
        description="The time from submission to completion, in milliseconds.",
    )
    records_processed: Optional[int] = Field(
        default=None, alias="recordsProcessed",
        description="The number of records processed.",
    )
    error: Optional[CustomObjectBulkJobResponseError] = Field(
        default=None, description="Why the job failed (only for a failed job)."
    )
    filter: Optional[CustomObjectBulkDeleteFilter] = Field(default=None, description="The filter of a delete job.")

    if TYPE_CHECKING:
        # What type checkers accept (handy for building jobs in tests): enum fields also as strings,
        # timestamps also as ISO 8601 strings, nested objects also as dicts. They read back as
        # members, datetimes and models.
        def __init__(
            self,
            *,
            id: Optional[str] = None,
            created_by_id: Optional[str] = None,
            created_date: Union[datetime, str, None] = None,
            updated_by_id: Optional[str] = None,
            updated_date: Union[datetime, str, None] = None,
            namespace: Union[CustomObjectBulkJobResponseNamespace, str, None] = None,
            object: Optional[str] = None,
            operation: Union[CustomObjectBulkJobResponseOperation, str, None] = None,
            status: Union[CustomObjectBulkJobResponseStatus, str, None] = None,
            processing_time: Optional[int] = None,
            records_processed: Optional[int] = None,
            error: Union[CustomObjectBulkJobResponseError, Mapping[str, Any], None] = None,
            filter: Union[CustomObjectBulkDeleteFilter, Mapping[str, Any], None] = None,
            additional_properties: Optional[Mapping[str, Any]] = None,
        ) -> None: ...
