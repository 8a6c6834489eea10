"""How the bulk loader reads its running jobs: one request per tick for all of them, paced by when
they should finish and by the request quota left, every request counted in the report.

The loader runs on a simulated clock whose sleeps move the simulator's clock instead of waiting,
so jobs that take many seconds finish in milliseconds of real time.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator

READS = ("list", "get")


class SimulatedClock:
    """The loader's clock: each sleep moves the simulator's clock and marks the end of a tick."""

    def __init__(self, sim: ZuoraSimulator) -> None:
        self.sim = sim
        self.moment = 1000.0
        self.sleeps: list[float] = []
        self.marks: list[int] = []  # how many requests the simulator had logged at each sleep

    def monotonic(self) -> float:
        return self.moment

    def now(self) -> datetime:
        """The wall clock: the simulator's, so a sleep moves it as well."""
        return datetime.fromtimestamp(self.sim.clock.wall(), timezone.utc)

    def sleep(self, seconds: float) -> None:
        self.marks.append(len(self.sim.request_log))
        self.sleeps.append(seconds)
        self.moment += seconds
        self.sim.advance(seconds)


def rows(count: int) -> list[dict[str, Any]]:
    return [{"Name__c": f"car {i}", "Year__c": 2000 + i % 20} for i in range(count)]


def load(sim: ZuoraSimulator, count: int, **options: Any) -> tuple[zuora_sdk.LoadReport, SimulatedClock]:
    with zuora_sdk.ApiClient(make_config(sim, **options.pop("config", {}))) as client:
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", part_bytes=64, **options)
        clock = SimulatedClock(sim)
        loader._clock = clock  # type: ignore[assignment]
        return loader.load(rows(count)), clock


def ticks(sim: ZuoraSimulator, clock: SimulatedClock) -> list[Counter[str]]:
    """The routes requested between two sleeps of the loader."""
    log = sim.request_log
    bounds = [0, *clock.marks, len(log)]
    return [Counter(entry.route for entry in log[a:b]) for a, b in itertools.pairwise(bounds)]


def test_several_running_jobs_are_read_with_one_list_request_per_tick() -> None:
    with ZuoraSimulator(processing_delay=30) as sim:
        report, clock = load(sim, 33)
        assert report.ok and len(report.parts) == 11  # more parts than slots: slots were refilled
        per_tick = ticks(sim, clock)
        assert all(sum(tick[route] for route in READS) <= 1 for tick in per_tick)
        counts = Counter(sim.stats.requests)
        # One GET per running job per tick would be thousands; the lone last job is read with GETs.
        assert counts["list"] > counts["get"] >= 1
        assert counts["list"] + counts["get"] < 400
        # Slots are refilled on the tick that sees a job finished, and ticks are spread out once
        # the load knows its jobs take about 30 s: far fewer reads than the 0.05 s shortest interval allows.
        elapsed = sum(clock.sleeps)
        assert elapsed < 30 * 3 * 1.3  # three rounds of 30 s jobs, each refilled within a few %
        assert counts["list"] + counts["get"] < elapsed / 0.05 / 4


def test_a_job_the_list_does_not_show_is_read_with_a_get() -> None:
    with ZuoraSimulator(processing_delay=5) as sim:
        sim.inject("list", times=1000, status=200, body={"jobs": []})  # a list that never shows them
        report, clock = load(sim, 6)
        assert report.ok
        counts = Counter(sim.stats.requests)
        assert counts["list"] >= 1 and counts["get"] >= 2
        for tick in ticks(sim, clock):
            assert tick["list"] <= 1  # one page: an empty page ends the listing


