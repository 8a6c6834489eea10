"""The bulk loader when a submit's answer is lost or the tenant's job slots are all taken.

- a lost submit whose flight saw two jobs of the load's own user and kind uses neither and cancels
  neither: it names them, and its part gets another job;
- a lost submit's job that can no longer be cancelled when the loader settles it is named, and the
  load goes on;
- a load whose every slot is held by other clients waits for one (on an injected clock), and gives
  up after ``wait_timeout`` with a message that says why.
"""

from __future__ import annotations

import io
import itertools
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import urllib3
from support import make_config, submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator


def rows(count: int) -> list[dict[str, object]]:
    """Rows long enough for a part of 64 bytes to carry one each."""
    return [{"Name__c": f"r{i}".ljust(40, "."), "Year__c": 2000} for i in range(count)]


def names(sim: ZuoraSimulator) -> list[str]:
    return sorted(str(record["Name__c"]).rstrip(".") for record in sim.records("vehicle"))


class SimulatedClock:
    """The loader's clock: each sleep moves the simulator's clock instead of waiting; ``at`` runs
    a step once the simulated time passed a mark."""

    def __init__(self, sim: ZuoraSimulator, at: dict[float, Any] | None = None) -> None:
        self.sim = sim
        self.moment = 1000.0
        self.slept = 0.0
        self.at = dict(at or {})

    def monotonic(self) -> float:
        return self.moment

    def now(self) -> datetime:
        """The wall clock: the simulator's, so a sleep moves it as well."""
        return datetime.fromtimestamp(self.sim.clock.wall(), timezone.utc)

    def sleep(self, seconds: float) -> None:
        self.moment += seconds
        self.slept += seconds
        self.sim.advance(seconds)
        for mark in sorted(self.at):
            if self.slept >= mark:
                self.at.pop(mark)()


# ----- a lost submit and the jobs of the load's own user ---------------------------------------------------


def test_a_lost_submit_with_two_jobs_of_its_user_in_flight_takes_neither(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    theirs: list[str] = []

    def meanwhile(event: zuora_sdk.LoadProgress) -> None:
        if event.event.startswith("part 0 uploaded"):  # the loader knows its user by now
            theirs.append(submit(api))  # another program of the same user, in the next submit's window
            sim.inject("submit", action="drop_after")  # the next submit makes a job; its answer is lost

    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005, on_progress=meanwhile)
    report = loader.load(rows(2))
    lost = [job_id for job_id, job in sim.jobs.items() if job_id not in theirs and job["status"] == "pending"]
    assert len(lost) == 1  # the lost submit's job: neither used nor cancelled
    assert sim.jobs[theirs[0]]["status"] == "pending"  # the other program's job is untouched
    assert names(sim) == ["r0", "r1"]  # part 1 got a third job, and each row was loaded once
    assert [part.status for part in report.parts] == ["completed", "completed"]
    assert all(part.job_id not in (lost[0], theirs[0]) for part in report.parts)
    (notice,) = report.notices
    assert sorted(notice.job_ids) == sorted([lost[0], theirs[0]]) and notice.part == 1
    assert "none can be told to be this load's" in notice.reason and f"{theirs[0]} pending" in notice.reason
    assert sim.stats.cancels == 0 and not report.ok


def test_a_lost_submits_job_that_is_provably_its_own_is_used(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    events: list[zuora_sdk.LoadProgress] = []

    def meanwhile(event: zuora_sdk.LoadProgress) -> None:
        events.append(event)
        if event.event.startswith("part 0 uploaded"):  # the loader knows its user by now
            sim.inject("submit", action="drop_after")  # the next submit makes a job; its answer is lost

    report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005, on_progress=meanwhile).load(
        rows(3))
    assert report.ok and names(sim) == ["r0", "r1", "r2"]
    assert sim.stats.jobs_created == 3 and sorted(part.job_id for part in report.parts) == sorted(sim.jobs)
    assert any("is provably its own" in event.event for event in events)
    assert [event.parts_started for event in events if "submitted as job" in event.event] == [1, 3]
    assert events[-1].parts_started == 3


def test_a_loader_that_knows_its_user_uses_a_lost_submits_job_in_its_next_load(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005)
    loader.delete({"conditions": [{"field": "Year__c", "operator": "EQ", "value": 1}]})  # it learns its user
    sim.inject("submit", action="drop_after")  # the load's first submit makes a job; its answer is lost
    report = loader.load(rows(2))
    assert report.ok and names(sim) == ["r0", "r1"]
    assert sim.stats.jobs_created == 1 + 2 and sim.stats.cancels == 0  # the lost submit's job was used


