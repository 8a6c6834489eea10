"""When the bulk loader reads its running jobs, and with how many requests (workflows/polling.py).

The pacer runs on a clock moved by hand and the reader on a scripted job listing, so each test
pins the exact schedule the module docstring promises: a foreseen end looked at just after it, a
late job after a twentieth of how late it is, the learnt length a median of the latest nine, the
quota left never spent faster than half of it per window, and a list paged only while paging
costs less than reading the missing jobs one by one.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from zuora_sdk.exceptions import BadRequestException, ServiceException, UnexpectedResponseError
from zuora_sdk.models import CustomObjectBulkJobResponse
from zuora_sdk.workflows.polling import JobReader, PollPacer

SHORTEST, LONGEST = 0.05, 60.0


class HandClock:
    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:  # pragma: no cover - the pacer never sleeps
        raise AssertionError("the pacer only says when; it does not wait")


def pacer_at(now: float, **options: float) -> tuple[PollPacer, HandClock]:
    clock = HandClock(now)
    return PollPacer(options.get("shortest", SHORTEST), options.get("longest", LONGEST), clock), clock


def done(job_id: str, processing_ms: int | None, status: str = "completed") -> CustomObjectBulkJobResponse:
    return CustomObjectBulkJobResponse(id=job_id, status=status, processing_time=processing_ms)


def learnt(pacer: PollPacer, clock: HandClock, *seconds: float) -> None:
    """Jobs of the load that finished, each having taken so many seconds by the service's figure."""
    for i, took in enumerate(seconds):
        pacer.follow(f"old{i}", clock.now)
        pacer.finished(f"old{i}", done(f"old{i}", int(took * 1000)))


def tick_at(pacer: PollPacer, clock: HandClock, now: float) -> float:
    clock.now = now
    pacer.ticked()
    return pacer.next_tick()


# ----- the pacer ----------------------------------------------------------------------------------


def test_a_job_of_unknown_length_is_looked_at_after_a_twentieth_of_the_time_it_has_run() -> None:
    pacer, clock = pacer_at(0.0)
    pacer.follow("a", 0.0)
    assert pacer.next_tick() == pytest.approx(SHORTEST)  # no tick yet: one soon
    assert tick_at(pacer, clock, 0.02) == pytest.approx(0.02 + SHORTEST)  # never sooner than shortest
    assert tick_at(pacer, clock, 100.0) == pytest.approx(105.0)  # 5% of the 100 s it has run
    assert tick_at(pacer, clock, 2000.0) == pytest.approx(2000.0 + LONGEST)  # never later than longest
    later, clock = pacer_at(5000.0)  # whatever the clock reads, the first look comes shortest after the start
    later.follow("b", None)
    assert later.next_tick() == pytest.approx(5000.0 + SHORTEST)


def test_a_foreseen_end_is_looked_at_just_after_it() -> None:
    pacer, clock = pacer_at(0.0)
    learnt(pacer, clock, 100.0)
    pacer.follow("a", 0.0)
    # 100 s and a margin: 0.5% of it and 10 ms (the submit's way to the server, jitter).
    assert tick_at(pacer, clock, 50.0) == pytest.approx(100.51, abs=1e-9)
    # A foreseen end may come sooner than ``shortest`` after a tick, but never within 10 ms of it.
    assert tick_at(pacer, clock, 100.49) == pytest.approx(100.51, abs=1e-9)
    assert tick_at(pacer, clock, 100.505) == pytest.approx(100.515, abs=1e-9)


def test_a_late_job_is_looked_at_after_a_twentieth_of_how_late_it_is() -> None:
    pacer, clock = pacer_at(0.0)
    learnt(pacer, clock, 100.0)
    pacer.follow("a", 0.0)  # foreseen to end at 100.51
    # Just late: 0.5% of its length (0.5 s) after the tick, more than shortest or 5% of 0.49 s.
    assert tick_at(pacer, clock, 101.0) == pytest.approx(101.5, abs=1e-9)
    # Not done at the very moment foreseen: looked at again after 0.5% of its length, not at once.
    end = 0.0 + 100.0 * (1 + 0.005) + 0.01
    assert tick_at(pacer, clock, end) == pytest.approx(end + 0.5, abs=1e-9)
    # Long late: 5% of the 99.49 s it is late.
    assert tick_at(pacer, clock, 200.0) == pytest.approx(200.0 + 0.05 * 99.49, abs=1e-9)
    # Very late: no later than longest after the tick.
    assert tick_at(pacer, clock, 5000.0) == pytest.approx(5000.0 + LONGEST)