def test_polling_slows_down_when_the_request_quota_runs_low() -> None:
    with ZuoraSimulator(processing_delay=40) as sim:
        free, free_clock = load(sim, 6)
        free_reads = sum(sim.stats.requests.get(route, 0) for route in READS)
    with ZuoraSimulator(processing_delay=40, rate_limit=(40, 120)) as sim:
        tight, tight_clock = load(sim, 6, config={"retries": 0})
        tight_reads = sum(sim.stats.requests.get(route, 0) for route in READS)
        assert tight.ok and free.ok
        assert sim.stats.rejected_429 == 0  # the quota was never spent
        assert sum(sim.stats.requests.values()) <= 40 + 8  # within one window and a bit of the next
    assert free_reads > 40  # unhindered, the same load reads more often than the whole quota allows
    assert tight_reads < free_reads / 2
    assert max(tight_clock.sleeps) > 5 * max(free_clock.sleeps[:-1] or [0])  # ticks spread out


def test_the_report_counts_every_request_the_load_made_retries_included() -> None:
    with ZuoraSimulator(processing_delay=3) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        sim.inject("errors", times=1, status=503)
        sim.inject("list", times=1, status=502)
        api = zuora_sdk.CustomObjectJobsApi(client)

        class Shared(SimulatedClock):
            """Another thread uses the load's client meanwhile: its requests are not the load's."""

            others = 0

            def sleep(self, seconds: float) -> None:
                if len(self.sleeps) < 3:
                    before = sum(sim.stats.requests.values())
                    other = threading.Thread(target=api.get_all_custom_object_bulk_jobs)
                    other.start()
                    other.join()
                    self.others += sum(sim.stats.requests.values()) - before
                super().sleep(seconds)

        loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64)
        clock = Shared(sim)
        loader._clock = clock  # type: ignore[assignment]
        report = loader.load(rows(12))
        assert report.ok
        counts = Counter(sim.stats.requests)
        assert counts["errors"] == len(report.parts) + 1  # the 503 and its retry
        assert clock.others >= 3 and report.api_requests == sum(counts.values()) - clock.others
        assert f"{report.api_requests} API requests" in report._repr_html_()
        deleter = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.001)
        deleter._clock = clock  # type: ignore[assignment]  # simulated time: the delete's 3 s pass at once
        deleted = deleter.delete({"conditions": [{"field": "Year__c", "operator": "GE", "value": 2000}]})
        assert deleted.api_requests == sum(sim.stats.requests.values()) - sum(counts.values())


def test_the_list_is_paged_only_as_far_as_the_loads_jobs_go() -> None:
    with ZuoraSimulator(processing_delay=20) as sim:
        token, _ = sim.add_user()
        with zuora_sdk.ApiClient(make_config(sim, access_token=token)) as other_client:
            other = zuora_sdk.CustomObjectJobsApi(other_client)

            class Busy(SimulatedClock):
                """Another program makes 30 jobs (and cancels them) while the load's first jobs run."""

                def sleep(self, seconds: float) -> None:
                    if len(self.sleeps) == 3:
                        for _ in range(30):
                            other.p_atch_custom_object_bulk_job(submit(other))
                    super().sleep(seconds)

            with zuora_sdk.ApiClient(make_config(sim)) as client:
                loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", part_bytes=64,
                                               max_active_jobs=4)  # a slot left for the other program
                clock = Busy(sim)
                loader._clock = clock  # type: ignore[assignment]
                report = loader.load(rows(30))
        assert report.ok
        mine = ticks(sim, clock)
        lists = [entry for entry in sim.request_log if entry.route == "list"]
        pages = [int(parse_qs(entry.query)["pageSize"][0]) for entry in lists]
        assert pages[0] == 20 and max(pages) > 20  # pages grow once 20 jobs did not reach the load's
        assert all(tick["list"] <= 2 for tick in mine)
        assert sum(tick["list"] == 2 for tick in mine) == 1  # paged once, then asked for larger pages
        assert sim.stats.requests.get("get", 0) == 0  # every job was found in the list