def test_an_update_loads_lost_submit_is_used_too(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    assert zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(rows(3)).ok
    updates = [{"Id": record["Id"], "Name__c": record["Name__c"], "Year__c": 2001} for record in sim.records("vehicle")]

    def meanwhile(event: zuora_sdk.LoadProgress) -> None:
        if event.event.startswith("part 0 uploaded"):
            sim.inject("submit", action="drop_after")

    report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=128, poll_interval=0.005, on_progress=meanwhile).load(
        updates, "update")  # a row a part
    assert report.ok and len(report.parts) == 3 and sim.stats.jobs_created == 1 + 3
    assert [record["Year__c"] for record in sim.records("vehicle")] == [2001] * 3


def test_jobs_named_after_a_lost_submit_are_this_loads_when_it_resumes(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    """The two jobs a lost submit could not tell apart are kept in the progress file: a resumed load
    does not take them for jobs of its own that the file lost, even once one of them holds rows."""
    theirs: list[str] = []

    def meanwhile(event: zuora_sdk.LoadProgress) -> None:
        if event.event.startswith("part 0 uploaded"):
            theirs.append(submit(api))
            sim.inject("submit", action="drop_after")
        elif event.event.startswith("part 1 ") and "submitted as job" in event.event:
            raise KeyboardInterrupt  # stopped once part 1 has a third job, its file not sent yet

    options: dict[str, Any] = {"part_bytes": 64, "poll_interval": 0.005, "progress_file": tmp_path / "load.progress"}
    with pytest.raises(KeyboardInterrupt):
        zuora_sdk.BulkLoader(api, "vehicle", on_progress=meanwhile, **options).load(rows(3))
    api.post_upload_file_for_custom_object_bulk_job("text/csv", theirs[0], "Name__c\nsomeone else\n")
    report = zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows(3))
    assert names(sim) == ["r0", "r1", "r2", "someone else"]
    assert [part.status for part in report.parts] == ["completed"] * 3 and report.resumed_parts == 2


def test_a_lost_submit_is_looked_into_once_its_user_is_known_and_then_no_more(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("submit", action="drop_after")  # the very first submit makes a job, its answer is lost
    events: list[str] = []
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005, max_active_jobs=1,
                                  on_progress=lambda progress: events.append(progress.event))
    report = loader.load(rows(4))  # one job at a time: running jobs are read with GETs, never listed
    assert report.ok and names(sim) == ["r0", "r1", "r2", "r3"]
    assert sorted(job["status"] for job in sim.jobs.values()) == ["cancelled"] + ["completed"] * 4
    assert sim.stats.requests["list"] == 1  # the lost submit's window, looked into once
    # As soon as the second submit's answer said who the load's jobs are created by: its slot is free at once.
    cancelled = next(n for n, event in enumerate(events) if "cancelled to free its slot" in event)
    assert cancelled < next(n for n, event in enumerate(events) if event.startswith("part 1 "))


def test_a_lost_submits_job_that_can_no_longer_be_cancelled_is_named(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("submit", action="drop_after")  # the first submit makes a job, its answer is lost
    sim.inject("cancel", status=400, body={"code": 71013620, "message": "The job is not pending."})
    report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005).load(rows(2))
    assert names(sim) == ["r0", "r1"]
    (lost,) = [job_id for job_id, job in sim.jobs.items() if job["status"] == "pending"]
    (notice,) = report.notices
    assert notice.job_ids == [lost] and "it was not used by this load" in notice.reason
    assert sim.stats.requests["cancel"] == 1 and sim.stats.cancels == 0


# ----- every job slot held by other clients ---------------------------------------------------------------


def starved_load(sim: ZuoraSimulator, clock: SimulatedClock, free_after: float | None, *, count: int = 3,
                 client_options: dict[str, Any] | None = None, **options: Any) -> tuple[
        zuora_sdk.LoadReport, list[str]]:
    """Load ``count`` rows while another client holds every slot of the tenant, one of which it
    frees ``free_after`` seconds in (on ``clock``)."""
    token, _ = sim.add_user()
    with zuora_sdk.ApiClient(make_config(sim, access_token=token)) as other_client, \
            zuora_sdk.ApiClient(make_config(sim, **(client_options or {}))) as client:
        other = zuora_sdk.CustomObjectJobsApi(other_client)
        blockers = [submit(other) for _ in range(5)]
        if free_after is not None:
            clock.at[free_after] = lambda: other.p_atch_custom_object_bulk_job(blockers[0])
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", part_bytes=64, **options)
        loader._clock = clock  # type: ignore[assignment]
        return loader.load(rows(count)), blockers


