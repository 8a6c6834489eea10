"""How the bulk loader follows its running jobs: how it reads them, and when.

A tick reads every running job of the load at once. With two or more, that is one list request
(newest first, paged only as far as it takes to pass all of them) rather than one GET per job; a
job the list did not show is read with a GET, and so is a lone job.

The next tick comes soon after the next job is expected to finish. How long a job takes is learnt
from the load's own finished jobs (their ``processingTime``, from submit to completion); a job
whose end is not known yet is looked at again after a twentieth of the time it has run so far (so
it is noticed at most 5% late, with few requests for long jobs), and one that is late, after a
twentieth of how late it is; such looks come no sooner than ``shortest`` after the last tick (a
foreseen end may come sooner), and no tick comes later than ``longest``. When the answers'
``RateLimit-Remaining`` falls under a fifth of the quota, ticks are spread so that until the window
resets they use at most half of what was left then: polling never eats the tenant's quota.
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from zuora_sdk._core import constants
from zuora_sdk.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiTimeoutError,
    OutcomeUnknownError,
    RateLimitException,
    ServiceException,
)

if TYPE_CHECKING:
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.models import CustomObjectBulkJobResponse

# Failures after which the SDK already retried the request: the next tick may do better.
TRANSIENT = (ApiConnectionError, ApiTimeoutError, ServiceException, RateLimitException, OutcomeUnknownError)

_LATE_SHARE = 0.05  # a job is looked at again after this share of the time it has run (or is late)
_MARGIN_SHARE, _MARGIN = 0.005, 0.01  # a foreseen end is looked at this much after it (share, seconds)
_QUOTA_LOW = 0.2  # below this share of the quota left, ticks are spread over the window
_KNOWN = 9  # durations remembered: the latest finished jobs say the most about the next ones
_FIRST_PAGE = 20  # jobs asked for in a list page at first; doubled when the load's jobs were further down


class Clock:
    """The time the loader runs on (tests give it a simulated one)."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)

    @staticmethod
    def now() -> datetime:
        """The wall-clock time (UTC): when a submit was in flight, to match the server's job times."""
        return datetime.now(timezone.utc)


class JobReader:
    """Reads the current state of a set of jobs in as few requests as it can."""

    def __init__(self, api: CustomObjectJobsApi) -> None:
        self.api = api
        self.page_size = _FIRST_PAGE
        self.listing = True  # off once a list request failed for good: GETs from then on

    def read(self, jobs: Mapping[str, datetime | None]) -> dict[str, CustomObjectBulkJobResponse]:
        """The jobs (id: creation time, when known) as the service shows them now; a job whose
        read failed for a while (the SDK retried it) is left out, to be read at the next tick."""
        found: dict[str, CustomObjectBulkJobResponse] = {}
        if len(jobs) > 1 and self.listing:
            try:
                found = self._listed(jobs)
            except TRANSIENT:
                return {}
            except ApiException:
                self.listing = False  # a list this service will not give: read each job instead
        for job_id in jobs:
            if job_id not in found:
                try:
                    found[job_id] = _job(self.api.get_custom_object_bulk_job(job_id))
                except TRANSIENT:
                    continue
        return found

    def _listed(self, jobs: Mapping[str, datetime | None]) -> dict[str, CustomObjectBulkJobResponse]:
        found: dict[str, CustomObjectBulkJobResponse] = {}
        cursor: str | None = None
        cursors: set[str] = set()
        while True:
            page = self.api.get_all_custom_object_bulk_jobs(page_size=self.page_size, cursor=cursor)
            listed = page.jobs or []
            found.update((job.id, job) for job in listed if job.id is not None and job.id in jobs)
            missing = [created for job_id, created in jobs.items() if job_id not in found]
            cursor = page.cursor
            # Once the pages read are as many as the jobs still missing, their GETs cost no more
            # than paging on (one job left: one GET, or one more page).
            if len(missing) <= len(cursors) + 1 or not listed or not cursor or cursor in cursors:
                return found
            last = listed[-1].created_date
            if last is not None and all(created is not None and created > last for created in missing):
                return found  # newest first: the list is past them (gone?), GETs will say
            cursors.add(cursor)
            self.page_size = min(self.page_size * 2, constants.MAX_PAGE_SIZE)  # they sit further down


@dataclass
class _Followed:
    since: float  # when its submit was sent (or when the load took it up)
    exact: bool  # since is when its submit was sent: its end can be foreseen


