"""What the workflow helpers raise besides the client's exceptions: a job that did not finish in
time or failed, a bulk load that stopped. Also ``zuora_sdk.JobWaitTimeout`` and so on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zuora_sdk.exceptions import OpenApiException

if TYPE_CHECKING:
    from zuora_sdk.models.custom_object_bulk_job_error_response import CustomObjectBulkJobErrorResponse
    from zuora_sdk.models.custom_object_bulk_job_response import CustomObjectBulkJobResponse
    from zuora_sdk.workflows.report import LoadReport


class JobWaitTimeout(OpenApiException, TimeoutError):
    """A job did not reach a final state in time; ``job`` is the last state seen."""

    def __init__(self, message: str, job: CustomObjectBulkJobResponse | None) -> None:
        super().__init__(message)
        self.job = job


class JobFailedError(OpenApiException):
    """A job ended ``failed`` (or was cancelled when completion was required).

    ``job`` is the final job, ``errors`` the first row errors Zuora reported for it.
    """

    def __init__(
        self,
        message: str,
        job: CustomObjectBulkJobResponse,
        errors: list[CustomObjectBulkJobErrorResponse] | None = None,
    ) -> None:
        super().__init__(message)
        self.job = job
        self.errors = errors or []


class BulkLoadError(OpenApiException):
    """A bulk load stopped before every part was loaded (a permission error, say).

    ``report`` holds what was done; jobs already running keep running. With a progress file,
    calling the same load again resumes it. ``__cause__`` is the error that stopped it.
    """

    def __init__(self, message: str, report: LoadReport) -> None:
        super().__init__(message)
        self.report = report
