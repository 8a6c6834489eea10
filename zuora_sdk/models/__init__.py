"""The models of the Custom Object Jobs API, one module per model (``zuora_sdk.models.<snake_name>``).

Names are imported on first use: ``import zuora_sdk.models`` does not import pydantic.
"""

import importlib
from typing import TYPE_CHECKING, Any, Dict, List

# public name -> module that defines it
_WHERE: Dict[str, str] = {
    "CommonErrorResponse": "common_error_response",
    "CustomObjectBulkDeleteFilter": "custom_object_bulk_delete_filter",
    "CustomObjectBulkDeleteFilterCondition": "custom_object_bulk_delete_filter_condition",
    "CustomObjectBulkDeleteFilterConditionOperator": "custom_object_bulk_delete_filter_condition_operator",
    "CustomObjectBulkJobErrorResponse": "custom_object_bulk_job_error_response",
    "CustomObjectBulkJobErrorResponseCollection": "custom_object_bulk_job_error_response_collection",
    "CustomObjectBulkJobRequest": "custom_object_bulk_job_request",
    "CustomObjectBulkJobRequestNamespace": "custom_object_bulk_job_request_namespace",
    "CustomObjectBulkJobRequestOperation": "custom_object_bulk_job_request_operation",
    "CustomObjectBulkJobResponse": "custom_object_bulk_job_response",
    "CustomObjectBulkJobResponseCollection": "custom_object_bulk_job_response_collection",
    "CustomObjectBulkJobResponseError": "custom_object_bulk_job_response_error",
    "CustomObjectBulkJobResponseNamespace": "custom_object_bulk_job_response_namespace",
    "CustomObjectBulkJobResponseOperation": "custom_object_bulk_job_response_operation",
    "CustomObjectBulkJobResponseStatus": "custom_object_bulk_job_response_status",
    "CustomObjectRecordWithAllFields": "custom_object_record_with_all_fields",
    "ProxyUnauthorizedResponse": "proxy_unauthorized_response",
}

__all__ = [
    "CommonErrorResponse",
    "CustomObjectBulkDeleteFilter",
    "CustomObjectBulkDeleteFilterCondition",
    "CustomObjectBulkDeleteFilterConditionOperator",
    "CustomObjectBulkJobErrorResponse",
    "CustomObjectBulkJobErrorResponseCollection",
    "CustomObjectBulkJobRequest",
    "CustomObjectBulkJobRequestNamespace",
    "CustomObjectBulkJobRequestOperation",
    "CustomObjectBulkJobResponse",
    "CustomObjectBulkJobResponseCollection",
    "CustomObjectBulkJobResponseError",
    "CustomObjectBulkJobResponseNamespace",
    "CustomObjectBulkJobResponseOperation",
    "CustomObjectBulkJobResponseStatus",
    "CustomObjectRecordWithAllFields",
    "ProxyUnauthorizedResponse",
]


if not TYPE_CHECKING:  # type checkers see the names imported below instead

    def __getattr__(name: str) -> Any:
        module = _WHERE.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from zuora_sdk.models.common_error_response import CommonErrorResponse
    from zuora_sdk.models.custom_object_bulk_delete_filter import CustomObjectBulkDeleteFilter
    from zuora_sdk.models.custom_object_bulk_delete_filter_condition import CustomObjectBulkDeleteFilterCondition
    from zuora_sdk.models.custom_object_bulk_delete_filter_condition_operator import (
        CustomObjectBulkDeleteFilterConditionOperator,
    )
    from zuora_sdk.models.custom_object_bulk_job_error_response import CustomObjectBulkJobErrorResponse
    from zuora_sdk.models.custom_object_bulk_job_error_response_collection import (
        CustomObjectBulkJobErrorResponseCollection,
    )
    from zuora_sdk.models.custom_object_bulk_job_request import CustomObjectBulkJobRequest
    from zuora_sdk.models.custom_object_bulk_job_request_namespace import CustomObjectBulkJobRequestNamespace
    from zuora_sdk.models.custom_object_bulk_job_request_operation import CustomObjectBulkJobRequestOperation
    from zuora_sdk.models.custom_object_bulk_job_response import CustomObjectBulkJobResponse
    from zuora_sdk.models.custom_object_bulk_job_response_collection import CustomObjectBulkJobResponseCollection
    from zuora_sdk.models.custom_object_bulk_job_response_error import CustomObjectBulkJobResponseError
    from zuora_sdk.models.custom_object_bulk_job_response_namespace import CustomObjectBulkJobResponseNamespace
    from zuora_sdk.models.custom_object_bulk_job_response_operation import CustomObjectBulkJobResponseOperation
    from zuora_sdk.models.custom_object_bulk_job_response_status import CustomObjectBulkJobResponseStatus
    from zuora_sdk.models.custom_object_record_with_all_fields import CustomObjectRecordWithAllFields
    from zuora_sdk.models.proxy_unauthorized_response import ProxyUnauthorizedResponse