def test_a_load_whose_slots_are_all_taken_waits_for_one(sim: ZuoraSimulator) -> None:
    clock = SimulatedClock(sim)
    report, blockers = starved_load(sim, clock, free_after=40, wait_timeout=60)
    assert report.ok and names(sim) == ["r0", "r1", "r2"]
    assert 40 <= clock.slept < 60
    assert [sim.jobs[job_id]["status"] for job_id in blockers] == ["cancelled"] + ["pending"] * 4


def test_a_load_whose_slots_stay_taken_gives_up_after_wait_timeout(sim: ZuoraSimulator) -> None:
    clock = SimulatedClock(sim)
    with pytest.raises(zuora_sdk.BulkLoadError, match="no job slot became free in 60 s") as caught:
        starved_load(sim, clock, free_after=None, wait_timeout=60)
    assert 60 < clock.slept <= 60 + 20  # given up on the first look past the timeout (ticks of 20 s at most)
    assert caught.value.report is not None and caught.value.report.parts == []
    assert names(sim) == [] and sim.stats.jobs_created == 5


def test_a_load_waits_for_a_slot_until_the_look_past_wait_timeout(sim: ZuoraSimulator) -> None:
    clock = SimulatedClock(sim)  # looks every second: one lands on wait_timeout itself
    with pytest.raises(zuora_sdk.BulkLoadError, match="no job slot became free in 10 s"):
        starved_load(sim, clock, free_after=None, wait_timeout=10, poll_interval=1, max_poll_interval=1)
    assert clock.slept == 11


class SubmitTimes:
    """A transport noting when (on the loader's clock) each submit was sent, and its answer's status."""

    def __init__(self, sim: ZuoraSimulator, clock: SimulatedClock) -> None:
        self.inner, self.clock = sim.transport(), clock
        self.submits: list[tuple[float, int]] = []

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        response = self.inner.request(method, url, *args, **kwargs)
        if method == "POST" and url.split("?")[0].endswith("/objects/jobs"):
            self.submits.append((self.clock.moment - 1000, response.status))
        return response

    def clear(self) -> None:
        self.inner.clear()


def test_submits_refused_for_want_of_a_slot_are_tried_again_ever_more_slowly() -> None:
    """poll_interval, then 1.5 times longer each time up to max_poll_interval; after a submit that
    went through, from poll_interval again."""
    with ZuoraSimulator(processing_delay=10) as sim:
        clock = SimulatedClock(sim)
        seen = SubmitTimes(sim, clock)
        report, _ = starved_load(sim, clock, 20, count=2, client_options={"transport": seen},  # a slot frees at 20 s
                                 poll_interval=1, max_poll_interval=4, wait_timeout=None)
        assert report.ok and names(sim) == ["r0", "r1"]
    times = [at for at, _ in seen.submits]
    assert [status for _, status in seen.submits[:9]] == [429] * 7 + [200, 429]
    assert [b - a for a, b in itertools.pairwise(times[:8])] == [1, 1.5, 2.25, 3.375, 4, 4, 4]  # part 0 at 20.125
    assert times[9] - times[8] == 1  # part 1, refused at once (part 0's job holds the slot): the waits start over
    # While part 0's job runs, part 1 keeps to its schedule; it goes in on the tick that sees that
    # job finished (10 s after its submit), whatever is left of its wait.
    assert [status for _, status in seen.submits[8:]] == [429] * 5 + [200]
    assert [b - a for a, b in itertools.pairwise(times[8:])] == [1, 1.5, 2.25, 3.375, 1.875]


def test_refused_submits_are_the_loaders_to_try_again_whatever_the_clients_retry_policy() -> None:
    """A retry policy without 429 among its statuses: the client must not take it up for submits
    either (the loader keeps its own schedule for a full tenant)."""
    with ZuoraSimulator() as sim:
        policy = zuora_sdk.RetryPolicy(statuses=frozenset({503}), backoff_initial=0.001, backoff_max=0.005,
                                       jitter=False)
        report, _ = starved_load(sim, SimulatedClock(sim), 5, count=1, client_options={"retries": policy},
                                 poll_interval=1, max_poll_interval=4)  # a slot frees at 5 s
        assert report.ok
        # The blockers' five; then refused at 0, 1, 2.5 and 4.75 s, and taken at 8.125 s.
        assert sim.stats.requests["submit"] == 5 + 5


