"""How often wait_for_job polls and when it gives up, and where iter_jobs stops.

The waits run on the simulator's clock: every pause moves it forward instead of sleeping, so a
fifteen-minute schedule takes milliseconds and jobs progress exactly as far as the waiting went.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk._core.retry import RetryPolicy
from zuora_sdk.exceptions import ApiConnectionError
from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.workflows.waiting import PollSchedule

# What the docs promise: 1 s, then x 1.5 each time, never more than 20 s.
DEFAULT_PAUSES = [1.0, 1.5, 2.25, 3.375, 5.0625, 7.59375, 11.390625, 17.0859375, 20.0, 20.0, 20.0]


class SimWait:
    """The clock and sleep wait_for_job is given: pauses advance the simulator and are recorded."""

    def __init__(self, sim: ZuoraSimulator) -> None:
        self.sim = sim
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.sim.advance(seconds)

    def clock(self) -> float:
        return self.sim.clock.now()


def in_simulated_time(api: zuora_sdk.CustomObjectJobsApi, timer: SimWait | StepClock) -> None:
    """wait_for_job waits and times with its client's Configuration.clock and sleep: the test's own."""
    config = api.api_client.configuration
    config.clock, config.sleep = timer.clock, timer.sleep


@pytest.fixture
def slow_sim() -> Iterator[ZuoraSimulator]:
    """Jobs take 160 simulated seconds once their file is in (no sum of pauses comes near it)."""
    with ZuoraSimulator(processing_delay=160) as simulator:
        yield simulator


def running_job(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> str:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nA\n")
    return job_id


def test_the_default_schedule_starts_at_one_second_grows_by_half_and_stops_at_twenty(slow_sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(slow_sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = running_job(slow_sim, api)
        wait = SimWait(slow_sim)
        polls: list[str] = []
        in_simulated_time(api, wait)
        job = zuora_sdk.wait_for_job(
            api, job_id, on_progress=lambda seen: polls.append(str(seen.status))
        )
    assert job.status == "completed"
    # Done at 160 s: seen at the first poll after it (169.26 s), one read per pause plus the first.
    assert wait.pauses == pytest.approx(DEFAULT_PAUSES + [20.0] * 3)
    assert len(polls) == len(wait.pauses) + 1 and polls[-1] == "completed" and set(polls[:-1]) == {"in_progress"}


def test_a_custom_schedule_is_followed(slow_sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(slow_sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = running_job(slow_sim, api)
        wait = SimWait(slow_sim)
        in_simulated_time(api, wait)
        zuora_sdk.wait_for_job(
            api, job_id, poll_interval=2, backoff=3, max_poll_interval=50
        )
    assert wait.pauses == [2, 6, 18, 50, 50, 50]  # 176 s: the job finished at 160


@pytest.mark.parametrize("timeout", [0, 0.5, 10, 45, 100])
def test_wait_for_job_gives_up_at_its_timeout_not_a_poll_later(slow_sim: ZuoraSimulator, timeout: float) -> None:
    with zuora_sdk.ApiClient(make_config(slow_sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = running_job(slow_sim, api)
        wait = SimWait(slow_sim)
        started = wait.clock()
        message = rf"still in_progress after {timeout:g} s \(records processed: 0\)"
        with pytest.raises(zuora_sdk.JobWaitTimeout, match=message) as raised:
            in_simulated_time(api, wait)
            zuora_sdk.wait_for_job(api, job_id, timeout=timeout)
        elapsed = wait.clock() - started
    assert raised.value.job is not None and raised.value.job.status == "in_progress"
    assert sum(wait.pauses) == pytest.approx(timeout, abs=0.3)  # waited the whole timeout, and no longer
    # Real time passes too (the polls themselves): a generous bound, far below one 1 s poll tick.
    assert timeout <= elapsed < timeout + 0.9


def test_a_job_finishing_within_the_last_pause_is_returned_not_timed_out() -> None:
    with ZuoraSimulator(processing_delay=30) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = running_job(sim, api)
        wait = SimWait(sim)
        in_simulated_time(api, wait)
        job = zuora_sdk.wait_for_job(api, job_id, timeout=30.5)
    assert job.status == "completed"
    assert wait.pauses[-1] < 11 and sum(wait.pauses) == pytest.approx(30.5, abs=0.5)  # the last pause was cut short


def test_the_schedule_resets_to_its_first_interval() -> None:
    schedule = PollSchedule(1, 1.5, 20)
    assert [schedule.next() for _ in range(10)] == pytest.approx(DEFAULT_PAUSES[:10])
    schedule.reset()
    assert [schedule.next() for _ in range(3)] == [1, 1.5, 2.25]
    for initial, multiplier, maximum in [(0, 1.5, 20), (2, 1.5, 1), (1, 0.5, 20)]:
        with pytest.raises(zuora_sdk.ApiValueError, match="poll intervals"):
            PollSchedule(initial, multiplier, maximum)


# ----- paging ----------------------------------------------------------------------------------------


def page(sim: ZuoraSimulator, cursor: str, job_id: str) -> dict[str, object]:
    """A one-job list page naming `cursor` as the next page's."""
    return {"count": 1, "cursor": cursor, "jobs": [sim.jobs[job_id]]}


