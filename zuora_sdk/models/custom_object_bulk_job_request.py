"""The body of a request to submit a custom object bulk job."""

from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from pydantic import Field

from zuora_sdk.models._base import ZuoraModel
from zuora_sdk.models.custom_object_bulk_delete_filter import CustomObjectBulkDeleteFilter
from zuora_sdk.models.custom_object_bulk_job_request_namespace import (
    CustomObjectBulkJobRequestNamespace,
    CustomObjectBulkJobRequestNamespaceValue,
)
from zuora_sdk.models.custom_object_bulk_job_request_operation import (
    CustomObjectBulkJobRequestOperation,
    CustomObjectBulkJobRequestOperationValue,
)

__all__ = ["CustomObjectBulkJobRequest"]


class CustomObjectBulkJobRequest(ZuoraModel):
    """A bulk job to submit: which object, in which namespace, what operation, and for a delete job
    an optional filter. Every field is optional here (the service rejects a job without ``object``
    or ``operation``); ``namespace`` and ``operation`` accept only the values their enums declare."""

    namespace: Optional[CustomObjectBulkJobRequestNamespace] = Field(
        default=None, description="The namespace of the object: default (custom objects) or com_zuora."
    )
    object: Optional[str] = Field(default=None, description="The API name of the object.")
    operation: Optional[CustomObjectBulkJobRequestOperation] = Field(
        default=None, description="The operation: create, update or delete."
    )
    filter: Optional[CustomObjectBulkDeleteFilter] = Field(
        default=None, description="For a delete job: which records to delete (all records without it)."
    )

    if TYPE_CHECKING:
        # What type checkers accept: enum fields also take their values as strings (they read back
        # as members), and the filter a dict.
        def __init__(
            self,
            *,
            namespace: Optional[CustomObjectBulkJobRequestNamespaceValue] = None,
            object: Optional[str] = None,
            operation: Optional[CustomObjectBulkJobRequestOperationValue] = None,
            filter: Union[CustomObjectBulkDeleteFilter, Mapping[str, Any], None] = None,
            additional_properties: Optional[Mapping[str, Any]] = None,
        ) -> None: ...
