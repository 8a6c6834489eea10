"""The six Custom Object Jobs endpoints.

Each endpoint is one :class:`~zuora_sdk.operation.Operation` below; each method's signature is
the contract users code against (names and positional order as the generated SDK), and its
``_with_http_info`` / ``_without_preload_content`` variants are derived from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union

from typing_extensions import Unpack

from zuora_sdk.api_client import ApiClient
from zuora_sdk.bodies import UploadSource
from zuora_sdk.exceptions import ApiTypeError
from zuora_sdk.operation import (
    Mode,
    Operation,
    RequestOptions,
    WriteSafety,
    with_http_info,
    without_preload_content,
)

if TYPE_CHECKING:
    from zuora_sdk.api_response import ApiResponse
    from zuora_sdk.models import (
        CustomObjectBulkJobErrorResponseCollection,
        CustomObjectBulkJobRequest,
        CustomObjectBulkJobResponse,
        CustomObjectBulkJobResponseCollection,
    )

_PASSED_ON = ("zuora_track_id", "zuora_entity_ids", "zuora_org_ids", "authorization", "zuora_version")


def _read_back(client: ApiClient, args: Mapping[str, Any]) -> ApiResponse[CustomObjectBulkJobResponse]:
    headers = {name: args.get(name) for name in _PASSED_ON}
    result: ApiResponse[CustomObjectBulkJobResponse] = client.call(
        GET_JOB, {"id": args["id"], **headers, "options": {"_mode": Mode.INFO}}
    )
    return result


def _upload_took_effect(client: ApiClient, args: Mapping[str, Any]) -> ApiResponse[CustomObjectBulkJobResponse] | None:
    # A job leaves `pending` only when it has taken its one file.
    job = _read_back(client, args)
    return job if job.data.status in ("in_progress", "completed", "failed") else None


def _cancel_took_effect(client: ApiClient, args: Mapping[str, Any]) -> ApiResponse[CustomObjectBulkJobResponse] | None:
    job = _read_back(client, args)
    return job if job.data.status == "cancelled" else None


LIST_JOBS = Operation(
    "get_all_custom_object_bulk_jobs", "GET", "/objects/jobs", "CustomObjectBulkJobResponseCollection",
    query={"page_size": "pageSize", "cursor": "cursor", "status": "status"},
)
GET_JOB = Operation("get_custom_object_bulk_job", "GET", "/objects/jobs/{id}", "CustomObjectBulkJobResponse")
GET_JOB_ERRORS = Operation(
    "get_custom_object_bulk_job_errors", "GET", "/objects/jobs/{id}/errors",
    "CustomObjectBulkJobErrorResponseCollection",
)
CANCEL_JOB = Operation(
    "p_atch_custom_object_bulk_job", "PATCH", "/objects/jobs/{id}/cancel", "CustomObjectBulkJobResponse",
    safety=WriteSafety.RECONCILE, reconcile=_cancel_took_effect,
)
SUBMIT_JOB = Operation(
    "post_custom_object_bulk_job", "POST", "/objects/jobs", "CustomObjectBulkJobResponse",
    body="custom_object_bulk_job_request", safety=WriteSafety.NEVER_REPLAY, starts_job=True,
)
UPLOAD_FILE = Operation(
    "post_upload_file_for_custom_object_bulk_job", "POST", "/objects/jobs/{id}/files", "CustomObjectBulkJobResponse",
    file="file", safety=WriteSafety.RECONCILE, reconcile=_upload_took_effect, upload=True,
)


class CustomObjectJobsApi:
    """Submit, upload to, inspect, list and cancel custom object bulk jobs."""

    def __init__(self, api_client: ApiClient | None = None) -> None:
        self.api_client = api_client if api_client is not None else ApiClient.get_default()
        if not isinstance(self.api_client, ApiClient):
            raise ApiTypeError(f"api_client must be an ApiClient, not {type(api_client).__name__}")

    def get_all_custom_object_bulk_jobs(
        self,
        accept_encoding: Optional[str] = None,
        content_encoding: Optional[str] = None,
        zuora_track_id: Optional[str] = None,
        zuora_entity_ids: Optional[str] = None,
        authorization: Optional[str] = None,
        zuora_version: Optional[str] = None,
        page_size: Optional[int] = None,
        cursor: Optional[str] = None,
        status: Optional[str] = None,
        zuora_org_ids: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> CustomObjectBulkJobResponseCollection:
        """List all custom object bulk jobs: newest first, ``page_size`` (1-100) per page; pass the
        previous page's ``cursor`` for the next page. ``status`` filters by job status."""
        return self.api_client.call(LIST_JOBS, locals())  # type: ignore[no-any-return]

    def get_custom_object_bulk_job(
        self,
        id: str,
        accept_encoding: Optional[str] = None,
        content_encoding: Optional[str] = None,
        zuora_track_id: Optional[str] = None,
        zuora_entity_ids: Optional[str] = None,
        authorization: Optional[str] = None,
        zuora_version: Optional[str] = None,
        zuora_org_ids: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> CustomObjectBulkJobResponse:
        """Retrieve a custom object bulk job by its ID (needs "View Custom Objects")."""
        return self.api_client.call(GET_JOB, locals())  # type: ignore[no-any-return]

    def get_custom_object_bulk_job_errors(
        self,
        id: str,
        accept_encoding: Optional[str] = None,
        content_encoding: Optional[str] = None,
        zuora_track_id: Optional[str] = None,
        zuora_entity_ids: Optional[str] = None,
        authorization: Optional[str] = None,
        zuora_version: Optional[str] = None,
        zuora_org_ids: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> CustomObjectBulkJobErrorResponseCollection:
        """List all errors for a custom object bulk job: one per failed CSV row (``row`` counts
        the header as row 1), with the offending ``record``."""
        return self.api_client.call(GET_JOB_ERRORS, locals())  # type: ignore[no-any-return]

    def p_atch_custom_object_bulk_job(
        self,
        id: str,
        idempotency_key: Optional[str] = None,
        accept_encoding: Optional[str] = None,
        content_encoding: Optional[str] = None,
        zuora_track_id: Optional[str] = None,
        zuora_entity_ids: Optional[str] = None,
        authorization: Optional[str] = None,
        zuora_version: Optional[str] = None,
        zuora_org_ids: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> CustomObjectBulkJobResponse:
        """Cancel a custom object bulk job; only an ``accepted`` or ``pending`` job can be cancelled.

        If the answer is lost, the job is read back: when it shows ``cancelled``, that job is returned."""
        return self.api_client.call(CANCEL_JOB, locals())  # type: ignore[no-any-return]

    def post_custom_object_bulk_job(
        self,
        custom_object_bulk_job_request: Union[CustomObjectBulkJobRequest, Mapping[str, Any]],
        idempotency_key: Optional[str] = None,
        accept_encoding: Optional[str] = None,
        content_encoding: Optional[str] = None,
        zuora_track_id: Optional[str] = None,
        zuora_entity_ids: Optional[str] = None,
        authorization: Optional[str] = None,
        zuora_version: Optional[str] = None,
        zuora_org_ids: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> CustomObjectBulkJobResponse:
        """Submit a custom object bulk job (create, update, or delete by filter).

        At most 5 jobs per tenant may be active. A submit whose answer is lost is not sent again
        (the server may ignore ``Idempotency-Key`` here): it raises ``OutcomeUnknownError``."""
        return self.api_client.call(SUBMIT_JOB, locals())  # type: ignore[no-any-return]

    def post_upload_file_for_custom_object_bulk_job(
        self,
        content_type: str,
        id: str,
        file: UploadSource,
        idempotency_key: Optional[str] = None,
        accept_encoding: Optional[str] = None,
        content_encoding: Optional[str] = None,
        zuora_track_id: Optional[str] = None,
        zuora_entity_ids: Optional[str] = None,
        authorization: Optional[str] = None,
        zuora_version: Optional[str] = None,
        zuora_org_ids: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> CustomObjectBulkJobResponse:
        """Upload the CSV file of a ``pending`` create or update job (one file per job).

        ``file`` may be CSV text, bytes, a path, a binary or text file object, or an iterable of
        rows (dicts, or sequences after a header row); it is streamed, never read whole.
        ``content_encoding="gzip"`` compresses it on the fly."""
        return self.api_client.call(UPLOAD_FILE, locals())  # type: ignore[no-any-return]

    cancel_custom_object_bulk_job = p_atch_custom_object_bulk_job

    get_all_custom_object_bulk_jobs_with_http_info = with_http_info(get_all_custom_object_bulk_jobs)
    get_custom_object_bulk_job_with_http_info = with_http_info(get_custom_object_bulk_job)
    get_custom_object_bulk_job_errors_with_http_info = with_http_info(get_custom_object_bulk_job_errors)
    p_atch_custom_object_bulk_job_with_http_info = with_http_info(p_atch_custom_object_bulk_job)
    cancel_custom_object_bulk_job_with_http_info = p_atch_custom_object_bulk_job_with_http_info
    post_custom_object_bulk_job_with_http_info = with_http_info(post_custom_object_bulk_job)
    post_upload_file_for_custom_object_bulk_job_with_http_info = with_http_info(
        post_upload_file_for_custom_object_bulk_job
    )

    get_all_custom_object_bulk_jobs_without_preload_content = without_preload_content(get_all_custom_object_bulk_jobs)
    get_custom_object_bulk_job_without_preload_content = without_preload_content(get_custom_object_bulk_job)
    get_custom_object_bulk_job_errors_without_preload_content = without_preload_content(
        get_custom_object_bulk_job_errors
    )
    p_atch_custom_object_bulk_job_without_preload_content = without_preload_content(p_atch_custom_object_bulk_job)
    cancel_custom_object_bulk_job_without_preload_content = p_atch_custom_object_bulk_job_without_preload_content
    post_custom_object_bulk_job_without_preload_content = without_preload_content(post_custom_object_bulk_job)
    post_upload_file_for_custom_object_bulk_job_without_preload_content = without_preload_content(
        post_upload_file_for_custom_object_bulk_job
    )