def test_a_load_whose_steps_take_time_never_sleeps_a_negative_time() -> None:
    """Each reading of the clock comes 20 ms after the last (requests take time): a wake-up time can
    pass before the loader sleeps, and then it does not sleep at all (a negative sleep is an error)."""

    class Busy(SimulatedClock):
        def monotonic(self) -> float:
            self.moment += 0.02
            return self.moment

        def sleep(self, seconds: float) -> None:
            if seconds < 0:
                raise ValueError("sleep length must be non-negative")
            super().sleep(seconds)

    with ZuoraSimulator(processing_delay=1) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", part_bytes=64,
                                      poll_interval=0.01, max_active_jobs=2)
        clock = Busy(sim)
        loader._clock = clock  # type: ignore[assignment]
        assert loader.load(rows(6)).ok and names(sim) == [f"r{i}" for i in range(6)]


# ----- a part whose submits keep losing their answers ----------------------------------------------------


@pytest.mark.parametrize("attempts", [2, 3])
def test_a_part_gets_at_most_part_attempts_jobs(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, attempts: int
) -> None:
    sim.inject("submit", action="drop_before", times=2)  # two submits lost on their way: nothing made
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005, part_attempts=attempts).load(rows(2))
    assert sim.stats.requests["submit"] == min(attempts, 3)
    if attempts == 2:
        (part,) = report.parts
        assert part.job_id is None and part.status is None and part.rows_failed == 2
        reason = "no job could be kept for this part in 2 attempt(s)"
        assert [(row.code, row.message) for row in report.failed_rows] == [("NOT_LOADED", reason)] * 2
        assert names(sim) == [] and sim.jobs == {}
        # Neither submit's answer said who this load's jobs are created by: each is named, in case it made one.
        assert [notice.part for notice in report.notices] == [0, 0]
        assert all("before any answer said which user" in notice.reason for notice in report.notices)
    else:
        assert report.ok and names(sim) == ["r0", "r1"]


# ----- resuming parts that were running or being submitted -----------------------------------------------


class StopAfterSubmit:
    """A transport that stops the process (KeyboardInterrupt) once its ``nth`` submit reached the
    server, before the answer is read: the job exists, the load never learnt its id."""

    def __init__(self, sim: ZuoraSimulator, nth: int) -> None:
        self.inner, self.nth, self.submits = sim.transport(), nth, 0

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        response = self.inner.request(method, url, *args, **kwargs)
        if method == "POST" and url.split("?")[0].endswith("/objects/jobs"):
            self.submits += 1
            if self.submits == self.nth:
                raise KeyboardInterrupt
        return response

    def clear(self) -> None:
        self.inner.clear()


def test_a_load_stopped_while_a_submit_was_in_flight_resumes_with_that_submits_job(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    options: dict[str, Any] = {"part_bytes": 64, "poll_interval": 0.005, "progress_file": tmp_path / "load.progress"}
    with zuora_sdk.ApiClient(make_config(sim, transport=StopAfterSubmit(sim, 2))) as client, \
            pytest.raises(KeyboardInterrupt):
        zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", **options).load(rows(3))
    (made,) = [job_id for job_id, job in sim.jobs.items() if job["status"] == "pending"]  # part 1's, id unknown
    report = zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows(3))
    assert report.ok and names(sim) == ["r0", "r1", "r2"]
    assert sim.stats.jobs_created == 3 and report.parts[1].job_id == made  # the job found, not a new one
    assert report.resumed_parts == 2  # part 0, done before the stop; part 1, through the job its submit made


def test_a_resumed_load_learns_its_user_from_a_job_it_resumes(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    """A loader that learnt its user in an earlier call (a delete here) starts its load's progress
    file without it; the resumed load learns it from part 0's job, and so finds part 1's."""
    options: dict[str, Any] = {"part_bytes": 64, "poll_interval": 0.005, "progress_file": tmp_path / "load.progress"}
    with zuora_sdk.ApiClient(make_config(sim, transport=StopAfterSubmit(sim, 3))) as client, \
            pytest.raises(KeyboardInterrupt):
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", **options)
        loader.delete({"conditions": [{"field": "Year__c", "operator": "EQ", "value": 1}]})  # submit 1
        loader.load(rows(3))  # part 0: submit 2, uploaded; part 1: submit 3, stopped before its answer
    (made,) = [job_id for job_id, job in sim.jobs.items() if job["status"] == "pending"]
    report = zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows(3))
    assert report.ok and names(sim) == ["r0", "r1", "r2"]
    assert report.parts[1].job_id == made and sim.stats.jobs_created == 1 + 3 and sim.stats.cancels == 0


