"""The bulk loader: any number of rows through as many jobs as it takes, within the job limit.

One thread runs the whole load: it cuts the input into part files under the size limit, submits
and uploads parts while fewer than ``max_active_jobs`` of its jobs are running (and waits for one
to finish when Zuora answers 429 for the concurrency limit), reads its running jobs when one may
have finished (polling.py: one request for all of them), and collects each job's row errors
mapped back to input rows. Every step is written to the progress file before it
is taken, so an interrupted load resumes without loading a finished part again.

The client owns retries: each request is one call, retried and (for uploads) reconciled by the
ApiClient. The loader decides per part only once a call has given up: a part whose job is lost
(its submit's answer lost and no job provably ours found, or its job taken by another client)
gets another job, up to ``part_attempts`` jobs; a part that cannot be loaded is reported.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import math
import os
import pathlib
import re
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Union

from zuora_sdk._core import constants
from zuora_sdk.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiTypeError,
    ApiValueError,
    BadRequestException,
    NotFoundException,
    OutcomeUnknownError,
    RateLimitException,
    ServiceException,
    UnexpectedResponseError,
)
from zuora_sdk.models.custom_object_bulk_job_request_namespace import (
    CustomObjectBulkJobRequestNamespace,
    CustomObjectBulkJobRequestNamespaceLiteral,
)
from zuora_sdk.workflows.display import default_load_progress
from zuora_sdk.workflows.errors import BulkLoadError
from zuora_sdk.workflows.ownership import JobKind, Whoami, call_span, jobs_created_between
from zuora_sdk.workflows.paging import iter_job_errors
from zuora_sdk.workflows.parts import Part, open_input, read_part_rows
from zuora_sdk.workflows.polling import Clock, JobReader, PollPacer
from zuora_sdk.workflows.progress_log import ProgressLog
from zuora_sdk.workflows.report import (
    JOB_FAILED,
    NOT_LOADED,
    FailedRow,
    LoadNotice,
    LoadProgress,
    LoadReport,
    PartResult,
)
from zuora_sdk.workflows.waiting import PollSchedule, is_terminal

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.models import CustomObjectBulkDeleteFilter, CustomObjectBulkJobResponse
    from zuora_sdk.workflows.parts import LoadSource

ProgressCallback = Callable[[LoadProgress], None]

_ROWLESS = ("pending", "accepted", "cancelled")  # a job in one of these never took a file
_WORKDIR = re.compile(r"zuora-load-(\d+)-")  # zuora-load-<pid>-<random>: a load's part files


class _Again:
    """The part needs another job (the one it had holds none of its rows)."""


_AGAIN = _Again()
_Outcome = Union[_Again, None]  # None: the part is loading or reported


_Failure = tuple[str, str, Union[dict[str, Any], None]]  # code, message, the record Zuora reported


class _NoJob(ApiException):
    """A success answer that holds no job id (``{}`` from a proxy, say)."""

    def __str__(self) -> str:
        return str(self.reason)


@dataclass
class _Running:
    part: Part
    result: PartResult
    deadline: float
    created: datetime | None  # by the server's clock: where the job sits in the list of jobs


class BulkLoader:
    """Loads rows into one custom object through bulk jobs, and deletes records by filter.

    ``part_bytes`` is the largest job file (default: ``Configuration.max_file_bytes``, 15 MB).
    ``progress_file`` makes a load resumable: run the same load again with the same file after an
    interruption. ``failed_rows_path`` receives every row that was not loaded, with the input's
    header, ready to be fixed and loaded again. ``on_progress`` is called after every step.
    ``part_attempts`` is how many jobs a part may be given when one is lost; ``foreign_jobs`` are
    ids of jobs you checked hold nothing of this load (see the guide: resuming a load).
    ``poll_interval`` and ``max_poll_interval`` bound the pause between two reads of the running
    jobs, which otherwise follows when they should finish and the request quota left (polling.py).
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
        poll_interval: float = constants.LOAD_POLL_SHORTEST,
        max_poll_interval: float = constants.POLL_MAX,
        part_attempts: int = 3,
        foreign_jobs: Collection[str] = (),
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
        if isinstance(foreign_jobs, str) or not all(isinstance(job, str) and job for job in foreign_jobs):
            raise ApiValueError("foreign_jobs must be a collection of job ids")
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
        self.foreign_jobs = frozenset(foreign_jobs)
        self.whoami = Whoami()  # learnt from the answers to this loader's submits, kept across its loads
        self._clock = Clock()  # tests put a simulated clock here
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
            try:
                _remove_stale_workdirs()
                with tempfile.TemporaryDirectory(prefix=f"zuora-load-{os.getpid()}-") as workdir:
                    run = _LoadRun(self, JobKind(self.namespace, self.object, operation), data.header, log)
                    return data.feed(workdir, run.execute)  # the next part is cut while one uploads
            finally:
                log.close()

    def delete(self, filter: CustomObjectBulkDeleteFilter | dict[str, Any]) -> LoadReport:
        """Delete the records matching ``filter`` (1 or 2 conditions on filterable fields) and wait."""
        from zuora_sdk.models import CustomObjectBulkDeleteFilter

        if not isinstance(filter, CustomObjectBulkDeleteFilter):
            filter = CustomObjectBulkDeleteFilter.from_dict(filter)
        if not filter.conditions:
            raise ApiValueError("filter needs at least one condition")
        kind = JobKind(self.namespace, self.object, "delete", filter=filter.to_dict())
        run = _LoadRun(self, kind, [], ProgressLog(None, {}))
        return run.execute(iter([Part(index=0, first_row=2, rows=0, path="", size=0, crc=0)]))


