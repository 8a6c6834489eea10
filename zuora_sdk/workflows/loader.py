"""The bulk loader: any number of rows through as many jobs as it takes, within the job limit.

One thread runs the whole load: it cuts the input into part files under the size limit, submits
and uploads parts while fewer than ``max_active_jobs`` of its jobs are running (and waits for one
to finish when Zuora answers 429 for the concurrency limit), polls its jobs, and collects each
job's row errors mapped back to input rows. Every step is written to the progress file first, so
an interrupted load resumes without loading a finished part again.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import os
import pathlib
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import IO, TYPE_CHECKING, Any, Literal, TypedDict

from zuora_sdk import constants
from zuora_sdk.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiTimeoutError,
    ApiTypeError,
    ApiValueError,
    BadRequestException,
    BulkLoadError,
    NotFoundException,
    OutcomeUnknownError,
    RateLimitException,
    ServiceException,
)
from zuora_sdk.models.custom_object_bulk_job_request_namespace import (
    CustomObjectBulkJobRequestNamespace,
    CustomObjectBulkJobRequestNamespaceLiteral,
)
from zuora_sdk.workflows.display import default_load_progress
from zuora_sdk.workflows.paging import iter_job_errors, iter_jobs
from zuora_sdk.workflows.parts import Part, open_input, read_part_rows
from zuora_sdk.workflows.progress_log import ProgressLog
from zuora_sdk.workflows.report import JOB_FAILED, NOT_LOADED, FailedRow, LoadProgress, LoadReport, PartResult
from zuora_sdk.workflows.waiting import PollSchedule, is_terminal, wait_for_job

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.models import CustomObjectBulkDeleteFilter, CustomObjectBulkJobResponse
    from zuora_sdk.workflows.parts import LoadSource

ProgressCallback = Callable[[LoadProgress], None]

# Failures after which a part's upload is tried again: the SDK already retried the request.
_TRANSIENT = (ApiConnectionError, ApiTimeoutError, ServiceException, RateLimitException, OutcomeUnknownError)
_JOBS_SCANNED_WHEN_RECONCILING = 500


def find_submitted_job(
    api: CustomObjectJobsApi,
    object_name: str,
    operation: str,
    sent_after: datetime,
    owned: Iterable[str] = (),
    statuses: Iterable[str] = ("pending",),
) -> CustomObjectBulkJobResponse | None:
    """The job a submit whose answer was lost may have created, if there is one.

    Looks at the newest jobs for one of ``object_name`` and ``operation``, in one of ``statuses``,
    created since ``sent_after`` (less a margin for clock skew), that is not in ``owned``; the
    oldest such job is the likeliest. Another client submitting the same kind of job at the same
    moment could be mistaken for ours: the window is kept narrow for that reason.
    """
    since = sent_after - timedelta(seconds=constants.RECONCILE_CLOCK_SKEW)
    skip, wanted = set(owned), set(statuses)
    found = None
    for job in iter_jobs(api, limit=_JOBS_SCANNED_WHEN_RECONCILING):
        if job.created_date is not None and job.created_date < since:
            break  # newest first: everything after this is older
        if (
            job.id not in skip
            and job.object == object_name
            and str(job.operation) == operation
            and str(job.status) in wanted
        ):
            found = job
    return found


@dataclass
class _Running:
    part: Part
    result: PartResult
    deadline: float


class BulkLoader:
    """Loads rows into one custom object through bulk jobs, and deletes records by filter.

    ``part_bytes`` is the largest job file (default: ``Configuration.max_file_bytes``, 15 MB).
    ``progress_file`` makes a load resumable: run the same load again with the same file after an
    interruption. ``failed_rows_path`` receives every row that was not loaded, with the input's
    header, ready to be fixed and loaded again. ``on_progress`` is called after every step.
    """

    def __init__(
        self,
        api: CustomObjectJobsApi,
        object: str,
        *,
        namespace: CustomObjectBulkJobRequestNamespaceLiteral = "default",
        max_active_jobs: int = constants.MAX_CONCURRENT_JOBS,
        part_bytes: int | None = None,
        content_encoding: str | None = None,
        progress_file: str | os.PathLike[str] | None = None,
        failed_rows_path: str | os.PathLike[str] | None = None,
        on_progress: ProgressCallback | None = None,
        wait_timeout: float | None = constants.LOAD_JOB_TIMEOUT,
        poll_interval: float = constants.POLL_INITIAL,
        max_poll_interval: float = constants.POLL_MAX,
        part_attempts: int = 3,
    ) -> None:
        if not isinstance(object, str) or not object.strip():
            raise ApiValueError(f"object must be a non-empty string, not {object!r}")
        if not CustomObjectBulkJobRequestNamespace.is_known(namespace):
            known = " or ".join(repr(member.value) for member in CustomObjectBulkJobRequestNamespace)
            raise ApiValueError(f"namespace must be {known}, not {namespace!r}")
        limit = api.api_client.configuration.max_file_bytes or constants.MAX_FILE_BYTES
        part_bytes = limit if part_bytes is None else part_bytes
        _check_int("max_active_jobs", max_active_jobs, 1)
        _check_int("part_bytes", part_bytes, 64)
        _check_int("part_attempts", part_attempts, 1)
        if api.api_client.configuration.max_file_bytes and part_bytes > limit:
            raise ApiValueError(f"part_bytes ({part_bytes}) is over Configuration.max_file_bytes ({limit})")
        if content_encoding not in (None, "gzip"):
            raise ApiValueError(f"content_encoding must be None or 'gzip', not {content_encoding!r}")
        PollSchedule(poll_interval, constants.POLL_MULTIPLIER, max_poll_interval)  # checks the intervals
        self.api = api
        self.object = object
        self.namespace = namespace
        self.max_active_jobs = max_active_jobs
        self.part_bytes = part_bytes
        self.content_encoding = content_encoding
        self.progress_file = progress_file
        self.failed_rows_path = os.fspath(failed_rows_path) if failed_rows_path is not None else None
        self.on_progress = on_progress if on_progress is not None else default_load_progress()  # when watched
        self.wait_timeout = wait_timeout
        self.poll_interval = poll_interval
        self.max_poll_interval = max_poll_interval
        self.part_attempts = part_attempts
        # A 429 on submit usually means the tenant's job slots are full: the loader waits for a
        # slot itself rather than sleeping through the quota window's reset on every refusal.
        policy = api.api_client.configuration.retry_policy
        self.submit_policy = dataclasses.replace(policy, statuses=policy.statuses - {429})

    def load(
        self,
        source: LoadSource,
        operation: Literal["create", "update"] = "create",
        *,
        fieldnames: Sequence[str] | None = None,
    ) -> LoadReport:
        """Create or update records from ``source`` and return the report.

        ``source`` is a path (``str`` or ``os.PathLike``), CSV ``bytes``, a binary or text file
        object, an iterable of rows (dicts, or sequences after a header row), or a pandas
        DataFrame or pyarrow Table (values converted as zuora_sdk/frames.py says). An update needs an
        ``Id`` (or ``id``) column. Raises ``BulkLoadError`` (carrying the report so far) when an
        error stops the load, such as a missing permission.
        """
        if operation not in ("create", "update"):
            raise ApiValueError(f"operation must be 'create' or 'update' (use delete() for deletes), not {operation!r}")
        with open_input(source, self.part_bytes, fieldnames) as data:
            if operation == "update" and not any(name.strip().lower() == "id" for name in data.header):
                raise ApiValueError("an update needs an Id column: the header has " + ", ".join(data.header))
            identity = {
                "object": self.object,
                "namespace": self.namespace,
                "operation": operation,
                "part_bytes": self.part_bytes,
                "source": _fingerprint(source),
            }
            log = ProgressLog(self.progress_file, identity)
            with tempfile.TemporaryDirectory(prefix="zuora-load-") as workdir:
                run = _LoadRun(self, operation, data.header, log)
                return run.execute(data.parts(workdir))

    def delete(self, filter: CustomObjectBulkDeleteFilter | dict[str, Any]) -> LoadReport:
        """Delete the records matching ``filter`` (1 or 2 conditions on filterable fields) and wait."""
        from zuora_sdk.models import CustomObjectBulkDeleteFilter, CustomObjectBulkJobRequest

        if not isinstance(filter, CustomObjectBulkDeleteFilter):
            filter = CustomObjectBulkDeleteFilter.from_dict(filter)
        if not filter.conditions:
            raise ApiValueError("filter needs at least one condition")
        request = CustomObjectBulkJobRequest.from_dict(
            {"namespace": self.namespace, "object": self.object, "operation": "delete", "filter": filter}
        )
        report = LoadReport(self.object, "delete")
        result = PartResult(index=0, first_row=0, rows=0)
        report.parts.append(result)
        job = self._submit_for_slot(request, statuses=constants.ACTIVE_STATUSES | constants.TERMINAL_STATUSES)
        result.job_id = job.id
        assert job.id is not None
        job = wait_for_job(
            self.api, job.id, timeout=self.wait_timeout, poll_interval=self.poll_interval,
            max_poll_interval=self.max_poll_interval,
            on_progress=lambda seen: self._emit(LoadProgress(f"job {seen.id} {seen.status}", active_jobs=1)),
        )
        result.status, result.records_processed = str(job.status), job.records_processed
        result.error = f"{job.error.code}: {job.error.message}" if job.error else None
        return report

    def _submit_for_slot(self, request: Any, statuses: Iterable[str]) -> CustomObjectBulkJobResponse:
        """Submit, waiting for a job slot while the tenant has none free."""
        schedule = self._schedule()
        deadline = None if self.wait_timeout is None else time.monotonic() + self.wait_timeout
        unknown = 0
        while True:
            try:
                return self.api.post_custom_object_bulk_job(request, _retries=self.submit_policy)
            except RateLimitException as exc:
                if deadline is not None and time.monotonic() > deadline:
                    raise
                self._emit(LoadProgress("waiting for a free job slot"))
                time.sleep(exc.retry_after if exc.retry_after is not None else schedule.next())
            except OutcomeUnknownError as exc:
                operation = str(request.operation)
                job = find_submitted_job(self.api, self.object, operation, exc.sent_after, statuses=statuses)
                if job is not None:
                    return job
                unknown += 1
                if unknown >= self.part_attempts:
                    raise  # no job to be found, and no answer either: let the caller decide

    def _schedule(self) -> PollSchedule:
        return PollSchedule(self.poll_interval, constants.POLL_MULTIPLIER, self.max_poll_interval)

    def _emit(self, progress: LoadProgress) -> None:
        if self.on_progress is not None:
            self.on_progress(progress)


class _LoadRun:
    """The state of one ``load`` call."""

    def __init__(self, loader: BulkLoader, operation: str, header: list[str], log: ProgressLog) -> None:
        self.loader = loader
        self.api = loader.api
        self.operation = operation
        self.header = header
        self.log = log
        self.report = LoadReport(loader.object, operation, failed_rows_path=loader.failed_rows_path)
        self.active: dict[str, _Running] = {}
        self.rows_read = 0
        self.parts_started = 0
        self._failed_out: IO[str] | None = None
        self._failed_writer: Any = None

    # ----- the loop ------------------------------------------------------------------------------

    def execute(self, parts: Iterator[Part]) -> LoadReport:
        try:
            self._run(parts)
        except (ApiException, ApiValueError, ApiTypeError) as exc:  # a refusal, or an input row that cannot be sent
            self._close()
            if not isinstance(exc, ApiException) and not self.report.parts and not self.active:
                raise  # bad input, and nothing was loaded: the plain error says it all
            done = sum(1 for part in self.report.parts if part.status is not None)
            for running in self.active.values():  # listed with their job ids, so they can be followed
                running.result.error = "still running when the load stopped"
                self.report.parts.append(running.result)
            self.report.parts.sort(key=lambda part: part.index)
            again = "run it again with the same progress file to resume"
            if self.log.path is None:
                again = "no progress file was set"
            raise BulkLoadError(
                f"load stopped after {done} finished part(s) ({exc}); {len(self.active)} job(s) still running; {again}",
                self.report,
            ) from exc
        finally:
            self._close()
        self.log.finish()
        self.report.failed_rows.sort(key=lambda row: row.input_row)
        self.report.parts.sort(key=lambda part: part.index)
        self._emit("load finished")
        return self.report

    def _run(self, parts: Iterator[Part]) -> None:
        schedule = self.loader._schedule()
        waiting: Part | None = None  # a part refused for want of a job slot
        exhausted = False
        starved_since: float | None = None  # when other clients began holding every slot
        while True:
            progressed = False
            while not exhausted and len(self.active) < self.loader.max_active_jobs:
                part = waiting if waiting is not None else next(parts, None)
                waiting = None
                if part is None:
                    exhausted = True
                    break
                if not self._start(part):
                    waiting = part
                    self._emit("waiting for a free job slot")
                    break
                progressed = True
            if exhausted and not self.active:
                return
            if self.active and self._poll():
                progressed = True
            starved_since = self._check_starved(waiting is not None and not self.active, starved_since)
            if progressed:
                schedule.reset()
            else:
                time.sleep(schedule.next())

    def _check_starved(self, starved: bool, since: float | None) -> float | None:
        """Give up when other clients have held every job slot for longer than ``wait_timeout``."""
        if not starved:
            return None
        now = time.monotonic()
        timeout = self.loader.wait_timeout
        if since is not None and timeout is not None and now - since > timeout:
            raise BulkLoadError(
                f"no job slot became free in {timeout:g} s: other jobs hold all of the tenant's slots", self.report
            )
        return now if since is None else since

    # ----- starting a part -----------------------------------------------------------------------

    def _start(self, part: Part) -> bool:
        """Get ``part`` loading (or account for it when it already was); False when no job slot is free."""
        self.rows_read = part.first_row + part.rows - 2
        record = self.log.parts.get(part.index)
        if record is not None:
            seen = (record.get("first_row"), record.get("rows"), record.get("crc"))
            if seen != (part.first_row, part.rows, part.crc):
                raise ApiValueError(
                    f"the input differs from the one in progress file {self.log.path!r} (part {part.index}, "
                    f"input rows {part.first_row}-{part.first_row + part.rows - 1}); delete the file to start over"
                )
            if record["state"] == "done":
                self._account_finished(part, record)
                return True
            if self._resume(part, record):
                return True
        return self._submit(part)

    def _resume(self, part: Part, record: dict[str, Any]) -> bool:
        """Pick up the job a part had when the load was interrupted; False when it has none to go on with."""
        job = None
        if record.get("job_id"):
            try:
                job = self.api.get_custom_object_bulk_job(record["job_id"])
            except NotFoundException:
                job = None
        elif record["state"] == "submitting":
            job = self._find_lost_submit(record)
        if job is None or (str(job.status) == "cancelled" and record["state"] != "uploaded"):
            return False
        self.report.resumed_parts += 1
        if str(job.status) == "pending":
            uploaded = self._upload(part, job)  # None: reported as not loaded already
        else:
            uploaded = job
            self.log.update(part.index, state="uploaded", job_id=job.id)
        if uploaded is not None:
            self._track(part, uploaded)
        return True

    def _submit(self, part: Part) -> bool:
        from zuora_sdk.models import CustomObjectBulkJobRequest

        request = CustomObjectBulkJobRequest.from_dict(
            {"namespace": self.loader.namespace, "object": self.loader.object, "operation": self.operation}
        )
        for _ in range(self.loader.part_attempts):
            key = f"zuora-load-{uuid.uuid4()}"
            record = self.log.update(
                part.index, state="submitting", first_row=part.first_row, rows=part.rows, crc=part.crc,
                key=key, sent_after=_now().isoformat(), job_id=None,
            )
            try:
                policy = self.loader.submit_policy
                job = self.api.post_custom_object_bulk_job(request, idempotency_key=key, _retries=policy)
            except RateLimitException:
                self.log.forget(part.index)  # refused: nothing was created
                return False
            except OutcomeUnknownError:
                found = self._find_lost_submit(record)
                if found is None:
                    continue
                job = found
            self.parts_started += 1
            self.log.update(part.index, state="submitted", job_id=job.id)
            self._emit(f"part {part.index} (input rows {part.first_row}-{part.first_row + part.rows - 1}) "
                       f"submitted as job {job.id}")
            uploaded = self._upload(part, job)
            if uploaded is not None:
                self._track(part, uploaded)
            return True
        raise BulkLoadError(
            f"part {part.index}: the submit's outcome stayed unknown after {self.loader.part_attempts} attempts",
            self.report,
        )

    def _find_lost_submit(self, record: dict[str, Any]) -> CustomObjectBulkJobResponse | None:
        owned = {str(part["job_id"]) for part in self.log.parts.values() if part.get("job_id")}
        return find_submitted_job(
            self.api, self.loader.object, self.operation, datetime.fromisoformat(record["sent_after"]), owned
        )

    def _upload(self, part: Part, job: CustomObjectBulkJobResponse) -> CustomObjectBulkJobResponse | None:
        """Upload the part's file; None when it could not be loaded (then it is already reported)."""
        assert job.id is not None
        failure: ApiException | None = None
        for _ in range(self.loader.part_attempts):
            try:
                uploaded = self.api.post_upload_file_for_custom_object_bulk_job(
                    "text/csv", job.id, pathlib.Path(part.path), content_encoding=self.loader.content_encoding
                )
            except (BadRequestException, *_TRANSIENT) as exc:
                failure = exc
                current = self.api.get_custom_object_bulk_job(job.id)
                if str(current.status) != "pending":
                    uploaded = current  # an earlier attempt's file was taken
                elif isinstance(exc, BadRequestException):
                    break  # the server refused this file: sending it again will not help
                else:
                    time.sleep(self.loader._schedule().next())
                    continue
            self.log.update(part.index, state="uploaded")
            self._emit(f"part {part.index} uploaded to job {job.id}")
            return uploaded
        self._cancel_quietly(job.id)
        result = PartResult(part.index, part.first_row, part.rows, job_id=job.id, status="cancelled",
                            error=f"upload failed: {failure}")
        self._finish(part, result, [], f"the part's upload failed: {failure}", NOT_LOADED)
        return None

    def _cancel_quietly(self, job_id: str) -> None:
        """Free the slot of a job whose file could not be sent (it would hold it while pending)."""
        with contextlib.suppress(ApiException):  # best effort: the part is reported as not loaded anyway
            self.api.p_atch_custom_object_bulk_job(job_id)

    # ----- following jobs ------------------------------------------------------------------------

    def _track(self, part: Part, job: CustomObjectBulkJobResponse) -> None:
        assert job.id is not None
        timeout = self.loader.wait_timeout
        deadline = float("inf") if timeout is None else time.monotonic() + timeout
        result = PartResult(part.index, part.first_row, part.rows, job_id=job.id)
        self.active[job.id] = _Running(part, result, deadline)

    def _poll(self) -> bool:
        """Read every running job once; True when one of them finished."""
        changed = False
        for job_id, running in list(self.active.items()):
            try:
                job = self.api.get_custom_object_bulk_job(job_id)
            except _TRANSIENT:
                continue  # the SDK already retried; try again on the next round
            if is_terminal(job):
                del self.active[job_id]
                self._job_finished(running, job)
                changed = True
            elif time.monotonic() > running.deadline:
                del self.active[job_id]
                running.result.status = str(job.status)
                running.result.error = f"still {job.status} after {self.loader.wait_timeout:g} s; not waited for"
                self.report.parts.append(running.result)
                self._emit(f"job {job_id} is taking too long; left running")
                changed = True
        return changed

    def _job_finished(self, running: _Running, job: CustomObjectBulkJobResponse) -> None:
        result, status = running.result, str(job.status)
        result.status, result.records_processed = status, job.records_processed
        errors = iter_job_errors(self.api, job.id) if job.id and status in ("completed", "failed") else iter(())
        whole_part = None
        if status == "failed":
            result.error = f"{job.error.code}: {job.error.message}" if job.error else "the job failed"
            whole_part = JOB_FAILED
        elif status == "cancelled":
            result.error = "the job was cancelled"
            whole_part = NOT_LOADED
        self._finish(running.part, result, errors, result.error or "", whole_part)

    def _finish(
        self, part: Part, result: PartResult, errors: Iterable[Any], reason: str, whole_part: str | None
    ) -> None:
        """Record a part's end: map its errors to input rows, copy those rows out, log it as done."""
        failed: dict[int, tuple[str, str, dict[str, Any] | None]] = {}
        unplaced: list[str] = []
        for error in errors:
            # A row past the part's end would mean the service counted rows differently: kept, not lost.
            if error.row is not None and error.row >= 2:
                record = error.record.to_dict() if error.record is not None else None
                failed[error.row] = (str(error.code), error.message or "", record)
            else:  # no data row to pin it on (the header, say): said in the part's error instead
                unplaced.append(f"row {error.row}: {error.code}: {error.message}")
        if unplaced:
            result.error = "; ".join(filter(None, [result.error, *unplaced]))
        if whole_part is not None:
            for row in range(2, part.rows + 2):
                failed.setdefault(row, (whole_part, reason, None))
        result.rows_failed = len(failed)
        compact = [[part.input_row(row), code, message] for row, (code, message, _) in sorted(failed.items())]
        self.log.update(
            part.index, state="done", status=result.status, job_id=result.job_id,
            records_processed=result.records_processed, error=result.error, failed=compact,
        )
        self._collect(part, result, {row: (code, message, record) for row, (code, message, record) in failed.items()})
        self._emit(f"job {result.job_id} {result.status}: {result.records_processed} processed, "
                   f"{result.rows_failed} failed")

    def _account_finished(self, part: Part, record: dict[str, Any]) -> None:
        """A part finished before an interruption: report it from the progress file, load nothing."""
        result = PartResult(
            part.index, part.first_row, part.rows, job_id=record.get("job_id"), status=record.get("status"),
            records_processed=record.get("records_processed"), error=record.get("error"),
            rows_failed=len(record.get("failed") or []),
        )
        failed: dict[int, tuple[str, str, dict[str, Any] | None]] = {
            row - part.first_row + 2: (code, message, None) for row, code, message in record.get("failed") or []
        }
        self.report.resumed_parts += 1
        self._collect(part, result, failed, write=False)

    def _collect(
        self, part: Part, result: PartResult, failed: dict[int, tuple[str, str, dict[str, Any] | None]],
        write: bool = True,
    ) -> None:
        """Add a finished part to the report, with its failed rows read back from the part file."""
        self.report.parts.append(result)
        back = read_part_rows(part, set(failed))  # in row order, one row in memory at a time
        read = next(back, None)
        for job_row, (code, message, record) in sorted(failed.items()):
            while read is not None and read[0] < job_row:
                read = next(back, None)
            values = read[1] if read is not None and read[0] == job_row else None  # None: not in the file
            row_values = dict(zip(self.header, values, strict=False)) if values is not None else None
            self.report.failed_rows.append(FailedRow(part.input_row(job_row), code, message, row_values, record))
            if write and values is not None:
                self._write_failed(values)
        os.remove(part.path)

    def _write_failed(self, values: list[str]) -> None:
        path = self.loader.failed_rows_path
        if path is None:
            return
        if self._failed_writer is None:
            # A resumed load appends to the rows its first run wrote.
            appending = self.log.resumed and os.path.exists(path) and os.path.getsize(path) > 0
            self._failed_out = open(path, "a" if appending else "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._failed_writer = csv.writer(self._failed_out, lineterminator="\r\n")
            if not appending:
                self._failed_writer.writerow(self.header)
        self._failed_writer.writerow(values)
        assert self._failed_out is not None
        self._failed_out.flush()

    def _close(self) -> None:
        if self._failed_out is not None:
            self._failed_out.close()
            self._failed_out = None
            self._failed_writer = None

    def _emit(self, event: str) -> None:
        if self.loader.on_progress is None:
            return
        self.loader.on_progress(
            LoadProgress(
                event=event,
                rows_read=self.rows_read,
                parts_started=self.parts_started,
                parts_done=len(self.report.parts),
                active_jobs=len(self.active),
                records_processed=self.report.records_processed,
                rows_failed=len(self.report.failed_rows),
            )
        )


class LoaderOptions(TypedDict, total=False):
    """The keyword arguments of ``BulkLoader``."""

    namespace: CustomObjectBulkJobRequestNamespaceLiteral
    max_active_jobs: int
    part_bytes: int | None
    content_encoding: str | None
    progress_file: str | os.PathLike[str] | None
    failed_rows_path: str | os.PathLike[str] | None
    on_progress: ProgressCallback | None
    wait_timeout: float | None
    poll_interval: float
    max_poll_interval: float
    part_attempts: int


def load_records(
    api: CustomObjectJobsApi,
    object: str,
    source: LoadSource,
    operation: Literal["create", "update"] = "create",
    *,
    fieldnames: Sequence[str] | None = None,
    **options: Unpack[LoaderOptions],
) -> LoadReport:
    """Load ``source`` into ``object`` with a ``BulkLoader`` made from ``options``."""
    return BulkLoader(api, object, **options).load(source, operation, fieldnames=fieldnames)


def _check_int(name: str, value: Any, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ApiValueError(f"{name} must be an integer >= {minimum}, not {value!r}")


def _fingerprint(source: Any) -> dict[str, Any]:
    """What identifies the input in a progress file (each part's checksum is checked as well)."""
    if isinstance(source, (str, os.PathLike)):
        return {"path": os.path.abspath(os.fspath(source))}
    return {"kind": type(source).__name__}


def _now() -> datetime:
    return datetime.now(timezone.utc)
