"""Uploading a job's CSV after the checks that are cheap to make before sending it."""

from __future__ import annotations

import csv
import io
import itertools
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from zuora_sdk._core.frames import frame_records, is_frame
from zuora_sdk.exceptions import ApiValueError

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from zuora_sdk._core.bodies import UploadSource
    from zuora_sdk._core.operation import CallOptions
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.models import CustomObjectBulkJobResponse


def upload_csv(
    api: CustomObjectJobsApi,
    job: str | CustomObjectBulkJobResponse,
    file: UploadSource,
    *,
    content_encoding: str | None = None,
    **kwargs: Unpack[CallOptions],
) -> CustomObjectBulkJobResponse:
    """Upload ``file`` to a job after checking what would make Zuora refuse it.

    ``job`` is a job or its id (then it is read first). Checked before sending: the job is a
    ``pending`` create or update job, the file has a header row, and an update's header has an
    ``Id`` column. The size limit is checked as the file streams (see ``Configuration.max_file_bytes``).
    """
    if isinstance(job, str):
        job = api.get_custom_object_bulk_job(job)
    if job.id is None:
        raise ApiValueError("job has no Id")
    if str(job.operation) not in ("create", "update"):
        raise ApiValueError(f"job {job.id} is a {job.operation} job: only create and update jobs take a file")
    if str(job.status) != "pending":
        raise ApiValueError(f"job {job.id} is {job.status}: a job takes its one file while it is pending")
    header, file = peek_header(file)
    if header is not None:
        if not any(str(name).strip() for name in header):
            raise ApiValueError("file has no CSV header row")
        if str(job.operation) == "update" and not any(str(name).strip().lower() == "id" for name in header):
            raise ApiValueError("an update file needs an Id column: the header has " + ", ".join(map(str, header)))
    return api.post_upload_file_for_custom_object_bulk_job(
        "text/csv", job.id, file, content_encoding=content_encoding, **kwargs
    )


def peek_header(file: Any) -> tuple[list[Any] | None, Any]:
    """The header row of an upload's ``file`` when it can be read without using the file up.

    Returns the header (or None when it cannot be seen) and the file to send in its place (an
    iterator of rows is rebuilt around the row that was read).
    """
    if isinstance(file, str):
        return _first_record(io.StringIO(file, newline="")), file
    if isinstance(file, (bytes, bytearray, memoryview)):
        head = bytes(file[: 64 * 1024])
        return _first_record(io.StringIO(head.decode("utf-8-sig", errors="replace"), newline="")), file
    if isinstance(file, os.PathLike):
        with open(file, encoding="utf-8-sig", errors="replace", newline="") as fh:
            return _first_record(fh), file
    if hasattr(file, "read"):
        return _peek_file(file), file
    if is_frame(file):  # a DataFrame or an Arrow table: its columns
        return frame_records(file, "file")[0], file
    if isinstance(file, Iterable):
        rows = iter(file)
        first = next(rows, None)
        if first is None:
            return [], file
        header = list(first) if isinstance(first, Mapping) else [str(cell) for cell in first]
        return header, file if isinstance(file, (list, tuple)) else itertools.chain([first], rows)
    return None, file


def _peek_file(fh: Any) -> list[Any] | None:
    try:
        if not fh.seekable():
            return None
        start = fh.tell()
    except (OSError, ValueError):
        return None
    line = fh.readline()
    fh.seek(start)
    if isinstance(line, bytes):
        line = line.decode("utf-8-sig", errors="replace")
    return _first_record(io.StringIO(line, newline=""))


def _first_record(text: Any) -> list[Any]:
    return next(csv.reader(text), [])
