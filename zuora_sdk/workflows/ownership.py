"""Which jobs on the tenant are provably a load's own, when an answer that would have said so was lost.

The service keeps no trace of who asked for a job beyond its creator (``CreatedById``) and its
creation time (``CreatedDate``): no idempotency key, no tag. So a job is taken as ours only when
it was created by our own user, within the time our submit was in flight (mapped to the server's
clock through the creation times of jobs whose answers we did get), for the same namespace,
object and operation (and filter), and no other job fits. Two processes of the same Zuora user
submitting the same kind of job in the same seconds cannot be told apart: that is the limit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from zuora_sdk._core import constants
from zuora_sdk.workflows.paging import iter_jobs

if TYPE_CHECKING:
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.configuration import Configuration
    from zuora_sdk.models import CustomObjectBulkJobResponse

# Server timestamps come in milliseconds and clocks drift a little between two measurements.
_MARGIN = timedelta(seconds=1)


@dataclass(frozen=True)
class JobKind:
    """What every job of one load looks like."""

    namespace: str
    object: str
    operation: str
    filter: dict[str, Any] | None = None  # a delete's filter, as sent

    def matches(self, job: CustomObjectBulkJobResponse) -> bool:
        if (str(job.namespace), job.object, str(job.operation)) != (self.namespace, self.object, self.operation):
            return False
        if self.filter is None:
            return True
        return job.filter is not None and _plain(job.filter.to_dict()) == _plain(self.filter)


@dataclass
class Whoami:
    """The user our jobs are created by, and how far the server's clock is from ours (seconds, as
    bounds), both learnt from a submit whose answer arrived."""

    user: str | None = None
    offset: tuple[float, float] | None = None

    def learn(self, job: CustomObjectBulkJobResponse, sent: datetime, received: datetime) -> bool:
        """Take in a job we just created; True when the user was not known before."""
        new = job.created_by_id is not None and job.created_by_id != self.user
        if job.created_by_id is not None:
            self.user = job.created_by_id
        if job.created_date is not None:
            created = job.created_date
            self.offset = ((created - received).total_seconds(), (created - sent).total_seconds())
        return new

    def server_window(self, after: datetime, before: datetime) -> tuple[datetime, datetime]:
        """When, by the server's clock, a job made between ``after`` and ``before`` (ours) was created."""
        if self.offset is None:
            skew = timedelta(seconds=constants.RECONCILE_CLOCK_SKEW)
            return after - skew, before + skew
        low, high = self.offset
        return after + timedelta(seconds=low) - _MARGIN, before + timedelta(seconds=high) + _MARGIN


def call_span(config: Configuration) -> timedelta:
    """The longest a submit call can stay in flight: every attempt's timeouts and the waits between.

    Bounds the window of a submit whose process was killed before it could note when it ended."""
    timeout = config.timeout
    per_attempt = sum(timeout) if isinstance(timeout, tuple) else float(timeout or constants.READ_TIMEOUT)
    policy = config.retry_policy
    return timedelta(seconds=per_attempt * (policy.max_retries + 1) + policy.budget)


def jobs_created_between(
    api: CustomObjectJobsApi, kind: JobKind, start: datetime, end: datetime | None, users: Collection[str],
) -> Iterator[CustomObjectBulkJobResponse]:
    """Jobs of ``kind`` created by one of ``users`` from ``start`` to ``end`` (server clock), newest first."""
    for job in iter_jobs(api):
        created = job.created_date
        if created is not None and created < start:
            return  # newest first: everything after this is older
        if created is None or (end is not None and created > end):
            continue
        if job.created_by_id in users and kind.matches(job):
            yield job


def find_submitted_job(
    api: CustomObjectJobsApi,
    object_name: str,
    operation: str,
    sent_after: datetime,
    sent_before: datetime,
    created_by: str,
    *,
    namespace: str = "default",
    owned: Collection[str] = (),
) -> CustomObjectBulkJobResponse | None:
    """The job a submit whose answer was lost created, when exactly one job can be it.

    ``sent_after`` and ``sent_before`` bound when the submit was in flight (as
    ``OutcomeUnknownError`` gives them), widened by ``RECONCILE_CLOCK_SKEW`` each side for the
    difference between our clock and the server's; ``created_by`` is our own user id (the
    ``CreatedById`` of a job we know we made); ``owned`` are jobs already accounted for. Returns
    None when no job fits, or when more than one does (then none can be said to be ours).
    """
    kind = JobKind(namespace, object_name, operation)
    start, end = Whoami().server_window(sent_after, sent_before)
    skip = set(owned)
    found = [job for job in jobs_created_between(api, kind, start, end, {created_by}) if job.id not in skip]
    return found[0] if len(found) == 1 else None


def _plain(value: Any) -> Any:
    """A filter compared by value: keys as sent, numbers and strings as themselves."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value if isinstance(value, (bool, int, float)) else str(value)
