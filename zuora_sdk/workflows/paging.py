"""Lazy iteration over every job (across pages) and over a job's row errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from zuora_sdk._core import constants
from zuora_sdk._core.json_stream import iter_array
from zuora_sdk._core.operation import Mode, variant
from zuora_sdk._core.retry import RetryPolicy
from zuora_sdk.exceptions import ApiConnectionError, ApiException, ApiValueError

logger = logging.getLogger("zuora_sdk")

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from zuora_sdk._core.operation import CallOptions
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.models import CustomObjectBulkJobErrorResponse, CustomObjectBulkJobResponse


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
    """Yield a job's row errors as they arrive.

    Zuora answers them all at once, without paging (the errors of a million failed rows come to a
    few hundred MB), so the answer is read as a stream: memory holds a chunk and one error at a
    time, whatever its size (up to ``Configuration.max_response_bytes``). A connection lost part
    way is asked again, as the call's retry policy allows, skipping the errors already yielded.
    Other keyword arguments (headers, ``_request_timeout``, ...) are passed to the call.
    """
    from zuora_sdk.models import CustomObjectBulkJobErrorResponse

    stream = variant(type(api).get_custom_object_bulk_job_errors, Mode.STREAM)
    policy = RetryPolicy.of(kwargs.get("_retries"), api.api_client.configuration.retry_policy)
    yielded = resumed = 0
    while True:
        chunks = stream(api, job_id, **kwargs)
        try:
            for seen, item in enumerate(_items(chunks), 1):
                if seen > yielded:
                    yielded = seen
                    yield CustomObjectBulkJobErrorResponse.from_dict(item)
            return
        except ApiConnectionError as exc:
            if resumed >= policy.max_retries:
                raise
            wait = policy.backoff(resumed)
            resumed += 1
            logger.info("job %s errors: the answer broke off after %d errors (%s); asking again in %.2fs",
                        job_id, yielded, exc, wait)
            api.api_client.configuration.sleep(wait)
        finally:
            chunks.close()


def _items(chunks: Iterator[bytes]) -> Iterator[Any]:
    items = iter_array(chunks, "errors")
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except ValueError as exc:
            raise ApiException(reason=f"the errors answer is not valid JSON: {exc}") from None
        yield item