def test_the_soonest_of_several_jobs_decides_the_next_tick() -> None:
    pacer, clock = pacer_at(0.0)
    learnt(pacer, clock, 100.0)
    pacer.follow("early", 0.0)  # ends 100.51
    pacer.follow("later", 30.0)  # ends 130.51
    pacer.follow("taken up", None)  # length unknown (since the load took it up, at 0)
    assert tick_at(pacer, clock, 90.0) == pytest.approx(94.5)  # the taken-up one: 5% of 90 s
    pacer.finished("taken up", None)
    assert tick_at(pacer, clock, 94.5) == pytest.approx(100.51)
    pacer.finished("early", done("early", 100_000))
    assert tick_at(pacer, clock, 100.51) == pytest.approx(130.51)


def test_the_learnt_length_is_the_median_of_the_latest_nine_finished_jobs() -> None:
    pacer, clock = pacer_at(0.0)
    assert pacer.expected() is None
    learnt(pacer, clock, 1.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0)
    # The first (1 s) is forgotten: the median of 10..90 is 50 (of ten, it would be 45; of eight, 55).
    assert pacer.expected() == 50.0
    pacer.follow("a", 0.0)
    assert tick_at(pacer, clock, 1.0) == pytest.approx(50 * 1.005 + 0.01)


def test_a_jobs_length_is_the_services_figure_else_what_the_load_saw() -> None:
    pacer, clock = pacer_at(0.0)
    pacer.follow("timed", 0.0)
    clock.now = 45.0
    pacer.finished("timed", done("timed", 30_500))  # seen at 45 s, but the service says 30.5 s
    assert pacer.expected() == 30.5
    pacer.follow("untimed", 45.0)
    clock.now = 100.0
    pacer.finished("untimed", done("untimed", None, "failed"))  # no figure: seen done after 55 s
    assert pacer.durations == [30.5, 55.0]
    pacer.follow("taken up", None)  # its submit was not seen: how long it ran is unknown
    clock.now = 200.0
    pacer.finished("taken up", done("taken up", None))
    pacer.follow("cancelled", 200.0)
    clock.now = 300.0
    pacer.finished("cancelled", done("cancelled", 1_000, "cancelled"))
    assert pacer.durations == [30.5, 55.0]


@pytest.mark.parametrize(
    ("remaining", "reset", "pause"),
    [
        (10, 30.0, 6.0),  # 30 s to the reset, 5 requests (half of 10) to spend: one per 6 s
        (2, 30.0, 30.0),  # one request left to spend: the whole window
        (0, 30.0, 30.0),
        (11, None, LONGEST / 5.5),  # no reset said: spread over longest
    ],
)
def test_ticks_spend_at_most_half_of_the_quota_left_before_it_resets(
    remaining: int, reset: float | None, pause: float
) -> None:
    pacer, clock = pacer_at(50.0)
    pacer.follow("a", None)
    headers: dict[str, Any] = {"RateLimit-Remaining": str(remaining), "RateLimit-Limit": "100"}
    if reset is not None:
        headers["RateLimit-Reset"] = str(reset)
    pacer.read_quota(headers)
    assert tick_at(pacer, clock, 50.0) == pytest.approx(50.0 + pause)


def test_the_quota_paces_nothing_while_a_fifth_of_it_is_left() -> None:
    pacer, clock = pacer_at(50.0)
    pacer.follow("a", None)
    pacer.read_quota({"RateLimit-Remaining": "21", "RateLimit-Limit": "100", "RateLimit-Reset": "30"})
    assert tick_at(pacer, clock, 50.0) == pytest.approx(50.0 + SHORTEST)
    pacer.read_quota({"RateLimit-Remaining": "20", "RateLimit-Limit": "1000;w=86400, 100;w=60",
                      "RateLimit-Reset": "30"})
    assert tick_at(pacer, clock, 50.0) == pytest.approx(50.0 + 3.0)  # the minute's limit: 30 s / 10


@pytest.mark.parametrize("headers", [{"RateLimit-Remaining": "5"}, {"RateLimit-Limit": "100", "RateLimit-Reset": "30"}])
def test_quota_headers_without_the_quota_or_what_is_left_pace_nothing(headers: dict[str, str]) -> None:
    pacer, clock = pacer_at(50.0)
    pacer.follow("a", None)
    pacer.read_quota(headers)
    assert tick_at(pacer, clock, 50.0) == pytest.approx(50.0 + SHORTEST)


