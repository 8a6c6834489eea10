"""zuora_sdk: a client for Zuora's Custom Object Jobs API.

Names are imported on first use, so ``import zuora_sdk`` stays cheap.
"""

from __future__ import annotations

import importlib
import os as _os  # loaded with the interpreter already: free to import
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
_DISTRIBUTION = "zuora-sdk-jobs"  # which of the two distributions that install zuora_sdk this is

# The official zuora-sdk installs this folder too: one stat notices its files mixed into ours (the
# file is _core.install_check.OFFICIAL_ONLY; that module, imported only then, explains the repair).
if _os.path.exists(_os.path.join(_os.path.dirname(__file__), "api", "accounts_api.py")):
    import zuora_sdk._core.install_check  # raises MixedInstallationError, with the repair

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
    "JobSlotsFullError",
    "ServiceException",
    "ApiConnectionError",
    "ApiTimeoutError",
    "AuthenticationError",
    "InsecureTransportError",
    "MissingCredentialsError",
    "ResponseTooLargeError",
    "OutcomeUnknownError",
    "UnexpectedResponseError",
)
_WORKFLOW_ERRORS = ("JobWaitTimeout", "JobFailedError", "BulkLoadError")
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

# public name -> module that defines it; the model names are not repeated here: see _model_names
_WHERE: dict[str, str] = {
    "Configuration": "zuora_sdk.configuration",
    "Environment": "zuora_sdk.configuration",
    "ApiClient": "zuora_sdk.api_client",
    "ApiResponse": "zuora_sdk.api_response",
    "RateLimitInfo": "zuora_sdk.api_response",
    "CustomObjectJobsApi": "zuora_sdk.api.custom_object_jobs_api",
    "RetryPolicy": "zuora_sdk._core.retry",
    "FileTooLargeError": "zuora_sdk._core.bodies",
    **{name: "zuora_sdk.exceptions" for name in _EXCEPTIONS},
    **{name: "zuora_sdk.workflows.errors" for name in _WORKFLOW_ERRORS},
    **{name: "zuora_sdk.workflows" for name in _WORKFLOWS},
}

# Subpackages and modules reachable as attributes (``zuora_sdk.models.X``) after ``import zuora_sdk``.
_SUBMODULES = frozenset(
    {"api", "api_client", "api_response", "configuration", "exceptions", "models", "rest", "testing", "workflows",
     "zuora_client"}
)


def _model_names() -> tuple[str, ...]:
    """The model names, from their one list: ``zuora_sdk.models.__all__`` (that package loads no pydantic)."""
    return tuple(importlib.import_module("zuora_sdk.models").__all__)


if not TYPE_CHECKING:  # type checkers see the names imported below instead

    def __getattr__(name: str) -> Any:
        if name in _SUBMODULES:
            return importlib.import_module(f"zuora_sdk.{name}")
        if name in ("__all__", "_MODELS"):
            # Made on first use, so that a bare ``import zuora_sdk`` does not load zuora_sdk.models.
            value = sorted({*_WHERE, *_model_names()}) if name == "__all__" else _model_names()
        else:
            module = _WHERE.get(name)
            if module is None:
                # Only a class name can be a model: `from zuora_sdk import <submodule>` asks here first.
                if not name[:1].isupper() or name not in _model_names():
                    raise AttributeError(f"module 'zuora_sdk' has no attribute {name!r}")
                module = "zuora_sdk.models"
            value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE) | set(_model_names()) | _SUBMODULES)


if TYPE_CHECKING:
    from zuora_sdk import (
        api as api,
        api_client as api_client,
        api_response as api_response,
        configuration as configuration,
        exceptions as exceptions,
        models as models,
        rest as rest,
        testing as testing,
        workflows as workflows,
        zuora_client as zuora_client,
    )
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi as CustomObjectJobsApi
    from zuora_sdk.api_client import ApiClient as ApiClient
    from zuora_sdk.api_response import ApiResponse as ApiResponse, RateLimitInfo as RateLimitInfo
    from zuora_sdk._core.bodies import FileTooLargeError as FileTooLargeError
    from zuora_sdk.configuration import Configuration as Configuration, Environment as Environment
    from zuora_sdk.exceptions import (
        ApiAttributeError as ApiAttributeError,
        ApiConnectionError as ApiConnectionError,
        ApiException as ApiException,
        ApiKeyError as ApiKeyError,
        ApiTimeoutError as ApiTimeoutError,
        ApiTypeError as ApiTypeError,
        ApiValueError as ApiValueError,
        AuthenticationError as AuthenticationError,
        BadRequestException as BadRequestException,
        ConflictException as ConflictException,
        ForbiddenException as ForbiddenException,
        InsecureTransportError as InsecureTransportError,
        JobSlotsFullError as JobSlotsFullError,
        MissingCredentialsError as MissingCredentialsError,
        NotFoundException as NotFoundException,
        OpenApiException as OpenApiException,
        OutcomeUnknownError as OutcomeUnknownError,
        RateLimitException as RateLimitException,
        ResponseTooLargeError as ResponseTooLargeError,
        ServiceException as ServiceException,
        UnauthorizedException as UnauthorizedException,
        UnexpectedResponseError as UnexpectedResponseError,
        UnprocessableEntityException as UnprocessableEntityException,
    )
    from zuora_sdk.models import *  # noqa: F403  (the names of zuora_sdk.models.__all__)
    from zuora_sdk.workflows.errors import (
        BulkLoadError as BulkLoadError,
        JobFailedError as JobFailedError,
        JobWaitTimeout as JobWaitTimeout,
    )
    from zuora_sdk.workflows import (
        BulkLoader as BulkLoader,
        FailedRow as FailedRow,
        LoadProgress as LoadProgress,
        LoadReport as LoadReport,
        PartResult as PartResult,
        iter_job_errors as iter_job_errors,
        iter_jobs as iter_jobs,
        load_records as load_records,
        raise_for_job as raise_for_job,
        upload_csv as upload_csv,
        wait_for_job as wait_for_job,
    )