class PollPacer:
    """When the next tick is due: after the next expected finish, late jobs looked at more often
    than long ones, within ``shortest`` and ``longest`` seconds of the last tick, spread out when
    the request quota runs low."""

    def __init__(self, shortest: float, longest: float, clock: Clock) -> None:
        self.shortest, self.longest, self.clock = shortest, longest, clock
        self.jobs: dict[str, _Followed] = {}
        self.durations: list[float] = []
        self.last_tick = -math.inf
        self.remaining: float | None = None  # the quota left, as the last answer that said it
        self.pause = 0.0  # at least this between ticks while the quota is low, ...
        self.resets_at = math.inf  # ... until the quota's window resets (on the clock)

    def follow(self, job_id: str, since: float | None) -> None:
        """A job to follow; ``since``: when its submit was sent, None when not known (a job taken up)."""
        self.jobs[job_id] = _Followed(self.clock.monotonic() if since is None else since, since is not None)

    def finished(self, job_id: str, job: CustomObjectBulkJobResponse | None) -> None:
        """A job left the running set (``job``: as last read, when it finished)."""
        followed = self.jobs.pop(job_id, None)
        if followed is None or job is None or str(job.status) not in ("completed", "failed"):
            return
        if job.processing_time:  # the service's own figure, from submit to completion
            took = job.processing_time / 1000
        elif followed.exact:
            took = self.clock.monotonic() - followed.since  # seen finished: an upper bound
        else:
            return
        self.durations = [*self.durations, took][-_KNOWN:]

    def ticked(self) -> None:
        self.last_tick = self.clock.monotonic()

    def expected(self) -> float | None:
        """How long a job of this load takes, from what its finished jobs took."""
        return statistics.median(self.durations) if self.durations else None

    def next_tick(self) -> float:
        """When (on the clock) to read the running jobs next."""
        last = self.last_tick
        took = self.expected()
        foreseen = watch = math.inf
        for job in self.jobs.values():
            if took is not None and job.exact:
                # Just after its foreseen end (a margin for the submit's way to the server and for
                # jitter); once late, looked at again after a share of how late it is.
                end = job.since + took * (1 + _MARGIN_SHARE) + _MARGIN
                late = last - end
                if late < 0:
                    foreseen = min(foreseen, end)
                else:
                    watch = min(watch, last + max(self.shortest, _MARGIN_SHARE * took, _LATE_SHARE * late))
            else:
                seen = max(last, job.since)
                watch = min(watch, seen + max(self.shortest, _LATE_SHARE * (seen - job.since)))
        if not math.isfinite(last):
            return min(foreseen, watch)
        # A foreseen end may come sooner after the last tick than ``shortest``: jobs started
        # together end together, and each is refilled as soon as it is seen.
        due = min(max(foreseen, last + _MARGIN), watch, last + self.longest)
        return max(due, min(last + self.pause, self.resets_at))  # no pause runs past the reset

    def read_quota(self, headers: Mapping[str, Any]) -> None:
        """Take in an answer's ``RateLimit-*`` headers."""
        remaining = _number(headers.get("RateLimit-Remaining"))
        limits = [float(n) for n in re.findall(r"(?<![;=\w.])\d+(?:\.\d+)?", headers.get("RateLimit-Limit") or "")]
        if remaining is None or not limits:
            return
        # Several limits (a day's and a minute's, say): the smallest is the one to keep clear of.
        limit, reset = min(limits), _number(headers.get("RateLimit-Reset"))
        if remaining > _QUOTA_LOW * limit:
            self.pause = 0.0
        elif not self.pause or self.remaining is None or remaining > self.remaining:
            # The first low reading of a window (more left than before: a new one). The pace is set
            # here, once: taken afresh at every answer, it would spend half of what is left, then
            # half of the rest, and so on, nearly all of it by the reset.
            window = self.longest if reset is None else reset
            self.pause = window / max(remaining / 2, 1)  # half of what is left until the reset, at most
            self.resets_at = math.inf if reset is None else self.clock.monotonic() + reset
        self.remaining = remaining


def _number(value: Any) -> float | None:
    try:
        return float(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def _job(answer: CustomObjectBulkJobResponse | None) -> CustomObjectBulkJobResponse:
    from zuora_sdk.exceptions import UnexpectedResponseError

    if answer is None or getattr(answer, "id", None) is None:
        raise UnexpectedResponseError(reason="the answer held no job")
    return answer
