"""zuora_sdk: a client for Zuora's Custom Object Jobs API.

Names are imported on first use, so ``import zuora_sdk`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_MODELS = (
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
)
_EXCEPTIONS = (
    "OpenApiException",
    "ApiTypeError",
    "ApiValueError",
    "ApiKeyError",
    "ApiAttributeError",
    "ApiException",
    "BadRequestException",
    "UnauthorizedException",
    "ForbiddenException",
    "NotFoundException",
    "ConflictException",
    "UnprocessableEntityException",
    "RateLimitException",
    "ServiceException",
    "ApiConnectionError",
    "ApiTimeoutError",
    "AuthenticationError",
    "InsecureTransportError",
    "OutcomeUnknownError",
    "JobWaitTimeout",
    "JobFailedError",
    "BulkLoadError",
)
_WORKFLOWS = (
    "BulkLoader",
    "FailedRow",
    "LoadProgress",
    "LoadReport",
    "PartResult",
    "iter_job_errors",
    "iter_jobs",
    "load_records",
    "raise_for_job",
    "upload_csv",
    "wait_for_job",
)

# public name -> module that defines it
_WHERE: dict[str, str] = {
    "Configuration": "zuora_sdk.configuration",
    "Environment": "zuora_sdk.configuration",
    "ApiClient": "zuora_sdk.api_client",
    "ApiResponse": "zuora_sdk.api_response",
    "RateLimitInfo": "zuora_sdk.api_response",
    "CustomObjectJobsApi": "zuora_sdk.api.custom_object_jobs_api",
    "RetryPolicy": "zuora_sdk.retry",
    "FileTooLargeError": "zuora_sdk.bodies",
    **{name: "zuora_sdk.exceptions" for name in _EXCEPTIONS},
    **{name: "zuora_sdk.models" for name in _MODELS},
    **{name: "zuora_sdk.workflows" for name in _WORKFLOWS},
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'zuora_sdk' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


if TYPE_CHECKING:
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.api_client import ApiClient
    from zuora_sdk.api_response import ApiResponse, RateLimitInfo
    from zuora_sdk.bodies import FileTooLargeError
    from zuora_sdk.configuration import Configuration, Environment
    from zuora_sdk.exceptions import (
        ApiAttributeError,
        ApiConnectionError,
        ApiException,
        ApiKeyError,
        ApiTimeoutError,
        ApiTypeError,
        ApiValueError,
        AuthenticationError,
        BadRequestException,
        BulkLoadError,
        ConflictException,
        ForbiddenException,
        InsecureTransportError,
        JobFailedError,
        JobWaitTimeout,
        NotFoundException,
        OpenApiException,
        OutcomeUnknownError,
        RateLimitException,
        ServiceException,
        UnauthorizedException,
        UnprocessableEntityException,
    )
    from zuora_sdk.models import (
        CommonErrorResponse,
        CustomObjectBulkDeleteFilter,
        CustomObjectBulkDeleteFilterCondition,
        CustomObjectBulkDeleteFilterConditionOperator,
        CustomObjectBulkJobErrorResponse,
        CustomObjectBulkJobErrorResponseCollection,
        CustomObjectBulkJobRequest,
        CustomObjectBulkJobRequestNamespace,
        CustomObjectBulkJobRequestOperation,
        CustomObjectBulkJobResponse,
        CustomObjectBulkJobResponseCollection,
        CustomObjectBulkJobResponseError,
        CustomObjectBulkJobResponseNamespace,
        CustomObjectBulkJobResponseOperation,
        CustomObjectBulkJobResponseStatus,
        CustomObjectRecordWithAllFields,
        ProxyUnauthorizedResponse,
    )
    from zuora_sdk.workflows import (
        BulkLoader,
        FailedRow,
        LoadProgress,
        LoadReport,
        PartResult,
        iter_job_errors,
        iter_jobs,
        load_records,
        raise_for_job,
        upload_csv,
        wait_for_job,
    )