@pytest.mark.parametrize("reset", [30.0, None])
def test_the_pace_is_kept_through_a_window_and_set_afresh_in_the_next(reset: float | None) -> None:
    pacer, clock = pacer_at(50.0)
    pacer.follow("a", None)
    window = LONGEST if reset is None else reset

    def answer(remaining: int, now: float, reset_at: float) -> float:
        headers = {"RateLimit-Remaining": str(remaining), "RateLimit-Limit": "100"}
        if reset is not None:
            headers["RateLimit-Reset"] = str(reset_at - now)
        pacer.read_quota(headers)
        return tick_at(pacer, clock, now)

    pause = window / 5  # half of 10 left
    assert answer(10, 50.0, 80.0) == pytest.approx(50.0 + pause)
    assert answer(10, 50.0 + pause, 80.0) == pytest.approx(50.0 + 2 * pause)  # the same count: the same pace
    assert answer(9, 50.0 + 2 * pause, 80.0) == pytest.approx(50.0 + 3 * pause)  # fewer left: the same pace
    later = 50.0 + 3 * pause
    # More left: a new window, paced afresh (16 left: 8 to spend over it).
    assert answer(16, later, later + window) == pytest.approx(later + window / 8)


def test_ticks_paced_by_the_quota_never_use_it_up_nor_wait_past_its_reset() -> None:
    """Ticks as the loader runs them, each answer saying one request fewer is left: polling spends
    at most half of what was left when the quota ran low (16 of 100), and the next window starts on
    time."""
    pacer, clock = pacer_at(0.0, longest=0.5)  # unhindered, a tick every half second
    pacer.follow("a", None)
    window, reset_at = 60.0, 60.0
    remaining, ticks_in_window = 16, 0
    for _ in range(200):
        tick = pacer.next_tick()
        assert tick <= reset_at + 1e-9  # never past the reset
        clock.now = tick
        if clock.now >= reset_at - 1e-9:
            assert 2 < ticks_in_window <= 16 // 2 + 1  # the tick that found the quota low, then half of 16
            reset_at += window
            remaining, ticks_in_window = 16, 0
        pacer.ticked()
        remaining, ticks_in_window = remaining - 1, ticks_in_window + 1
        assert remaining >= 1  # its last request of the window is never polling's
        pacer.read_quota({"RateLimit-Remaining": str(remaining), "RateLimit-Limit": "100",
                          "RateLimit-Reset": str(reset_at - tick)})
    assert clock.now > 5 * window


# ----- the reader ---------------------------------------------------------------------------------

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


class Listing:
    """A job list served page by page (newest first); GETs answered for any job."""

    def __init__(self, pages: dict[str | None, tuple[list[tuple[str, datetime | None]], str | None]]) -> None:
        self.pages = pages
        self.calls: list[tuple[str, Any]] = []

    def get_all_custom_object_bulk_jobs(self, page_size: int, cursor: str | None = None) -> Any:
        self.calls.append(("list", page_size))
        jobs, after = self.pages[cursor]
        listed = [CustomObjectBulkJobResponse(id=job_id, status="processing", created_date=created)
                  for job_id, created in jobs]
        return type("Page", (), {"jobs": listed, "cursor": after})()

    def get_custom_object_bulk_job(self, job_id: str) -> CustomObjectBulkJobResponse:
        self.calls.append(("get", job_id))
        return CustomObjectBulkJobResponse(id=job_id, status="processing")


def read(listing: Listing, jobs: dict[str, datetime | None]) -> tuple[set[str], list[tuple[str, Any]]]:
    found = JobReader(listing).read(jobs)  # type: ignore[arg-type]
    return set(found), listing.calls


def test_no_jobs_cost_no_request_and_a_lone_job_one_get() -> None:
    listing = Listing({None: ([("a", None)], None)})
    assert read(listing, {}) == (set(), [])
    assert read(listing, {"a": None}) == ({"a"}, [("get", "a")])


def test_jobs_the_first_page_shows_cost_one_request() -> None:
    # No creation times on the page: only the count of missing jobs says stop.
    listing = Listing({None: ([("x", None), ("b", None), ("a", None), ("c", None)], "p2"), "p2": ([("y", None)], None)})
    assert read(listing, dict.fromkeys("abc")) == (set("abc"), [("list", 20)])


def test_one_job_missing_after_a_page_is_read_with_a_get_not_another_page() -> None:
    listing = Listing({None: ([("a", None), ("x", None)], "p2"), "p2": ([("b", None)], None)})
    assert read(listing, dict.fromkeys("ab")) == (set("ab"), [("list", 20), ("get", "b")])


def test_the_list_is_paged_while_more_jobs_are_missing_than_pages_read_with_pages_doubling() -> None:
    listing = Listing({
        None: ([("x", None), ("a", None)], "p2"),
        "p2": ([("y", None), ("b", None)], "p3"),
        "p3": ([("c", None)], "p4"),
        "p4": ([("z", None)], None),
    })
    reader = JobReader(listing)  # type: ignore[arg-type]
    found = reader.read(dict.fromkeys("abc"))
    # Two missing after one page: a second page (twice as large). One missing after two: its GET.
    assert set(found) == set("abc")
    assert listing.calls == [("list", 20), ("list", 40), ("get", "c")]
    listing.calls.clear()
    reader.read(dict.fromkeys("abc"))
    assert listing.calls[0] == ("list", 40)  # the next tick asks for the larger page at once


