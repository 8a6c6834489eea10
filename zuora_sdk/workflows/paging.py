"""Lazy iteration over every job (across pages) and over a job's row errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zuora_sdk import constants
from zuora_sdk.exceptions import ApiValueError

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.models import CustomObjectBulkJobErrorResponse, CustomObjectBulkJobResponse
    from zuora_sdk.operation import CallOptions


def iter_jobs(
    api: CustomObjectJobsApi,
    *,
    status: str | None = None,
    page_size: int = constants.MAX_PAGE_SIZE,
    limit: int | None = None,
    **kwargs: Unpack[CallOptions],
) -> Iterator[CustomObjectBulkJobResponse]:
    """Yield every job, newest first, fetching one page at a time as the caller goes.

    Stops after ``limit`` jobs, or when the server's cursor is absent, empty or repeated (so a
    server that keeps answering the same cursor cannot loop forever). Other keyword arguments
    (headers, ``_request_timeout``, ...) are passed to every page request.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ApiValueError(f"limit must be a non-negative integer, not {limit!r}")
    yielded = 0
    cursor: str | None = None
    seen: set[str] = set()
    while limit is None or yielded < limit:
        page = api.get_all_custom_object_bulk_jobs(page_size=page_size, cursor=cursor, status=status, **kwargs)
        for job in page.jobs or []:
            if limit is not None and yielded >= limit:
                return
            yielded += 1
            yield job
        cursor = page.cursor
        if not cursor or cursor in seen or not page.jobs:
            return
        seen.add(cursor)


def iter_job_errors(
    api: CustomObjectJobsApi, job_id: str, **kwargs: Unpack[CallOptions]
) -> Iterator[CustomObjectBulkJobErrorResponse]:
    """Yield a job's row errors (Zuora returns them in one response; there is no paging)."""
    yield from api.get_custom_object_bulk_job_errors(job_id, **kwargs).errors or []
