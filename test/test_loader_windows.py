"""The time window in which the bulk loader looks for a lost submit's job, on a clock the test moves.

The loader's clock here runs 100 s behind the simulator's (the server's), and each reading of its
wall clock can move the simulator's clock, make a job or set the reading itself: a submit's flight
lasts seconds, and a job of the load's own user is made at a chosen second. The first submit's
answer takes 3 s, so the loader learns that the server's clock is from 97 to 100 s ahead of its
own; a lost submit's job is then looked for from 97 s - 1 s after it was sent to 100 s + 1 s after
its answer was given up (server clock). A job of the user made within that is the lost submit's own; one made outside it
is not. Lost submits made before any answer named the load's user are looked into together once
one does: a job between two of their windows is neither's, and one made in the very millisecond a
window opens is its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from support import submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator

SKEW = timedelta(seconds=-100)  # the loader's clock, from the server's
Step = tuple[Callable[[], object] | None, Callable[[], object] | None]  # run before and after a reading


class SkewedClock:
    """The loader's clock: sleeps move the simulator's clock; the wall clock is the simulator's plus
    ``SKEW``, and the next readings of it run the ``steps`` queued (one each) around them (a step
    run before a reading that returns a datetime is the reading)."""

    def __init__(self, sim: ZuoraSimulator) -> None:
        self.sim = sim
        self.moment = 1000.0
        self.steps: list[Step] = []
        self.readings = 0

    def monotonic(self) -> float:
        return self.moment

    def sleep(self, seconds: float) -> None:
        self.moment += seconds
        self.sim.advance(seconds)

    def now(self) -> datetime:
        self.readings += 1
        before, after = self.steps.pop(0) if self.steps else (None, None)
        given = before() if before is not None else None  # a step may set the reading itself
        if isinstance(given, datetime):
            reading = given
        else:
            reading = datetime.fromtimestamp(self.sim.clock.wall(), timezone.utc) + SKEW
        if after is not None:
            after()
        return reading


def rows(count: int) -> list[dict[str, object]]:
    """Rows long enough for a part of 64 bytes to carry one each."""
    return [{"Name__c": f"r{i}".ljust(40, "."), "Year__c": 2000} for i in range(count)]


def facts(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line.rpartition(" ")[0]) for line in path.read_text().splitlines()]


def lost_load(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path,
              lost: list[Step]) -> tuple[zuora_sdk.LoadReport, list[dict[str, Any]], SkewedClock]:
    """Load two parts; part 1's submit is answered without a job (no job made: its answer is lost),
    its wall-clock readings (sent, given up) run ``lost``. Returns the report, the facts the
    progress file held after part 0, and the clock."""
    clock = SkewedClock(sim)
    clock.steps = [(None, None), (lambda: sim.advance(3), None)]  # part 0: its answer takes 3 s
    noted: list[dict[str, Any]] = []
    progress = tmp_path / "load.progress"

    def meanwhile(event: zuora_sdk.LoadProgress) -> None:
        if event.event.startswith("part 0 uploaded"):
            assert clock.readings == 2 and not clock.steps
            noted.extend(facts(progress))
            (sending, sent), *rest = [*lost, (None, None)][:max(len(lost), 1)]

            def send() -> None:
                if sending is not None:
                    sending()
                sim.inject("submit", status=200, body={})  # part 1's submit: an answer without a job

            clock.steps = [(send, sent), *rest]

    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005, on_progress=meanwhile,
                                  progress_file=progress)
    loader._clock = clock  # type: ignore[assignment]
    report = loader.load(rows(2))
    assert not clock.steps and not sim.faults
    return report, noted, clock


def test_the_clock_offset_noted_is_what_the_first_answer_showed(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    report, noted, _ = lost_load(sim, api, tmp_path, [])
    (fact,) = [fact for fact in noted if "offset" in fact]
    assert fact["user"] == sim.jobs[report.parts[0].job_id]["CreatedById"]
    low, high = fact["offset"]
    assert low == pytest.approx(97, abs=0.1) and high == pytest.approx(100, abs=0.1)


@pytest.mark.parametrize(("early", "adopted"), [(3.8, True), (4.2, False)])
def test_a_job_made_before_a_lost_submit_is_its_own_only_within_the_margin(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path, early: float, adopted: bool
) -> None:
    """Made ``early`` seconds before part 1's submit was sent (server clock): the window opens 4 s
    before (the offset's low end 97 s, less 100 s, less the 1 s margin)."""
    made: list[str] = []

    def before_sending() -> None:
        made.append(submit(api))
        sim.advance(early)

    report, _, _ = lost_load(sim, api, tmp_path, [(before_sending, None), (lambda: sim.advance(5), None)])
    assert report.ok and [part.status for part in report.parts] == ["completed", "completed"]
    assert (report.parts[1].job_id == made[0]) is adopted
    assert sim.jobs[made[0]]["status"] == ("completed" if adopted else "pending")
    assert sim.stats.jobs_created == (2 if adopted else 3) and not report.notices


@pytest.mark.parametrize(("late", "adopted"), [(0.8, True), (1.2, False)])
def test_a_job_made_after_a_lost_submit_is_its_own_only_within_the_margin(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path, late: float, adopted: bool
) -> None:
    """Made ``late`` seconds after the loader gave up on part 1's 5 s submit (server clock): the
    window closes 1 s after (the offset's high end 100 s, less 100 s, plus the 1 s margin)."""
    made: list[str] = []

    def after_giving_up() -> None:
        sim.advance(late)
        made.append(submit(api))

    report, _, _ = lost_load(sim, api, tmp_path, [(None, None), (lambda: sim.advance(5), after_giving_up)])
    assert report.ok and [part.status for part in report.parts] == ["completed", "completed"]
    assert (report.parts[1].job_id == made[0]) is adopted
    assert sim.jobs[made[0]]["status"] == ("completed" if adopted else "pending")
    assert sim.stats.jobs_created == (2 if adopted else 3) and not report.notices


# ----- lost submits before the load's user is known: looked into once an answer names it -------------


def created(sim: ZuoraSimulator, job_id: str) -> datetime:
    return datetime.fromisoformat(str(sim.jobs[job_id]["CreatedDate"]))


def two_lost_then_known(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi,
                        lost: list[Step], known: Step) -> zuora_sdk.LoadReport:
    """Load one part whose first two submits are answered without a job (before any answer names
    the load's user: the loader can only note their windows), the third taken. ``lost`` runs around
    the first four wall-clock readings (the two flights), ``known`` around the reading after the
    third submit's answer."""
    clock = SkewedClock(sim)

    def losing(run: Callable[[], object] | None) -> Callable[[], object]:
        def send() -> object:
            reading = run() if run is not None else None
            sim.inject("submit", status=200, body={})
            return reading
        return send

    steps = [*lost, (None, None), (None, None), (None, None)][:4]
    for index in (0, 2):  # each lost submit's fault is set as it is sent: jobs made between are not lost
        run, after = steps[index]
        steps[index] = (losing(run), after)
    clock.steps = [*steps, (None, None), known]
    loader = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005)
    loader._clock = clock  # type: ignore[assignment]
    report = loader.load(rows(1))
    assert not clock.steps and not sim.faults and report.ok
    return report