def test_ticks_start_short_grow_with_the_time_jobs_run_and_follow_their_learnt_length() -> None:
    with ZuoraSimulator(processing_delay=600) as sim:
        report, clock = load(sim, 18, max_poll_interval=20)  # 6 parts: 5 at once, then one more
        assert report.ok and len(report.parts) == 6
        assert clock.sleeps[0] <= 0.06  # short at first
        assert max(clock.sleeps) <= 20  # never slower than max_poll_interval
        assert sum(clock.sleeps) < 600 * 1.06 + 600 * 1.01  # the first round's end seen within 5%, the next's 1%
        counts = Counter(sim.stats.requests)
        # The first round, its length unknown: a look every 5% of the time run (every 20 s at most).
        assert counts["list"] < 200
        # The second job's length is known from the first round's: it is read every 20 s (the most
        # max_poll_interval allows) and just after its end, not every 5% of its time.
        assert counts["get"] <= 600 / 20 + 3


def test_a_list_the_service_refuses_turns_the_load_to_gets() -> None:
    with ZuoraSimulator(processing_delay=5) as sim:
        sim.inject("list", times=1, status=400, body={"code": 71013020, "message": "Bad Request"})
        report, _ = load(sim, 15)
        assert report.ok and len(report.parts) == 5
        counts = Counter(sim.stats.requests)
        assert counts["list"] == 1 and counts["get"] >= 5  # not asked again: each job read by itself


def test_an_answer_whose_quota_left_cannot_be_read_paces_nothing() -> None:
    with ZuoraSimulator(processing_delay=5) as sim:
        sim.inject("list", times=1000, status=200, body={"jobs": []}, headers={"RateLimit-Remaining": "unknown"})
        report, clock = load(sim, 6)
        assert report.ok and sim.stats.requests["list"] >= 1
        assert max(clock.sleeps) <= 5  # the unreadable figure did not spread the ticks out


def test_a_list_that_repeats_its_cursor_is_not_paged_forever() -> None:
    with ZuoraSimulator(processing_delay=5) as sim:
        token, _ = sim.add_user()
        with zuora_sdk.ApiClient(make_config(sim, access_token=token)) as other_client:
            other = submit(zuora_sdk.CustomObjectJobsApi(other_client))
        # Never the load's jobs, always the same cursor, and a job newer than any: only the cursor says stop.
        page = {"jobs": [{**sim.jobs[other], "CreatedDate": "2099-01-01T00:00:00.000Z"}], "cursor": other}
        sim.inject("list", times=1000, status=200, body=page)
        report, clock = load(sim, 9)  # three parts running at once: three jobs the list never shows
        assert report.ok
        for tick in ticks(sim, clock):
            assert tick["list"] <= 2  # the cursor seen again: the jobs are read with GETs


def test_a_lone_jobs_reads_follow_the_documented_schedule() -> None:
    """One job slot, two parts of 30 s: the first job, its length unknown, is read every 50 ms and
    then every twentieth of the time it has run; the second, its length learnt from the first, is
    read at max_poll_interval and once more just after its foreseen end, where it is done."""
    with ZuoraSimulator(processing_delay=30) as sim:
        report, clock = load(sim, 6, max_active_jobs=1)
        assert report.ok and len(report.parts) == 2
        first, second = clock.sleeps[:-2], clock.sleeps[-2:]
        run = 0.0
        for pause in first:
            assert pause == pytest.approx(max(0.05, 0.05 * run), rel=1e-6)
            run += pause
        # The job's length, as the service gives it: 30 s, and the real time that passed meanwhile
        # (the simulator's clock runs too), more on a busy machine.
        took = sim.jobs[str(report.parts[0].job_id)]["processingTime"] / 1000
        assert 30 <= took < 31
        assert run <= took * 1.05 + 0.05  # its end noticed at most 5% late
        assert second == pytest.approx([20.0, took * 1.005 + 0.01 - 20.0], abs=0.0015)
        per_tick = ticks(sim, clock)
        assert [tick["get"] for tick in per_tick[-3:]] == [1, 1, 1]  # two looks at the second job, no more
        assert Counter(sim.stats.requests)["get"] == len(first) + 2  # one read after each pause