class MadeThenFailed:
    """A transport under which the ``nth`` submit makes its job but is answered ``status``, as are
    the client's retries of it (those make nothing): the job exists, the load only knows it may."""

    def __init__(self, sim: ZuoraSimulator, nth: int, status: int) -> None:
        self.inner, self.nth, self.status, self.submits = sim.transport(), nth, status, 0

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if not (method == "POST" and url.split("?")[0].endswith("/objects/jobs")):
            return self.inner.request(method, url, *args, **kwargs)
        self.submits += 1
        if self.submits < self.nth:
            return self.inner.request(method, url, *args, **kwargs)
        if self.submits == self.nth:
            self.inner.request(method, url, *args, **kwargs)
        return urllib3.HTTPResponse(body=io.BytesIO(b'{"message":"Server Error"}'), status=self.status,
                                    headers={"Content-Type": "application/json"}, preload_content=False)

    def clear(self) -> None:
        self.inner.clear()


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_load_stopped_by_a_submit_answered_5xx_resumes_with_the_job_it_may_have_made(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path, status: int
) -> None:
    options: dict[str, Any] = {"part_bytes": 64, "poll_interval": 0.005, "progress_file": tmp_path / "load.progress"}
    # A client trusting idempotency keys sends the submit again and gives up (one that does not
    # would say at once that the outcome is unknown).
    config = make_config(sim, transport=MadeThenFailed(sim, 2, status), trust_server_idempotency=True)
    with zuora_sdk.ApiClient(config) as client, pytest.raises(zuora_sdk.BulkLoadError, match="load stopped after"):
        zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", **options).load(rows(3))
    (made,) = [job_id for job_id, job in sim.jobs.items() if job["status"] == "pending"]
    report = zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows(3))
    assert report.ok and names(sim) == ["r0", "r1", "r2"]
    assert report.parts[1].job_id == made and sim.stats.jobs_created == 3  # found, not left pending


def load_stopped_after(api: zuora_sdk.CustomObjectJobsApi, slow: ZuoraSimulator, options: dict[str, Any],
                       event: str, count: int) -> zuora_sdk.BulkLoader:
    """Start a load of ``count`` rows and stop it (Ctrl-C) at the progress event that starts with
    ``event``; the loader to run it again with, on the simulator's clock."""

    def stop(progress: zuora_sdk.LoadProgress) -> None:
        if progress.event.startswith(event):
            raise KeyboardInterrupt

    first = zuora_sdk.BulkLoader(api, "vehicle", on_progress=stop, **options)
    first._clock = SimulatedClock(slow)  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt):
        first.load(rows(count))
    second = zuora_sdk.BulkLoader(api, "vehicle", **options)
    second._clock = SimulatedClock(slow)  # type: ignore[assignment]
    return second


