"""The simulated tenant: object definitions, jobs, records, users, tokens, quotas, the clock and counters.

No HTTP here: operations return what the API shows (plain JSON-ready values) or raise a Refusal.
Every method takes the one lock; the request handling calls these and never touches the data itself.
"""

from __future__ import annotations

import hmac
import threading
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import codes
from .access import IdempotencyStore, QuotaStanding, RateWindow, StoredReply, TokenStore
from .clock import SimClock
from .csv_rows import ParsedFile
from .fields import STANDARD_OBJECTS, FieldSpec, ObjectDefinition, default_objects
from .jobs import OPERATIONS, Job, parse_filter
from .records import RecordStore
from .refusals import (
    FileRefused,
    InvalidClient,
    InvalidRequest,
    JobLimitReached,
    NotAuthenticated,
    QuotaExhausted,
    UnknownJob,
    UnsupportedGrant,
)
from .stats import Counters, RequestLogEntry, SimulatorStats

NAMESPACES = ("default", "com_zuora")
REQUEST_LOG_LIMIT = 100_000  # the log keeps the latest requests, so long benchmarks do not grow memory


@dataclass
class Settings:
    access_token: str
    client_id: str
    client_secret: str
    token_ttl: float
    idempotency: str
    processing_delay: float
    max_concurrent_jobs: int
    max_file_bytes: int | None
    rate_limit: tuple[int, int] | None
    store_records: bool