def test_a_job_made_between_two_lost_submits_windows_is_neither_ones(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    """The windows are looked into together, within the earliest start and latest end of all of
    them; a job 2 s after the first ends and 2 s before the second opens is in neither."""
    made: list[str] = []

    def between() -> None:
        sim.advance(3)
        made.append(submit(api))
        sim.advance(3)

    report = two_lost_then_known(sim, api, [(None, None), (None, between)], (None, None))
    assert sim.jobs[made[0]]["status"] == "pending" and sim.stats.cancels == 0 and not report.notices
    assert report.parts[0].job_id != made[0] and sim.stats.jobs_created == 2


def test_a_job_made_as_a_lost_submits_window_opens_is_its_own(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    """The window's start belongs to it, to the millisecond: the loader's readings are set so that
    the offset learnt is exactly 100 s at its low end and the second lost submit's window opens
    when a job of its user was made; that job is then the lost submit's, and cancelled to free its
    slot."""
    made: list[str] = []

    def between() -> None:
        sim.advance(3)
        made.append(submit(api))
        sim.advance(3)

    def opening() -> datetime:  # sent so that its window opens (1 s margin, 100 s offset) at that job
        return created(sim, made[0]) - timedelta(seconds=99)

    def answered() -> datetime:  # the answer's reading: exactly 100 s behind the job it brought
        newest = max((job_id for job_id in sim.jobs if job_id != made[0]), key=lambda job_id: created(sim, job_id))
        return created(sim, newest) + SKEW

    report = two_lost_then_known(sim, api, [(None, None), (None, between), (opening, None)], (answered, None))
    assert sim.jobs[made[0]]["status"] == "cancelled" and sim.stats.cancels == 1
    assert report.parts[0].job_id != made[0] and sim.stats.jobs_created == 2
