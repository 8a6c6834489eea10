"""Waiting for a job to finish, and turning a failed job into an exception."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from zuora_sdk._core import constants
from zuora_sdk.exceptions import ApiValueError
from zuora_sdk.workflows.display import default_job_progress
from zuora_sdk.workflows.errors import JobFailedError, JobWaitTimeout

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from zuora_sdk._core.operation import CallOptions
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.models import CustomObjectBulkJobResponse

ProgressCallback = Callable[["CustomObjectBulkJobResponse"], None]


def is_terminal(job: CustomObjectBulkJobResponse) -> bool:
    return str(job.status) in constants.TERMINAL_STATUSES


class PollSchedule:
    """Intervals between polls: start fast, grow by ``multiplier`` up to ``maximum``."""

    def __init__(
        self,
        initial: float = constants.POLL_INITIAL,
        multiplier: float = constants.POLL_MULTIPLIER,
        maximum: float = constants.POLL_MAX,
    ) -> None:
        if not (initial > 0 and maximum >= initial and multiplier >= 1):
            raise ApiValueError("poll intervals need 0 < poll_interval <= max_poll_interval and backoff >= 1")
        self.initial, self.multiplier, self.maximum = initial, multiplier, maximum
        self.current = initial

    def next(self) -> float:
        interval = self.current
        self.current = min(self.current * self.multiplier, self.maximum)
        return interval

    def reset(self) -> None:
        self.current = self.initial


def wait_for_job(
    api: CustomObjectJobsApi,
    job_id: str,
    *,
    timeout: float | None = constants.WAIT_TIMEOUT,
    poll_interval: float = constants.POLL_INITIAL,
    max_poll_interval: float = constants.POLL_MAX,
    backoff: float = constants.POLL_MULTIPLIER,
    on_progress: ProgressCallback | None = None,
    **kwargs: Unpack[CallOptions],
) -> CustomObjectBulkJobResponse:
    """Poll a job until it is ``completed``, ``failed`` or ``cancelled`` and return it.

    Polls after ``poll_interval`` seconds, then backs off by ``backoff`` up to ``max_poll_interval``
    (waiting and timing with the client's ``Configuration.sleep`` and ``clock``).
    ``on_progress`` receives every job read; by default progress is shown only when someone
    watches (a terminal, a notebook; ``ZUORA_PROGRESS=0`` turns it off). After ``timeout``
    seconds (``None``: no limit) raises ``JobWaitTimeout`` carrying the last job seen. Other
    keyword arguments go to each request.
    """
    if timeout is not None and timeout < 0:
        raise ApiValueError(f"timeout must be >= 0 or None, not {timeout!r}")
    if on_progress is None:
        on_progress = default_job_progress()  # shown only when someone watches: see display.py
    schedule = PollSchedule(poll_interval, backoff, max_poll_interval)
    config = api.api_client.configuration  # its clock and sleep: a test may run them in simulated time
    deadline = None if timeout is None else config.clock() + timeout
    while True:
        job = api.get_custom_object_bulk_job(job_id, **kwargs)
        if on_progress is not None:
            on_progress(job)
        if is_terminal(job):
            return job
        pause = schedule.next()
        if deadline is not None:
            left = deadline - config.clock()
            if left <= 0:
                raise JobWaitTimeout(
                    f"job {job_id} is still {job.status} after {timeout:g} s (records processed: "
                    f"{job.records_processed or 0})",
                    job,
                )
            pause = min(pause, left)
        config.sleep(pause)


def raise_for_job(
    api: CustomObjectJobsApi, job: CustomObjectBulkJobResponse, *, max_errors: int = 10
) -> CustomObjectBulkJobResponse:
    """Return ``job`` unless it ``failed``; then raise ``JobFailedError`` with its error and first row errors."""
    if str(job.status) != "failed":
        return job
    errors = list(api.get_custom_object_bulk_job_errors(job.id).errors or [])[:max_errors] if job.id else []
    reason = f"{job.error.code}: {job.error.message}" if job.error else "no reason given"
    more = f"; first row error: row {errors[0].row}: {errors[0].message}" if errors else ""
    raise JobFailedError(f"job {job.id} failed ({reason}){more}", job, errors)