class Tenant:
    def __init__(self, settings: Settings, clock: SimClock, objects: Mapping[str, ObjectDefinition] | None) -> None:
        self.settings = settings
        self.clock = clock
        self.lock = threading.Lock()
        self.user_id = uuid.uuid4().hex  # a 32-hex Zuora user id for CreatedById / UpdatedById
        self.objects: dict[str, ObjectDefinition] = dict(default_objects() if objects is None else objects)
        self.tokens = TokenStore(clock, settings.access_token, settings.token_ttl)
        self.quota = RateWindow(clock, settings.rate_limit)
        self.idempotency = IdempotencyStore(clock)
        self.counters = Counters()
        self.log: deque[RequestLogEntry] = deque(maxlen=REQUEST_LOG_LIMIT)
        self.jobs: dict[str, Job] = {}
        self._active: set[str] = set()  # accepted, pending, in_progress
        self._running: dict[str, Job] = {}  # accepted deletes and in_progress jobs: the clock moves them on
        self._records = RecordStore()
        self._seq = 0

    # ----- definitions, snapshots, control -------------------------------------------------------

    def define(self, name: str, fields: Mapping[str, FieldSpec | str]) -> None:
        definition = ObjectDefinition.build(name, fields)
        with self.lock:
            self.objects[name] = definition

    def definition(self, namespace: str, name: str) -> ObjectDefinition | None:
        if namespace == "com_zuora":
            return STANDARD_OBJECTS.get(name)
        return self.objects.get(name)

    def records(self, name: str) -> list[dict[str, Any]]:
        with self.lock:
            self._tick()
            return self._records.of(name)

    def job_snapshots(self) -> dict[str, dict[str, Any]]:
        with self.lock:
            self._tick()
            return {job_id: job.to_json(self.clock.timestamp) for job_id, job in self.jobs.items()}

    def complete(self, job_id: str | None) -> list[str]:
        with self.lock:
            self._tick()
            now = self.clock.now()
            if job_id is not None:
                if job_id not in self.jobs:
                    raise KeyError(f"no job with id {job_id}")
                targets = [self._running[job_id]] if job_id in self._running else []
            else:
                targets = sorted(self._running.values(), key=lambda job: job.seq)
            for job in targets:
                self._finish(job, now)
            return [job.id for job in targets]

    def add_user(self) -> tuple[str, str]:
        """Another user of the tenant: its static access token and its user id."""
        with self.lock:
            user_id = uuid.uuid4().hex
            return self.tokens.add_user(user_id), user_id

    def user_of(self, authorization: str | None) -> str:
        with self.lock:
            return self.tokens.user_of(authorization) or self.user_id

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.expire_all()

    def reset(self) -> None:
        with self.lock:
            self.jobs.clear()
            self._active.clear()
            self._running.clear()
            self._records.clear()
            self.counters = Counters()
            self.log = deque(maxlen=REQUEST_LOG_LIMIT)
            self.quota.reset()
            self.idempotency.clear()

    # ----- the clock moves jobs on ----------------------------------------------------------------

    def _tick(self) -> None:
        if not self._running:
            return
        now = self.clock.now()
        for job in sorted(self._running.values(), key=lambda item: item.finish_at or 0.0):
            if job.status == "accepted" and job.start_at is not None and now >= job.start_at:
                job.status = "in_progress"
                job.updated_at = job.start_at
            if job.finish_at is not None and now >= job.finish_at:
                self._finish(job, job.finish_at)

    def _finish(self, job: Job, at: float) -> None:
        """Run the job's work and mark it completed or failed, as of simulator time `at`."""
        self._running.pop(job.id, None)
        self._active.discard(job.id)
        job.updated_at = at
        job.finish_at = at
        if job.operation == "delete":
            job.records_processed = self._records.delete(job.namespace, job.object, job.conditions)
            job.status = "completed"
            return
        parsed = job.file or ParsedFile()
        job.file = None
        errors = list(job.errors)
        definition = self.definition(job.namespace, job.object)  # None: redefined away meanwhile
        if parsed.failure is None and self.settings.store_records and definition is not None:
            errors.extend(self._records.write(job, definition, parsed, self.user_id, self.clock.timestamp(at)))
        errors.sort(key=lambda error: error.row)
        job.errors = errors
        job.records_processed = parsed.rows
        self.counters.row_errors += len(errors)
        if parsed.failure is not None:
            job.status = "failed"
            job.error = {"code": parsed.failure[0], "message": parsed.failure[1]}
        elif parsed.rows and len(errors) >= parsed.rows:
            job.status = "failed"
            job.error = {
                "code": codes.ROW_INVALID_VALUE,
                "message": f"All {parsed.rows} records failed; list the job's errors for details.",
            }
        else:
            job.status = "completed"

    def _set_inactive(self, job: Job) -> None:
        self._active.discard(job.id)
        self._running.pop(job.id, None)

    # ----- per request ---------------------------------------------------------------------------

    def admit(self, authorization: str | None) -> None:
        """Authenticate one request and take it from the quota (NotAuthenticated, QuotaExhausted)."""
        with self.lock:
            if not self.tokens.valid(authorization):
                raise NotAuthenticated("Authentication error")
            if not self.quota.take():
                raise QuotaExhausted(f"Too many requests: the limit of {self.quota.limit} requests per "
                                     f"{self.quota.seconds} seconds was reached.")

    def idempotency_begin(self, key: str, method: str, path: str) -> StoredReply | str | None:
        """A stored answer to replay, "mismatch", "in_flight", or None: the key is now reserved."""
        with self.lock:
            return self.idempotency.lookup(key, method, path)

    def idempotency_store(self, key: str, status: int, body: bytes, content_type: str) -> None:
        with self.lock:
            self.idempotency.store(key, status, body, content_type)

    def idempotency_release(self, key: str) -> None:
        with self.lock:
            self.idempotency.release(key)

    def quota_standing(self) -> QuotaStanding:
        with self.lock:
            return self.quota.standing()

    def record_request(self, route: str) -> None:
        with self.lock:
            requests = self.counters.requests
            requests[route] = requests.get(route, 0) + 1

    def finish_request(self, entry: RequestLogEntry) -> None:
        """Log a request once its answer is decided (before it is sent, so callers see it at once)."""
        with self.lock:
            self.counters.bytes_received += entry.body_bytes
            if entry.status == 429:
                self.counters.rejected_429 += 1
            self.log.append(entry)

    def stats(self) -> SimulatorStats:
        with self.lock:
            return self.counters.snapshot()

    def request_log(self) -> list[RequestLogEntry]:
        with self.lock:
            return list(self.log)

    # ----- operations: each returns the job (or page, or token) as the API shows it ---------------

    def issue_token(self, grant_type: str | None, client_id: str, client_secret: str) -> dict[str, Any]:
        with self.lock:
            self.counters.token_requests += 1
            if grant_type != "client_credentials":
                raise UnsupportedGrant("grant_type must be client_credentials")
            good = hmac.compare_digest(client_id.encode(), self.settings.client_id.encode()) and \
                hmac.compare_digest(client_secret.encode(), self.settings.client_secret.encode())
            if not good:
                raise InvalidClient("Invalid client credentials")
            return self.tokens.issue()

    def submit(self, body: Any, user_id: str | None = None) -> dict[str, Any]:
        namespace, name, operation, filter_json, conditions = self._check_submit(body)
        with self.lock:
            self._tick()
            limit = self.settings.max_concurrent_jobs
            if len(self._active) >= limit:
                raise JobLimitReached(
                    f"The concurrent job limit was reached: at most {limit} jobs can be accepted, pending "
                    "or in progress at a time. Submit again when a job has finished."
                )
            now = self.clock.now()
            self._seq += 1
            delete = operation == "delete"
            job = Job(
                id=str(uuid.uuid4()), seq=self._seq, namespace=namespace, object=name, operation=operation,
                status="accepted" if delete else "pending", user_id=user_id or self.user_id, created_at=now,
                updated_at=now, filter=filter_json, conditions=conditions,
            )
            if delete:
                delay = self.settings.processing_delay
                job.start_at, job.finish_at = now + delay / 2, now + delay
                self._running[job.id] = job
            self.jobs[job.id] = job
            self._active.add(job.id)
            self.counters.jobs_created += 1
            return job.to_json(self.clock.timestamp)

    def _check_submit(self, body: Any) -> tuple[str, str, str, dict[str, Any] | None, list[Any]]:
        if not isinstance(body, dict):
            raise InvalidRequest("the request body must be a JSON object.")
        namespace, name, operation = body.get("namespace"), body.get("object"), body.get("operation")
        if namespace not in NAMESPACES:
            raise InvalidRequest("namespace must be default or com_zuora.")
        if not isinstance(name, str) or not name:
            raise InvalidRequest("object is required.")
        with self.lock:
            definition = self.definition(namespace, name)
        if definition is None:
            raise InvalidRequest(f"the object {name} does not exist in the {namespace} namespace.")
        if operation not in OPERATIONS:
            raise InvalidRequest("operation must be create, update or delete.")
        raw_filter = body.get("filter")
        if operation != "delete":
            if raw_filter is not None:
                raise InvalidRequest(f"a {operation} job takes no filter.")
            return namespace, name, operation, None, []
        filter_json, conditions = parse_filter(raw_filter, definition)
        return namespace, name, operation, filter_json, conditions

    def _job(self, job_id: str, missing: str = "Not Found.") -> Job:
        self._tick()
        job = self.jobs.get(job_id)
        if job is None:
            raise UnknownJob(missing)
        return job

    def job(self, job_id: str) -> dict[str, Any]:
        with self.lock:
            return self._job(job_id).to_json(self.clock.timestamp)

    def job_errors(self, job_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [error.as_json() for error in self._job(job_id).errors]

    def list_jobs(self, size: int, status: str | None, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page of jobs, newest first, and the cursor of the next page (None on the last)."""
        with self.lock:
            self._tick()
            ordered = list(reversed(self.jobs.values()))  # jobs are kept in creation order
            if cursor is not None:
                after = self.jobs.get(cursor)
                if after is None:
                    raise InvalidRequest(f"unknown cursor {cursor}.")
                ordered = [job for job in ordered if job.seq < after.seq]
            if status is not None:
                ordered = [job for job in ordered if job.status == status]
            page = ordered[:size]
            following = page[-1].id if len(ordered) > size else None
            return [job.to_json(self.clock.timestamp) for job in page], following

    def cancel(self, job_id: str) -> dict[str, Any]:
        with self.lock:
            job = self._job(job_id, f"Not Found. No custom object bulk job has the Id {job_id}.")
            if job.status not in ("accepted", "pending"):
                raise FileRefused(f"Cannot cancel the job {job_id}: it is {job.status}; only accepted or pending "
                                  "jobs can be cancelled.")
            job.status = "cancelled"
            job.updated_at = self.clock.now()
            job.receiving = False
            self._set_inactive(job)
            self.counters.cancels += 1
            return job.to_json(self.clock.timestamp)

    # ----- upload: begin (checks), the file streams in without the lock, then end ------------------

    def begin_upload(self, job_id: str) -> tuple[Job, ObjectDefinition]:
        with self.lock:
            job = self._job(job_id)
            if job.operation == "delete":
                raise FileRefused("A delete job takes no file.")
            if job.status != "pending":
                raise FileRefused(f"The job {job_id} is {job.status}: a file can only be uploaded while it is "
                                  "pending, and only once.")
            if job.receiving:
                raise FileRefused(f"A file is already being uploaded to the job {job_id}.")
            definition = self.definition(job.namespace, job.object)
            if definition is None:
                raise FileRefused(f"The object {job.object} no longer exists.")
            job.receiving = True
            return job, definition

    def abort_upload(self, job: Job) -> None:
        with self.lock:
            job.receiving = False

    def end_upload(self, job: Job, parsed: ParsedFile) -> dict[str, Any]:
        with self.lock:
            receiving, job.receiving = job.receiving, False
            if job.status != "pending" or not receiving:
                raise FileRefused(f"The job {job.id} is {job.status}: the file was not taken.")
            now = self.clock.now()
            job.status = "in_progress"
            job.updated_at = now
            job.finish_at = now + self.settings.processing_delay
            job.file = parsed
            job.errors = list(parsed.errors)
            self._running[job.id] = job
            self.counters.uploads_accepted += 1
            self.counters.rows_received += parsed.rows
            shown = job.to_json(self.clock.timestamp)
            self._tick()  # with no processing delay the job is done for whoever looks next
            return shown