class _LoadRun:
    """The state of one ``load`` (or ``delete``) call."""

    def __init__(self, loader: BulkLoader, kind: JobKind, header: list[str], log: ProgressLog) -> None:
        from zuora_sdk.models import CustomObjectBulkJobRequest

        self.loader = loader
        self.api = loader.api
        self.kind = kind
        self.header = header
        self.log = log
        body: dict[str, Any] = {"namespace": kind.namespace, "object": kind.object, "operation": kind.operation}
        if kind.filter is not None:
            body["filter"] = kind.filter
        self.request = CustomObjectBulkJobRequest.from_dict(body)
        self.report = LoadReport(loader.object, kind.operation, failed_rows_path=loader.failed_rows_path)
        self.active: dict[str, _Running] = {}
        self.rows_read = 0
        self.parts_started = 0
        self.attempts: dict[int, int] = {}  # jobs given to each part in this run
        self.whoami = loader.whoami
        # Every user this load's jobs were created by.
        self.users: set[str] = {loader.whoami.user} if loader.whoami.user else set()
        self.lost: dict[str, dict[str, Any]] = {}  # submits whose job was not found yet, by key
        self.history_checked = not log.resumed  # a resumed load checks the server before loading more
        self.span = call_span(self.api.api_client.configuration)
        self.clock = loader._clock
        self.reader = JobReader(self.api)
        self.pacer = PollPacer(loader.poll_interval, loader.max_poll_interval, self.clock)
        self.submitted: dict[str, float] = {}  # job id: when its submit was sent (clock)
        self._failed_out: io.TextIOWrapper | None = None
        self._failed_writer: Any = None
        for fact in log.facts:
            if fact.get("user"):
                self.whoami.user = str(fact["user"])
                self.whoami.offset = tuple(fact["offset"]) if fact.get("offset") else None
                self.users.add(self.whoami.user)
            elif fact.get("lost"):
                self.lost[str(fact["lost"])] = fact
            elif fact.get("settled"):
                self.lost.pop(str(fact["settled"]), None)

    @property
    def owned(self) -> set[str]:
        """Jobs accounted for: the load's own, and those the caller said are someone else's."""
        return self.log.job_ids | self.loader.foreign_jobs

    # ----- the loop ------------------------------------------------------------------------------

    def execute(self, parts: Iterator[Part]) -> LoadReport:
        with self.api.api_client._watch(self._answered):
            return self._execute(parts)

    def _answered(self, response: Any) -> None:
        """Every request of this load, retries included: counted, and its quota headers read."""
        self.report.api_requests += 1
        if response is not None:
            self.pacer.read_quota(response.headers)

    def _execute(self, parts: Iterator[Part]) -> LoadReport:
        try:
            self._open_failed_rows()
            self._run(parts)
            self._settle_lost(final=True)
        except BulkLoadError:
            self._stop_quietly()
            raise
        except Exception as exc:  # every failure of a load comes with its report
            self._stop_quietly()
            if isinstance(exc, (ApiValueError, ApiTypeError)) and not self.report.parts and not self.active:
                raise  # bad input, and nothing was loaded: the plain error says it all
            raise self._stopped(exc) from exc
        finally:
            self._close()
        self.log.finish()
        self.report.failed_rows.sort(key=lambda row: row.input_row)
        self.report.parts.sort(key=lambda part: part.index)
        self._emit("load finished")
        return self.report

    def _stopped(self, exc: Exception) -> BulkLoadError:
        done = sum(1 for part in self.report.parts if part.status is not None)
        running = len(self.active)
        for job in self.active.values():  # listed with their job ids, so they can be followed
            job.result.error = "still running when the load stopped"
            self.report.parts.append(job.result)
        self.active.clear()
        self.report.parts.sort(key=lambda part: part.index)
        again = "run it again with the same progress file to resume"
        if self.log.path is None:
            again = "no progress file was set"
        return BulkLoadError(
            f"load stopped after {done} finished part(s) ({_describe(exc)}); {running} job(s) still "
            f"running; {again}",
            self.report,
        )

    def _stop_quietly(self) -> None:
        """On the way out: free the slots of jobs provably ours that no part uses (best effort)."""
        with contextlib.suppress(Exception):
            self._settle_lost()
        if self.log.path is None:  # no resume will give them their files: free their slots
            for record in self.log.parts.values():
                if record.get("state") == "submitted" and record.get("job_id"):
                    self._cancel_quietly(str(record["job_id"]))

    def _run(self, parts: Iterator[Part]) -> None:
        """Keep the job slots busy: start parts while slots are free, read the running jobs when
        the pacer says one may have finished, and refill at once when one has."""
        clock = self.clock
        refusals = self._schedule()  # waits between submits refused for want of a job slot
        waiting: Part | None = None  # a part refused for want of a job slot
        retry_at = -math.inf  # when it may be submitted again
        exhausted = False
        starved_since: float | None = None  # when other clients began holding every slot
        while True:
            while not exhausted and len(self.active) < self.loader.max_active_jobs and clock.monotonic() >= retry_at:
                part = waiting if waiting is not None else next(parts, None)
                waiting = None
                if part is None:
                    exhausted = True
                    break
                if not self._start(part):
                    waiting = part
                    retry_at = clock.monotonic() + refusals.next()
                    self._emit("waiting for a free job slot")
                    break
                refusals.reset()
            if exhausted and not self.active:
                return
            if self.active and clock.monotonic() >= self.pacer.next_tick() and self._poll():
                retry_at = -math.inf  # a slot of ours is free: a refused part goes in now
                continue
            starved_since = self._check_starved(waiting is not None and not self.active, starved_since)
            wake = min(self.pacer.next_tick() if self.active else math.inf, retry_at if waiting else math.inf)
            clock.sleep(max(0.0, wake - clock.monotonic()))

    def _schedule(self) -> PollSchedule:
        return PollSchedule(self.loader.poll_interval, constants.POLL_MULTIPLIER, self.loader.max_poll_interval)

    def _check_starved(self, starved: bool, since: float | None) -> float | None:
        """Give up when other clients have held every job slot for longer than ``wait_timeout``."""
        if not starved:
            return None
        now = self.clock.monotonic()
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
        outcome: _Outcome = _AGAIN
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
            outcome = self._resume(part, record)
        while outcome is _AGAIN:
            tries = self.attempts.get(part.index, 0)
            if tries >= self.loader.part_attempts:
                self._give_up(part, PartResult(part.index, part.first_row, part.rows),
                              f"no job could be kept for this part in {tries} attempt(s)")
                return True
            job = self._submit(part)
            if job is None:
                return False
            self.attempts[part.index] = tries + 1
            outcome = _AGAIN if isinstance(job, _Again) else self._load_into(part, job)
            self._settle_lost()  # our user may be known now: lost submits can be looked into
        return True

    def _resume(self, part: Part, record: dict[str, Any]) -> _Outcome:
        """Pick up the job a part had when the load was interrupted."""
        if record.get("job_id"):
            try:
                job = _job(self.api.get_custom_object_bulk_job(record["job_id"]))
            except NotFoundException:
                return _AGAIN
            if job.created_by_id and self.whoami.user is None:
                self.whoami.user = job.created_by_id  # our own job: its creator is our user
            self.users.update([job.created_by_id] if job.created_by_id else [])
            status = str(job.status)
            if status == "cancelled" and record["state"] != "uploaded":
                return _AGAIN
            self.report.resumed_parts += 1
            if status == "pending" and record["state"] != "uploaded":
                return self._load_into(part, job)
            if record["state"] != "uploaded" and self.kind.operation != "delete":
                self.log.update(part.index, state="uploaded")  # the crash came after its file was taken
            self._track(part, job)
            return None
        if record["state"] != "submitting":
            return _AGAIN
        after = datetime.fromisoformat(record["sent_after"])
        before = datetime.fromisoformat(record["sent_before"]) if record.get("sent_before") else after + self.span
        found = self._claim(part.index, str(record.get("key")), after, before)
        if found is None:
            return _AGAIN
        self.report.resumed_parts += 1
        return self._load_into(part, found)

    def _submit(self, part: Part) -> CustomObjectBulkJobResponse | _Again | None:
        """Submit a job for ``part``: the job, _AGAIN when its answer was lost and no job is provably
        ours, None when the tenant has no free job slot."""
        key = f"zuora-load-{uuid.uuid4()}"
        sent = self.clock.now()
        sent_at = self.clock.monotonic()
        self.log.update(
            part.index, state="submitting", first_row=part.first_row, rows=part.rows, crc=part.crc, key=key,
            sent_after=sent.isoformat(), sent_before=None, job_id=None,
        )
        try:
            answer = self.api.post_custom_object_bulk_job(self.request, idempotency_key=key,
                                                          _retries=self.loader.submit_policy)
            job = _job(answer)
        except RateLimitException:
            self.log.forget(part.index)  # refused: nothing was created
            return None
        except (OutcomeUnknownError, _NoJob, UnexpectedResponseError) as exc:  # a job may have been made
            before = exc.sent_before if isinstance(exc, OutcomeUnknownError) else self.clock.now()
            self.log.update(part.index, sent_before=before.isoformat())
            found = self._claim(part.index, key, sent, before)
            return _AGAIN if found is None else found
        except ApiException as exc:
            unknown = exc.status in (500, 502, 504) or (isinstance(exc, ApiConnectionError) and exc.sent)
            if unknown:  # a client trusting idempotency keys resent it and gave up: it may have made a job
                self.log.update(part.index, sent_before=self.clock.now().isoformat())
            else:
                self.log.forget(part.index)  # a definite answer: no job was made
            raise
        self._learn(job, sent, self.clock.now())
        self.submitted[str(job.id)] = sent_at  # how long its jobs take is counted from here
        self.parts_started += 1
        self.log.update(part.index, state="submitted", job_id=job.id)
        self._emit(f"part {part.index} (input rows {part.first_row}-{part.first_row + part.rows - 1}) "
                   f"submitted as job {job.id}")
        return job

    def _learn(self, job: CustomObjectBulkJobResponse, sent: datetime, received: datetime) -> None:
        if self.whoami.learn(job, sent, received):
            self.users.add(str(self.whoami.user))
            self.log.note(user=self.whoami.user, offset=list(self.whoami.offset) if self.whoami.offset else None)

    # ----- submits whose answer was lost -----------------------------------------------------------

    def _claim(self, index: int, key: str, after: datetime, before: datetime) -> CustomObjectBulkJobResponse | None:
        """The job a lost submit created, when it is provably ours and can still take the part.

        Ours means: created by our user, within the submit's flight (server clock), of this load's
        kind, not accounted for, and the only such job. Anything less is not used; a job that may
        be ours is then settled later (cancelled once provably ours) or named in the report."""
        user = self.whoami.user
        candidates = []
        if user is not None:
            self._check_history()
            start, end = self.whoami.server_window(after, before)
            owned = self.owned
            candidates = [job for job in jobs_created_between(self.api, self.kind, start, end, {user})
                          if job.id not in owned]
        usable = ("pending",) if self.kind.operation != "delete" else ("accepted", "in_progress", "completed")
        if len(candidates) == 1 and str(candidates[0].status) in usable:
            job = candidates[0]
            self.parts_started += 1
            self.log.update(index, state="submitted", job_id=job.id, adopted=True)
            self._emit(f"part {index}: the submit's answer was lost; job {job.id} is provably its own")
            return job
        if user is not None and candidates:
            ids = [str(job.id) for job in candidates]
            self.report.notices.append(LoadNotice(
                f"a submit's answer was lost and {len(ids)} job(s) of this kind were created by this user while it "
                "was in flight (" + ", ".join(f"{job.id} {job.status}" for job in candidates) + "): none can be "
                "told to be this load's, so none was used or cancelled", ids, index))
            for job_id in ids:  # reported: a resume does not take them for jobs the file lost
                self.log.note(noticed=True, job_id=job_id)
            self.log.note(settled=key)
            return None
        fact = {"lost": key, "part": index, "after": after.isoformat(), "before": before.isoformat()}
        self.log.note(**fact)
        self.lost[key] = fact  # looked for again once more is known (our user, a slower server)
        self._emit(f"part {index}: the submit's answer was lost and no job was found; submitting again")
        return None

    def _settle_lost(self, final: bool = False) -> None:
        """Cancel the jobs lost submits created, once they are provably ours; name them otherwise."""
        if not self.lost or (self.whoami.user is None and not final):
            return
        windows = list(self.lost.values())
        self._check_history()
        if self.whoami.user is None:
            for fact in windows:
                self.report.notices.append(LoadNotice(
                    f"a submit's answer was lost (sent between {fact['after']} and {fact['before']}) before any "
                    f"answer said which user this load's jobs are created by: a pending {self.kind.object} job "
                    "created then may be this load's and hold a job slot", [], fact.get("part")))
                self._settled(str(fact["lost"]))
            return
        spans = [self.whoami.server_window(datetime.fromisoformat(fact["after"]),
                                           datetime.fromisoformat(fact["before"])) for fact in windows]
        owned = self.owned
        found = [
            job for job in jobs_created_between(self.api, self.kind, min(s for s, _ in spans),
                                                max(e for _, e in spans), {self.whoami.user})
            if job.id not in owned and any(s <= job.created_date <= e for s, e in spans if job.created_date)
        ]
        if len(found) > len(windows):
            self.report.notices.append(LoadNotice(
                f"{len(windows)} submit(s) lost their answers and {len(found)} jobs of this kind were created by this "
                "user meanwhile: which are this load's cannot be told, so none was cancelled",
                [str(job.id) for job in found]))
            found = []
        for job in found:
            assert job.id is not None
            cancelled = str(job.status) in ("pending", "accepted")
            if cancelled:
                try:
                    self.api.p_atch_custom_object_bulk_job(job.id)
                except BadRequestException:
                    cancelled = False  # it moved on meanwhile
            if cancelled:
                self.log.note(cancelled=True, job_id=job.id)
                self._emit(f"job {job.id}, made by a submit whose answer was lost, cancelled to free its slot")
            else:
                self.report.notices.append(LoadNotice(
                    f"job {job.id} was created by this user while a submit of this load was in flight, and it is "
                    f"{job.status}: it was not used by this load", [job.id]))
                self.log.note(noticed=True, job_id=job.id)
        for fact in windows:
            self._settled(str(fact["lost"]))

    def _settled(self, key: str) -> None:
        self.lost.pop(key, None)
        self.log.note(settled=key)

    # ----- loading a part into its job -----------------------------------------------------------

    def _load_into(self, part: Part, job: CustomObjectBulkJobResponse) -> _Outcome:
        """Upload the part's file to its job (a delete job needs none) and follow the job."""
        assert job.id is not None
        if self.kind.operation == "delete":
            self._track(part, job)
            return None
        self._check_history(job)
        try:
            answer = self.api.post_upload_file_for_custom_object_bulk_job(
                "text/csv", job.id, pathlib.Path(part.path), content_encoding=self.loader.content_encoding
            )
            uploaded = _job(answer)
        except (BadRequestException, NotFoundException) as exc:
            return self._refused(part, job, exc)
        except (OutcomeUnknownError, _NoJob, UnexpectedResponseError) as exc:  # the file may have been taken
            return self._settle_upload(part, job, exc, unknown=True)
        except (ServiceException, ApiConnectionError, RateLimitException) as exc:  # the client gave up
            return self._settle_upload(part, job, exc, unknown=False)
        self.log.update(part.index, state="uploaded")
        self._track(part, uploaded)  # before the event: a callback that stops the load finds it running
        self._emit(f"part {part.index} uploaded to job {job.id}")
        return None

    def _refused(self, part: Part, job: CustomObjectBulkJobResponse, exc: ApiException) -> _Outcome:
        """A definite refusal: our file is not in this job, whatever state the job shows now."""
        assert job.id is not None
        try:
            current: CustomObjectBulkJobResponse | None = _job(self.api.get_custom_object_bulk_job(job.id))
        except NotFoundException:
            current = None
        if current is not None and str(current.status) == "pending":  # the file itself was refused
            self._cancel_quietly(job.id)
            result = PartResult(part.index, part.first_row, part.rows, job_id=job.id, status="cancelled",
                                error=f"upload refused: {exc}")
            self._give_up(part, result, f"the part's upload was refused: {exc}")
            return None
        status = "gone" if current is None else str(current.status)
        self._emit(f"part {part.index}: job {job.id} is {status} and refused the file; the part gets another job")
        return _AGAIN

    def _settle_upload(
        self, part: Part, job: CustomObjectBulkJobResponse, exc: ApiException, unknown: bool
    ) -> _Outcome:
        """Whether our file was taken, settled by cancelling: a job that took a file cannot be cancelled."""
        assert job.id is not None
        try:
            self.api.p_atch_custom_object_bulk_job(job.id)
        except BadRequestException:
            current = _job(self.api.get_custom_object_bulk_job(job.id))
            if str(current.status) in _ROWLESS:
                return _AGAIN  # cancelled by someone else: our file is not in it
            self.log.update(part.index, state="uploaded")
            self._track(part, current)
            return None
        if unknown:
            return _AGAIN  # cancelled, so our file is not in it: the part gets another job
        result = PartResult(part.index, part.first_row, part.rows, job_id=job.id, status="cancelled",
                            error=f"upload failed: {exc}")
        self._give_up(part, result, f"the part's upload failed: {exc}")
        return None

    def _check_history(self, job: CustomObjectBulkJobResponse | None = None) -> None:
        """Before a resumed load decides anything from the server's jobs (uploads more, takes a job
        as its own, or cancels one): refuse if the server holds jobs of this load that the progress
        file does not account for (a file cut short or replaced would load rows twice)."""
        if self.history_checked:
            return
        users = self.users | ({job.created_by_id} if job is not None and job.created_by_id else set())
        if not users:
            return  # whose jobs to look for is not known yet: nothing can be decided without it either
        self.history_checked = True
        start = self.whoami.server_window(self.log.started, self.log.started)[0]
        owned = self.owned
        unknown = [found for found in jobs_created_between(self.api, self.kind, start, None, users)
                   if found.id not in owned and str(found.status) not in _ROWLESS]
        if not unknown:
            return
        if job is not None and job.id is not None:
            self._cancel_quietly(job.id)  # ours, and now of no use
        ids = ", ".join(str(found.id) for found in unknown)
        raise BulkLoadError(
            f"progress file {self.log.path!r} does not account for job(s) {ids}: {self.kind.operation} jobs of "
            f"{self.kind.object} created by this load's user since it began ({self.log.started.isoformat()}). The "
            "file may have been cut short or replaced, and those jobs may hold rows of this load: loading again "
            "could store them twice, so nothing more was loaded. Check those jobs; if none of them holds rows of "
            "this input (another program of the same user made them), pass their ids as foreign_jobs to go on.",
            self.report,
        )

    def _cancel_quietly(self, job_id: str) -> None:
        """Free the slot of a job of ours that will not get our file (it would hold it while pending)."""
        with contextlib.suppress(ApiException):  # best effort: the part is reported either way
            self.api.p_atch_custom_object_bulk_job(job_id)

    # ----- following jobs ------------------------------------------------------------------------

    def _track(self, part: Part, job: CustomObjectBulkJobResponse) -> None:
        assert job.id is not None
        timeout = self.loader.wait_timeout
        deadline = float("inf") if timeout is None else self.clock.monotonic() + timeout
        result = PartResult(part.index, part.first_row, part.rows, job_id=job.id)
        self.active[job.id] = _Running(part, result, deadline, job.created_date)
        self.pacer.follow(job.id, self.submitted.pop(job.id, None))

    def _poll(self) -> bool:
        """Read every running job once (one tick); True when one of them finished."""
        self.pacer.ticked()
        jobs = self.reader.read({job_id: running.created for job_id, running in self.active.items()})
        changed = False
        for job_id, running in list(self.active.items()):  # in the order they started, not as listed
            job = jobs.get(job_id)
            if job is None:
                continue  # not read this time (the SDK retried and gave up): the next tick tries again
            if is_terminal(job):
                del self.active[job_id]
                self.pacer.finished(job_id, job)
                self._job_finished(running, job)
                changed = True
            elif self.clock.monotonic() > running.deadline:
                del self.active[job_id]
                self.pacer.finished(job_id, None)
                running.result.status = str(job.status)
                running.result.error = f"still {job.status} after {self.loader.wait_timeout:g} s; not waited for"
                self.report.parts.append(running.result)
                self._emit(f"job {job_id} is taking too long; left running")
                changed = True
        return changed

    def _job_finished(self, running: _Running, job: CustomObjectBulkJobResponse) -> None:
        result, status, part = running.result, str(job.status), running.part
        result.status, result.records_processed = status, job.records_processed
        errors = iter_job_errors(self.api, job.id) if job.id and status in ("completed", "failed") else iter(())
        whole_part = None
        if status == "failed":
            result.error = f"{job.error.code}: {job.error.message}" if job.error else "the job failed"
            whole_part = JOB_FAILED
        elif status == "cancelled":
            result.error = "the job was cancelled"
            whole_part = NOT_LOADED
        elif self.kind.operation != "delete" and job.records_processed not in (None, part.rows):
            result.error = (f"the job processed {job.records_processed} record(s) but the part has {part.rows} "
                            "row(s)")
            self.report.notices.append(LoadNotice(result.error + ": check what it loaded", [str(job.id)], part.index))
        self._finish(part, result, errors, result.error or "", whole_part)

    def _give_up(self, part: Part, result: PartResult, reason: str) -> None:
        self._finish(part, result, [], reason, NOT_LOADED)

    def _finish(
        self, part: Part, result: PartResult, errors: Iterable[Any], reason: str, whole_part: str | None
    ) -> None:
        """Record a part's end: map its errors to input rows, write those rows out, log it as done."""
        failed: dict[int, tuple[str, str, dict[str, Any] | None]] = {}
        unplaced: list[str] = []
        for error in errors:
            # A row past the part's end would mean the service counted rows differently: kept, not lost.
            if error.row is not None and error.row >= 2:
                record = error.record.to_dict() if error.record is not None else None
                failed[error.row] = (str(error.code), error.message or "", record)
            else:  # no data row to pin it on (the header, say): said in the part's error instead
                where = "" if error.row is None else f"row {error.row}: "
                unplaced.append(f"{where}{error.code}: {error.message}")
        if unplaced:
            result.error = "; ".join(filter(None, [result.error, *unplaced]))
        if whole_part is not None:
            for row in range(2, part.rows + 2):
                failed.setdefault(row, (whole_part, reason, None))
        result.rows_failed = len(failed)
        compact = [[part.input_row(row), code, message] for row, (code, message, _) in sorted(failed.items())]
        # The rows reach the failed-rows file before the part is logged done; a resume rewrites the file.
        self._collect(part, result, failed)
        self.log.update(
            part.index, state="done", status=result.status, job_id=result.job_id,
            records_processed=result.records_processed, error=result.error, failed=compact,
        )
        _remove(part.path)
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
        self._collect(part, result, failed)
        _remove(part.path)

    def _collect(self, part: Part, result: PartResult, failed: dict[int, _Failure]) -> None:
        """Add a finished part to the report, with its failed rows read back from the part file and
        written to the failed-rows file."""
        self.report.parts.append(result)
        back = read_part_rows(part, set(failed)) if part.path else iter(())  # in row order, one row at a time
        read = next(back, None)
        written = False
        for job_row, (code, message, record) in sorted(failed.items()):
            while read is not None and read[0] < job_row:
                read = next(back, None)
            values = read[1] if read is not None and read[0] == job_row else None  # None: not in the file
            row_values = dict(zip(self.header, values, strict=False)) if values is not None else None
            self.report.failed_rows.append(FailedRow(part.input_row(job_row), code, message, row_values, record))
            if values is not None and self._failed_writer is not None:
                self._failed_writer.writerow(values)
                written = True
        if written:
            assert self._failed_out is not None
            self._failed_out.flush()
            os.fsync(self._failed_out.fileno())

    def _open_failed_rows(self) -> None:
        """Start the failed-rows file afresh: a resumed load writes every finished part's rows again,
        so the file holds each failed row once whatever point the last run stopped at."""
        path = self.loader.failed_rows_path
        if path is None or self.kind.operation == "delete":
            return
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # owner-only even when it existed before: it holds customer data
        self._failed_out = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by _close
        self._failed_writer = csv.writer(self._failed_out, lineterminator="\r\n")
        self._failed_writer.writerow(self.header)
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
    foreign_jobs: Collection[str]


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


def _job(answer: CustomObjectBulkJobResponse | None) -> CustomObjectBulkJobResponse:
    """The job of a success answer; an answer without one is an error (then what it did is unknown)."""
    if answer is None or getattr(answer, "id", None) is None:
        raise _NoJob(reason="the answer held no job")
    return answer


def _describe(exc: Exception) -> str:
    return str(exc) if isinstance(exc, ApiException) else f"{type(exc).__name__}: {exc}"


def _remove(path: str) -> None:
    if path:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def _remove_stale_workdirs() -> None:
    """Remove the part files of loads whose process is gone (killed before it could clean up)."""
    root = tempfile.gettempdir()
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        match = _WORKDIR.match(entry.name)
        if match is None or int(match.group(1)) == os.getpid():
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not _alive(int(match.group(1))):
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True
