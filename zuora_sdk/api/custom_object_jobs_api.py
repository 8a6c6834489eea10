"""The six Custom Object Jobs endpoints.

Each endpoint is one :class:`~zuora_sdk._core.operation.Operation` below; each method's signature is
the contract users code against (names and positional order as the generated SDK), and its
``_with_http_info`` / ``_without_preload_content`` variants are derived from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union

from typing_extensions import Unpack

from zuora_sdk._core.bodies import UploadSource
from zuora_sdk._core.operation import (
    Operation,
    ReadBack,
    RequestOptions,
    WriteSafety,
    with_http_info,
    without_preload_content,
)
from zuora_sdk.api_client import ApiClient
from zuora_sdk.exceptions import ApiTypeError

if TYPE_CHECKING:
    from zuora_sdk.models import (
        CustomObjectBulkJobErrorResponseCollection,
        CustomObjectBulkJobRequest,
        CustomObjectBulkJobResponse,
        CustomObjectBulkJobResponseCollection,
    )

def _job() -> type[CustomObjectBulkJobResponse]:
    from zuora_sdk.models.custom_object_bulk_job_response import CustomObjectBulkJobResponse

    return CustomObjectBulkJobResponse


def _jobs() -> type[CustomObjectBulkJobResponseCollection]:
    from zuora_sdk.models.custom_object_bulk_job_response_collection import CustomObjectBulkJobResponseCollection

    return CustomObjectBulkJobResponseCollection


def _job_errors() -> type[CustomObjectBulkJobErrorResponseCollection]:
    from zuora_sdk.models.custom_object_bulk_job_error_response_collection import (
        CustomObjectBulkJobErrorResponseCollection,
    )

    return CustomObjectBulkJobErrorResponseCollection


LIST_JOBS = Operation(
    "get_all_custom_object_bulk_jobs", "GET", "/objects/jobs", _jobs,
    query={"page_size": "pageSize", "cursor": "cursor", "status": "status"},
)
GET_JOB = Operation("get_custom_object_bulk_job", "GET", "/objects/jobs/{id}", _job)
GET_JOB_ERRORS = Operation("get_custom_object_bulk_job_errors", "GET", "/objects/jobs/{id}/errors", _job_errors)
CANCEL_JOB = Operation(
    "p_atch_custom_object_bulk_job", "PATCH", "/objects/jobs/{id}/cancel", _job,
    safety=WriteSafety.RECONCILE, read_back=ReadBack(GET_JOB, frozenset({"cancelled"})),
)
SUBMIT_JOB = Operation(
    "post_custom_object_bulk_job", "POST", "/objects/jobs", _job,
    body="custom_object_bulk_job_request", safety=WriteSafety.NEVER_REPLAY, starts_job=True,
)
UPLOAD_FILE = Operation(
    "post_upload_file_for_custom_object_bulk_job", "POST", "/objects/jobs/{id}/files", _job,
    file="file", safety=WriteSafety.RECONCILE, upload=True,
    # A job leaves `pending` only when it has taken its one file.
    read_back=ReadBack(GET_JOB, frozenset({"in_progress", "completed", "failed"})),
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
        return self.api_client.call(
            LIST_JOBS,
            {
                "accept_encoding": accept_encoding,
                "content_encoding": content_encoding,
                "zuora_track_id": zuora_track_id,
                "zuora_entity_ids": zuora_entity_ids,
                "authorization": authorization,
                "zuora_version": zuora_version,
                "page_size": page_size,
                "cursor": cursor,
                "status": status,
                "zuora_org_ids": zuora_org_ids,
            },
            options,
        )

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
        return self.api_client.call(
            GET_JOB,
            {
                "id": id,
                "accept_encoding": accept_encoding,
                "content_encoding": content_encoding,
                "zuora_track_id": zuora_track_id,
                "zuora_entity_ids": zuora_entity_ids,
                "authorization": authorization,
                "zuora_version": zuora_version,
                "zuora_org_ids": zuora_org_ids,
            },
            options,
        )

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
        return self.api_client.call(
            GET_JOB_ERRORS,
            {
                "id": id,
                "accept_encoding": accept_encoding,
                "content_encoding": content_encoding,
                "zuora_track_id": zuora_track_id,
                "zuora_entity_ids": zuora_entity_ids,
                "authorization": authorization,
                "zuora_version": zuora_version,
                "zuora_org_ids": zuora_org_ids,
            },
            options,
        )

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
        return self.api_client.call(
            CANCEL_JOB,
            {
                "id": id,
                "idempotency_key": idempotency_key,
                "accept_encoding": accept_encoding,
                "content_encoding": content_encoding,
                "zuora_track_id": zuora_track_id,
                "zuora_entity_ids": zuora_entity_ids,
                "authorization": authorization,
                "zuora_version": zuora_version,
                "zuora_org_ids": zuora_org_ids,
            },
            options,
        )

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
        return self.api_client.call(
            SUBMIT_JOB,
            {
                "custom_object_bulk_job_request": custom_object_bulk_job_request,
                "idempotency_key": idempotency_key,
                "accept_encoding": accept_encoding,
                "content_encoding": content_encoding,
                "zuora_track_id": zuora_track_id,
                "zuora_entity_ids": zuora_entity_ids,
                "authorization": authorization,
                "zuora_version": zuora_version,
                "zuora_org_ids": zuora_org_ids,
            },
            options,
        )

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
        return self.api_client.call(
            UPLOAD_FILE,
            {
                "content_type": content_type,
                "id": id,
                "file": file,
                "idempotency_key": idempotency_key,
                "accept_encoding": accept_encoding,
                "content_encoding": content_encoding,
                "zuora_track_id": zuora_track_id,
                "zuora_entity_ids": zuora_entity_ids,
                "authorization": authorization,
                "zuora_version": zuora_version,
                "zuora_org_ids": zuora_org_ids,
            },
            options,
        )

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