@pytest.mark.parametrize(
    ("cursors", "pages_read"),
    [
        (["c1", "c1"], 2),  # the same cursor twice in a row
        (["c1", "c2", "c1"], 3),  # a cycle: c1 comes back after c2
        (["c1", "c2", "c3", "c2"], 4),
    ],
)
def test_iter_jobs_stops_when_the_server_repeats_a_cursor(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, cursors: list[str], pages_read: int
) -> None:
    job_id = submit(api)
    for cursor in cursors:
        sim.inject("list", status=200, body=page(sim, cursor, job_id))
    # Should it loop, the simulator answers the rest with its own pages.
    sim.inject("list", status=200, body=page(sim, cursors[-1], job_id), times=50)
    jobs = list(itertools.islice(zuora_sdk.iter_jobs(api), 100))
    assert [job.id for job in jobs] == [job_id] * pages_read
    assert sim.stats.requests["list"] == pages_read
    sent = [entry.query for entry in sim.request_log if entry.route == "list"]
    assert [q for q in sent if "cursor=" in q] == [f"pageSize=100&cursor={c}" for c in cursors[:-1]]


def test_iter_jobs_stops_on_an_empty_page_or_a_missing_or_empty_cursor(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job_id = submit(api)
    endings: list[dict[str, object]] = [
        {"count": 0, "cursor": "c9", "jobs": []},
        {"count": 1, "cursor": "", "jobs": [sim.jobs[job_id]]},
        {"count": 1, "cursor": None, "jobs": [sim.jobs[job_id]]},
        {"count": 1, "jobs": [sim.jobs[job_id]]},
    ]
    for ending in endings:
        before = sim.stats.requests.get("list", 0)
        sim.inject("list", status=200, body=page(sim, "c1", job_id))
        sim.inject("list", status=200, body=ending)
        sim.inject("list", status=200, body=page(sim, "c2", job_id), times=50)
        found = list(itertools.islice(zuora_sdk.iter_jobs(api), 100))
        sim.clear_faults()
        assert len(found) == 1 + len(ending["jobs"])  # type: ignore[arg-type]
        assert sim.stats.requests["list"] - before == 2


class StepClock:
    """A clock that moves only when slept on: readings can land exactly on a deadline."""

    def __init__(self, most_sleeps: int = 100) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.most_sleeps = most_sleeps

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert len(self.sleeps) < self.most_sleeps, f"still polling after {self.sleeps}"
        self.sleeps.append(seconds)
        self.now += seconds


def test_a_deadline_met_exactly_ends_the_wait(slow_sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(slow_sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = running_job(slow_sim, api)
        steps = StepClock()
        with pytest.raises(zuora_sdk.JobWaitTimeout, match="after 10 s"):
            in_simulated_time(api, steps)
            zuora_sdk.wait_for_job(api, job_id, timeout=10)
    assert steps.sleeps == [1, 1.5, 2.25, 3.375, 10 - 8.125]  # then, at the deadline to the tick, it gives up


@pytest.mark.parametrize("timeout", [-1, -0.5, -100])
def test_a_negative_timeout_is_refused_before_any_request(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, timeout: float
) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="timeout must be >= 0 or None"):
        zuora_sdk.wait_for_job(api, "some-job", timeout=timeout)
    assert sim.stats.requests == {}


@pytest.mark.parametrize(
    ("initial", "multiplier", "maximum", "valid"),
    [(-1, 1.5, 20, False), (0, 1.5, 20, False), (1, 0.99, 20, False), (2, 1.5, 1.99, False),
     (5, 1, 5, True), (0.01, 1, 20, True), (1, 1.5, 1, True)],
)
def test_poll_intervals_are_checked_at_their_bounds(
    initial: float, multiplier: float, maximum: float, valid: bool
) -> None:
    if valid:
        schedule = PollSchedule(initial, multiplier, maximum)
        pauses = [schedule.next() for _ in range(3)]
        assert pauses[0] == initial and max(pauses) <= maximum
    else:
        with pytest.raises(zuora_sdk.ApiValueError, match="poll intervals"):
            PollSchedule(initial, multiplier, maximum)


def test_options_of_the_helpers_are_keyword_only(api: zuora_sdk.CustomObjectJobsApi) -> None:
    job = zuora_sdk.CustomObjectBulkJobResponse.from_dict({"Id": "x", "status": "completed"})
    with pytest.raises(TypeError, match="positional"):
        zuora_sdk.wait_for_job(api, "x", 5)  # type: ignore[misc]
    with pytest.raises(TypeError, match="positional"):
        zuora_sdk.iter_jobs(api, "completed")  # type: ignore[misc]
    with pytest.raises(TypeError, match="positional"):
        zuora_sdk.raise_for_job(api, job, 3)  # type: ignore[misc]


# ----- raise_for_job ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["accepted", "pending", "in_progress", "completed", "cancelled", "archived"])
def test_raise_for_job_returns_every_job_that_did_not_fail(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, status: str
) -> None:
    job = zuora_sdk.CustomObjectBulkJobResponse.from_dict({"Id": "x", "status": status})
    assert zuora_sdk.raise_for_job(api, job) is job
    assert sim.stats.requests == {}


def test_raise_for_job_names_the_reason_and_carries_the_first_ten_row_errors(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job_id = submit(api)
    rows = "".join(f"car {i},bad{i}\n" for i in range(12))
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c,Year__c\n" + rows)
    job = api.get_custom_object_bulk_job(job_id)
    assert job.status == "failed" and job.error is not None
    with pytest.raises(zuora_sdk.JobFailedError, match=f"job {job_id} failed") as raised:
        zuora_sdk.raise_for_job(api, job)
    assert [error.row for error in raised.value.errors] == list(range(2, 12))
    first = raised.value.errors[0]
    assert first.message and "bad0" in first.message
    assert f"({job.error.code}: {job.error.message}); first row error: row 2: {first.message}" in str(raised.value)
    with pytest.raises(zuora_sdk.JobFailedError) as fewer:
        zuora_sdk.raise_for_job(api, job, max_errors=3)
    assert [error.row for error in fewer.value.errors] == [2, 3, 4]
    bare = zuora_sdk.CustomObjectBulkJobResponse.from_dict({"Id": job_id, "status": "failed"})
    with pytest.raises(zuora_sdk.JobFailedError, match=r"failed \(no reason given\); first row error: row 2"):
        zuora_sdk.raise_for_job(api, bare)


# ----- limits of iter_jobs ---------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [-1, True, 1.5, "3"])
def test_iter_jobs_refuses_a_limit_that_is_not_a_count(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, limit: object
) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="limit must be a non-negative integer"):
        list(zuora_sdk.iter_jobs(api, limit=limit))  # type: ignore[arg-type]
    assert sim.stats.requests == {}


def test_iter_jobs_reads_no_page_more_than_its_limit_needs(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job_id = submit(api)
    full = {"count": 100, "jobs": [sim.jobs[job_id]] * 100}
    for cursor in ("c1", "c2", "c3", "c4"):
        sim.inject("list", status=200, body={**full, "cursor": cursor})
    assert list(zuora_sdk.iter_jobs(api, limit=0)) == []
    assert sim.stats.requests == {"submit": 1}
    assert len(list(zuora_sdk.iter_jobs(api, limit=100))) == 100  # a limit met at a page's end
    assert sim.stats.requests["list"] == 1
    assert len(list(zuora_sdk.iter_jobs(api, limit=257))) == 257  # and past the small ints Python shares
    assert sim.stats.requests["list"] == 4
    for cursor in ("c5", "c6", "c7", "c8"):
        sim.inject("list", status=200, body={**full, "cursor": cursor})
    assert len(list(zuora_sdk.iter_jobs(api, limit=300))) == 300  # both at once
    assert sim.stats.requests["list"] == 7


@pytest.mark.parametrize("retries", [0, 1, 3])
def test_a_row_error_answer_that_keeps_breaking_is_asked_for_as_often_as_the_policy_allows(
    sim: ZuoraSimulator, retries: int
) -> None:
    policy = RetryPolicy(max_retries=retries, backoff_initial=0.001, jitter=False)
    with zuora_sdk.ApiClient(make_config(sim, retries=policy)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        rows = "".join(f"car {i},bad{i}\n" for i in range(20))
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c,Year__c\n" + rows)
        sim.inject("errors", action="truncate", times=10)  # half of each answer, then the line drops
        seen: list[int] = []
        with pytest.raises(ApiConnectionError, match="connection broken"):
            seen.extend(error.row or 0 for error in zuora_sdk.iter_job_errors(api, job_id))
    assert sim.stats.requests["errors"] == 1 + retries
    assert seen and seen == list(range(2, 2 + len(seen)))  # what arrived before the break, each row once


@pytest.mark.parametrize(("processed", "said"), [({"recordsProcessed": 5}, "5"), ({}, "0")])
def test_a_timeout_says_how_many_records_were_processed(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, processed: dict[str, int], said: str
) -> None:
    sim.inject("get", status=200, body={"Id": "job-1", "status": "in_progress", **processed})
    with pytest.raises(zuora_sdk.JobWaitTimeout, match=rf"still in_progress after 0 s \(records processed: {said}\)"):
        zuora_sdk.wait_for_job(api, "job-1", timeout=0)
