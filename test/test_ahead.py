"""The next part is cut while the current one uploads: items made ahead in a thread, in order,
errors where they happened, and nothing left behind (thread, part file) however the use ends."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.workflows.ahead import ReadAhead

WAIT = 30.0  # a bound far from any hang; the waits below end as soon as the worker has moved


class Source:
    """Numbers 0, 1, ... up to ``count`` (then ``error`` if given), noting how many were made."""

    def __init__(self, count: int, error: Exception | None = None) -> None:
        self.count, self.error = count, error
        self.made = 0
        self.closed = False
        self.threads: set[str] = set()
        self.changed = threading.Condition()

    def __iter__(self) -> Iterator[int]:
        try:
            for number in range(self.count):
                self.threads.add(threading.current_thread().name)
                with self.changed:
                    self.made += 1
                    self.changed.notify_all()
                yield number
            if self.error is not None:
                raise self.error
        finally:
            self.closed = True

    def wait_made(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.made >= count, timeout=WAIT)


def workers() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "zuora-read-ahead"]


def test_items_come_in_order_made_one_ahead_in_another_thread() -> None:
    source = Source(5)
    with ReadAhead(iter(source)) as ahead:
        assert list(ahead) == [0, 1, 2, 3, 4]
    assert source.threads == {"zuora-read-ahead"} and source.closed and not workers()


def test_one_item_is_made_ahead_and_dropped_when_closed_early() -> None:
    source = Source(10)
    dropped: list[int] = []
    ahead = ReadAhead(iter(source), discard=dropped.append)
    assert next(ahead) == 0
    source.wait_made(2)  # item 1 is made while the caller holds item 0
    ahead.close()
    # Nobody asked for item 2: it was never made; item 1 was made and never taken.
    assert source.made == 2 and dropped == [1] and source.closed and not workers()
    with pytest.raises(StopIteration):
        next(ahead)


def test_an_error_comes_after_the_items_made_before_it() -> None:
    source = Source(2, error=ValueError("row 7 is bad"))
    with ReadAhead(iter(source)) as ahead:
        assert next(ahead) == 0 and next(ahead) == 1
        with pytest.raises(ValueError, match="row 7 is bad"):
            next(ahead)
        with pytest.raises(StopIteration):
            next(ahead)
    assert not workers()


def test_nothing_is_made_before_the_first_item_is_asked_for() -> None:
    source = Source(3)
    ReadAhead(iter(source)).close()
    assert source.made == 0 and not workers()


def test_a_load_stopped_midway_leaves_no_thread_and_no_part_file(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the loader's work directory goes
    source = tmp_path / "in.csv"
    source.write_text("Name__c,Year__c\n" + "".join(f"car {i},{1990 + i % 30}\n" for i in range(2_000)))
    # Uploads are refused: the load stops while the next part is cut ahead.
    sim.inject("upload", times=100, status=403, body={"code": 71012515, "message": "No permission"})
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=2_000, poll_interval=0.01)
    with pytest.raises(zuora_sdk.BulkLoadError, match="No permission"):
        loader.load(source)
    assert not workers()
    assert [path.name for path in tmp_path.iterdir()] == ["in.csv"]


def test_rows_given_by_the_caller_are_read_in_the_callers_thread(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    threads: set[str] = set()

    def rows() -> Iterator[dict[str, object]]:
        for i in range(300):
            threads.add(threading.current_thread().name)
            yield {"Name__c": f"car {i}", "Year__c": 2000}

    report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=2_000, poll_interval=0.01).load(rows())
    assert report.rows_total == 300 and threads == {threading.current_thread().name}
