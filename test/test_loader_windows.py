"""The time window in which the bulk loader looks for a lost submit's job, on a clock the test moves.

The loader's clock here runs 100 s behind the simulator's (the server's), and each reading of its
wall clock can first move the simulator's clock: a submit's flight lasts seconds, and a job of the
load's own user is made at a chosen second. The first submit's answer takes 3 s, so the loader
learns that the server's clock is from 97 to 100 s ahead of its own; a lost submit's job is then
looked for from 97 s - 1 s after it was sent to 100 s + 1 s after its answer was given up
(server clock). A job of the user made within that is the lost submit's own; one made outside it
is not.
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
    ``SKEW``, and the next readings of it run the ``steps`` queued (one each) around them."""

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
        if before is not None:
            before()
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