def test_the_page_size_doubles_up_to_the_largest_page() -> None:
    ids = [f"j{i}" for i in range(8)]
    pages: dict[str | None, tuple[list[tuple[str, datetime | None]], str | None]] = {
        None if i == 0 else f"p{i}": ([(f"x{i}", None)], f"p{i + 1}") for i in range(8)
    }
    listing = Listing(pages)
    reader = JobReader(listing)  # type: ignore[arg-type]
    reader.read(dict.fromkeys(ids))
    sizes = [size for route, size in listing.calls if route == "list"]
    assert sizes == [20, 40, 80, 100, 100, 100, 100, 100]  # eight pages read: as many as the jobs missing
    assert [call for call in listing.calls if call[0] == "get"] == [("get", job_id) for job_id in ids]


def test_an_empty_page_ends_the_listing_even_with_a_cursor() -> None:
    listing = Listing({None: ([], "p2"), "p2": ([("a", None), ("b", None), ("c", None)], None)})
    found, calls = read(listing, dict.fromkeys("abc"))
    assert found == set("abc") and calls == [("list", 20), ("get", "a"), ("get", "b"), ("get", "c")]


def test_a_list_past_the_loads_jobs_stops_and_they_are_read_with_gets() -> None:
    # Newest first: the page's last job is older than every missing one, so they are not further down.
    listing = Listing({None: ([("x", at(6)), ("y", at(1))], "p2"), "p2": ([("a", at(3))], None)})
    found, calls = read(listing, {"a": at(3), "b": at(4), "c": at(5)})
    assert found == set("abc") and calls == [("list", 20), ("get", "a"), ("get", "b"), ("get", "c")]


def test_a_list_not_yet_past_a_job_of_unknown_creation_pages_on() -> None:
    listing = Listing({None: ([("x", at(2)), ("y", at(1))], "p2"), "p2": ([("a", at(0)), ("b", at(0))], None)})
    found, calls = read(listing, {"a": at(3), "b": None, "c": at(5)})
    assert found == set("abc") and calls == [("list", 20), ("list", 40), ("get", "c")]


@pytest.mark.parametrize("minutes", [(1, 1, 1), (0, -1, -2)], ids=["as old as the page's last", "older"])
def test_jobs_not_newer_than_the_pages_last_are_looked_for_further_down(minutes: tuple[int, int, int]) -> None:
    a, b, c = (at(m) for m in minutes)
    listing = Listing({None: ([("x", at(2)), ("y", at(1))], "p2"), "p2": ([("a", a), ("b", b)], None)})
    found, calls = read(listing, {"a": a, "b": b, "c": c})
    assert found == set("abc") and calls == [("list", 20), ("list", 40), ("get", "c")]


def test_a_list_the_service_refuses_is_not_asked_for_again() -> None:
    class Refusing(Listing):
        def get_all_custom_object_bulk_jobs(self, page_size: int, cursor: str | None = None) -> Any:
            self.calls.append(("list", page_size))
            raise BadRequestException(status=400, reason="Bad Request")

    listing = Refusing({})
    reader = JobReader(listing)  # type: ignore[arg-type]
    assert set(reader.read(dict.fromkeys("ab"))) == set("ab")
    assert set(reader.read(dict.fromkeys("ab"))) == set("ab")
    assert listing.calls == [("list", 20), ("get", "a"), ("get", "b"), ("get", "a"), ("get", "b")]


def test_a_job_whose_read_failed_for_a_while_is_left_to_the_next_tick() -> None:
    class Flaky(Listing):
        def get_custom_object_bulk_job(self, job_id: str) -> CustomObjectBulkJobResponse:
            if job_id == "a":
                self.calls.append(("get", job_id))
                raise ServiceException(status=503, reason="Service Unavailable")
            return super().get_custom_object_bulk_job(job_id)

    listing = Flaky({None: ([], None)})
    assert read(listing, dict.fromkeys("abc")) == ({"b", "c"}, [("list", 20), ("get", "a"), ("get", "b"), ("get", "c")])


def test_an_answer_that_holds_no_job_is_refused() -> None:
    class Blank(Listing):
        def get_custom_object_bulk_job(self, job_id: str) -> CustomObjectBulkJobResponse:
            return CustomObjectBulkJobResponse(status="processing")

    with pytest.raises(UnexpectedResponseError, match="held no job"):
        JobReader(Blank({})).read({"a": None})  # type: ignore[arg-type]
