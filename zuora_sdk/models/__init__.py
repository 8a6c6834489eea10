"""The models of the Custom Object Jobs API, one module per model (``zuora_sdk.models.<snake_name>``).

Names are imported on first use: ``import zuora_sdk.models`` does not import pydantic.
"""

import importlib
from typing import TYPE_CHECKING, Any, List

# The one list of the model names; zuora_sdk and the type checkers' imports below derive from it. Each
# model lives in the module named after it in snake_case (CommonErrorResponse: common_error_response).
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


def _module_of(name: str) -> str:
    """The module that defines a model: ``CustomObjectBulkJobResponse`` -> ``custom_object_bulk_job_response``."""
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in name).lstrip("_")


if not TYPE_CHECKING:  # type checkers see the names imported below instead

    def __getattr__(name: str) -> Any:
        if name not in __all__:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{_module_of(name)}"), name)
        globals()[name] = value
        return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # the names of __all__ once more, for type checkers (a test holds the two lists equal)
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
