"""The body of a request to submit a custom object bulk job."""

from typing import Optional

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel
from zuora_sdk.models.custom_object_bulk_delete_filter import CustomObjectBulkDeleteFilter
from zuora_sdk.models.custom_object_bulk_job_request_namespace import CustomObjectBulkJobRequestNamespaceValue
from zuora_sdk.models.custom_object_bulk_job_request_operation import CustomObjectBulkJobRequestOperationValue

__all__ = ["CustomObjectBulkJobRequest"]


class CustomObjectBulkJobRequest(ZuoraModel):
    """A bulk job to submit: which object, in which namespace, what operation, and for a delete job
    an optional filter. Every field is optional here (the service rejects a job without ``object``
    or ``operation``); ``namespace`` and ``operation`` accept only the values their enums declare."""

    namespace: Optional[CustomObjectBulkJobRequestNamespaceValue] = Field(
        default=None, description="The namespace of the object: default (custom objects) or com_zuora."
    )
    object: Optional[str] = Field(default=None, description="The API name of the object.")
    operation: Optional[CustomObjectBulkJobRequestOperationValue] = Field(
        default=None, description="The operation: create, update or delete."
    )
    filter: Optional[CustomObjectBulkDeleteFilter] = Field(
        default=None, description="For a delete job: which records to delete (all records without it)."
    )