def test_a_load_stopped_while_its_jobs_ran_resumes_following_them(tmp_path: Path) -> None:
    with ZuoraSimulator(processing_delay=30) as slow, zuora_sdk.ApiClient(make_config(slow)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        options: dict[str, Any] = {"part_bytes": 64, "progress_file": tmp_path / "load.progress"}
        second = load_stopped_after(api, slow, options, "part 2 uploaded", 4)
        assert sorted(job["status"] for job in slow.jobs.values()) == ["in_progress"] * 3  # none finished
        report = second.load(rows(4))
        assert report.ok and names(slow) == ["r0", "r1", "r2", "r3"]
        assert slow.stats.jobs_created == 4 and slow.stats.uploads_accepted == 4
        assert report.resumed_parts == 3


def test_a_resumed_load_looks_through_the_tenants_jobs_once(tmp_path: Path) -> None:
    """Before it uploads more, a resumed load checks that the tenant holds no job of this load
    that its progress file does not account for: once, not before every upload."""
    with ZuoraSimulator(processing_delay=30) as slow, zuora_sdk.ApiClient(make_config(slow)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        options: dict[str, Any] = {"part_bytes": 64, "progress_file": tmp_path / "load.progress"}
        second = load_stopped_after(api, slow, options, "part 0 uploaded", 4)
        since = len(slow.request_log)
        report = second.load(rows(4))
        assert report.ok and names(slow) == ["r0", "r1", "r2", "r3"] and report.resumed_parts == 1
        # Three parts uploaded after the resume; the history is read in full pages (the polling's
        # lists start smaller).
        log = slow.request_log[since:]
        assert sum(entry.route == "list" and "pageSize=100" in entry.query for entry in log) == 1


def test_a_resumed_part_whose_job_is_gone_gets_another(tmp_path: Path) -> None:
    with ZuoraSimulator(processing_delay=30) as slow, zuora_sdk.ApiClient(make_config(slow)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        options: dict[str, Any] = {"part_bytes": 64, "progress_file": tmp_path / "load.progress"}
        second = load_stopped_after(api, slow, options, "part 1 uploaded", 3)
        slow.reset()  # the tenant forgot every job (and record): part 0 and 1's jobs are 404 now
        report = second.load(rows(3))
        assert report.ok and names(slow) == ["r0", "r1", "r2"] and report.resumed_parts == 0
        assert slow.stats.jobs_created == 3 and slow.stats.requests["get"] >= 2


def test_events_and_a_changed_input_name_the_parts_input_rows(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    events: list[zuora_sdk.LoadProgress] = []
    # Four rows a part: a part's last row and the rows read so far come out wrong from many slips of
    # arithmetic that a part of two or three rows would hide.
    options: dict[str, Any] = {"part_bytes": 230, "poll_interval": 0.005, "progress_file": tmp_path / "load.progress"}
    zuora_sdk.BulkLoader(api, "vehicle", on_progress=events.append, **options).load(rows(10))
    submitted = [(p.event.split(" submitted")[0], p.rows_read) for p in events if " submitted as job " in p.event]
    assert submitted == [("part 0 (input rows 2-5)", 4), ("part 1 (input rows 6-9)", 8),
                         ("part 2 (input rows 10-11)", 10)]
    for year in (1999, 1500, 2999, 1000):  # checksums above and below the part's
        changed = rows(10)
        changed[5]["Year__c"] = year
        with pytest.raises(zuora_sdk.BulkLoadError, match=r"differs .* \(part 1, input rows 6-9\)"):
            zuora_sdk.BulkLoader(api, "vehicle", **options).load(changed)


# ----- part files ------------------------------------------------------------------------------------------


def test_a_parts_file_is_removed_as_soon_as_the_part_is_done(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the load cuts its part files
    on_disk: list[int] = []

    def count(event: zuora_sdk.LoadProgress) -> None:
        on_disk.append(sum(len(files) for _, _, files in os.walk(tmp_path)))

    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005, max_active_jobs=1,
                                  on_progress=count)
    assert loader.load(rows(12)).ok
    assert len(on_disk) > 24 and max(on_disk) <= 2  # the running part's file, and the next one cut ahead
    assert list(tmp_path.iterdir()) == []


# ----- a job that runs longer than wait_timeout -------------------------------------------------------------


def test_a_job_running_past_wait_timeout_is_left_running_and_reported() -> None:
    with ZuoraSimulator(processing_delay=600) as slow, zuora_sdk.ApiClient(make_config(slow)) as client:
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", wait_timeout=100)
        clock = SimulatedClock(slow)
        loader._clock = clock  # type: ignore[assignment]
        report = loader.load(rows(2))
        (part,) = report.parts
        assert part.status == "in_progress" and part.error == "still in_progress after 100 s; not waited for"
        assert 100 < clock.slept <= 100 + 20 and not report.ok
        assert [job["status"] for job in slow.jobs.values()] == ["in_progress"]


def test_a_job_is_waited_for_until_the_tick_past_wait_timeout() -> None:
    """Ticks every second land on wait_timeout itself: the job is still waited for there, and left
    running on the next one."""
    with ZuoraSimulator(processing_delay=600) as slow, zuora_sdk.ApiClient(make_config(slow)) as client:
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", wait_timeout=10,
                                      poll_interval=1, max_poll_interval=1)
        clock = SimulatedClock(slow)
        loader._clock = clock  # type: ignore[assignment]
        report = loader.load(rows(1))
        assert report.parts[0].error == "still in_progress after 10 s; not waited for"
        assert clock.slept == 11
