"""The bulk loader off its happy path, and the simulator check every loader test relies on.

- a loader given fewer job slots than the tenant has never runs more jobs than it was given;
- a resumed load does not submit again a part that ended failed or cancelled;
- an upload whose answer is lost while its job is already running is not sent twice;
- the simulator refuses a row with too few values (were it to take it, loader tests would pass
  on rows a real tenant refuses).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator


def a_part_each(count: int) -> bytes:
    """A CSV of ``count`` rows, each long enough to fill a part of 64 bytes on its own."""
    return b"Name__c,Year__c\n" + b"".join(b"%s,2020\n" % f"r{i}".ljust(40, ".").encode() for i in range(count))


def vehicles(count: int, year: object = 2020) -> list[dict[str, object]]:
    return [{"Name__c": f"car {i}", "Year__c": year} for i in range(count)]


def most_jobs_at_once(sim: ZuoraSimulator) -> int:
    """The most jobs that were running at the same time, from each job's creation and end."""
    moments: list[tuple[datetime, int]] = []
    for job in sim.jobs.values():
        moments.append((datetime.fromisoformat(job["CreatedDate"]), 1))
        moments.append((datetime.fromisoformat(job["UpdatedDate"]), -1))  # when it finished
    running = most = 0
    for _, change in sorted(moments):  # at the same moment an end (-1) comes before a start
        running += change
        most = max(most, running)
    return most


# ----- the simulator refuses short rows --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "failed_rows", "stored"),
    [
        ("Name__c,Year__c\nA\n", [2], 0),  # every row short: refused, though Year__c is optional
        ("Name__c,Year__c\nA\nB\nC\n", [2, 3, 4], 0),
        ("Name__c,Year__c\nA,2020\nB\nC,2021\n", [3], 2),  # one short row among good ones
        ("Name__c,Make__c,Year__c\nA,Tesla\nB,,\n", [2], 1),
    ],
)
def test_the_simulator_refuses_a_row_with_too_few_values(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, text: str, failed_rows: list[int], stored: int
) -> None:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, text)
    job = zuora_sdk.wait_for_job(api, job_id, poll_interval=0.01, timeout=10)
    errors = list(zuora_sdk.iter_job_errors(api, job_id))
    assert [error.row for error in errors] == failed_rows
    width = len(text.split("\n", 1)[0].split(","))
    assert all(f"Expected {width} values but found" in (error.message or "") for error in errors)
    assert len(sim.records("vehicle")) == stored
    assert job.status == ("completed" if stored else "failed")


# ----- fewer job slots than the tenant's ----------------------------------------------------------------------


def test_a_loader_given_two_job_slots_never_runs_more_than_two_jobs() -> None:
    # Jobs run for 0.4 s, so the loader has every chance to start more than it may.
    with ZuoraSimulator(processing_delay=0.4) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        loader = zuora_sdk.BulkLoader(api, "vehicle", max_active_jobs=2, part_bytes=300, poll_interval=0.01)
        report = loader.load(vehicles(100))
        assert report.ok and report.records_processed == 100
        assert len(report.parts) >= 4  # enough parts that a third and fourth job could have overlapped
        assert most_jobs_at_once(sim) == 2  # it used both slots, and never a third
        assert sim.stats.rejected_429 == 0  # the tenant's own limit (5) was never what held it back


# ----- resuming after parts that ended failed or cancelled ------------------------------------------------------


def test_a_resumed_load_does_not_submit_again_parts_that_ended_failed_or_cancelled(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    rows = vehicles(60, year="soon")  # no row can load: each job that runs fails
    progress, failed_path = tmp_path / "load.progress", tmp_path / "failed.csv"
    options = {"part_bytes": 256, "poll_interval": 0.01, "max_active_jobs": 1, "progress_file": progress,
               "failed_rows_path": failed_path}

    def stop_after_two_parts(event: zuora_sdk.LoadProgress) -> None:
        if event.parts_done >= 2:
            raise KeyboardInterrupt

    # Part 0's file is refused, so the loader cancels its job; part 1's job runs and fails.
    sim.inject("upload", status=400, body={"code": 71013620, "message": "The file was refused."})
    with pytest.raises(KeyboardInterrupt):
        zuora_sdk.BulkLoader(api, "vehicle", on_progress=stop_after_two_parts, **options).load(rows)  # type: ignore[arg-type]
    statuses = sorted(str(job["status"]) for job in sim.jobs.values())
    assert statuses == ["cancelled", "failed"]

    report = zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows)  # type: ignore[arg-type]
    assert len(report.parts) > 2 and report.resumed_parts == 2
    assert [part.status for part in report.parts[:2]] == ["cancelled", "failed"]
    assert [part.rows_failed for part in report.parts[:2]] == [report.parts[0].rows, report.parts[1].rows]
    assert sim.stats.jobs_created == len(report.parts)  # one job per part: none submitted again
    assert sim.stats.uploads_accepted == len(report.parts) - 1  # part 0's file was never taken
    assert sorted(row.input_row for row in report.failed_rows) == list(range(2, 62))
    with failed_path.open(newline="") as fh:
        written = list(csv.reader(fh))
    assert written[0] == ["Name__c", "Year__c"]
    assert sorted(written[1:]) == sorted([f"car {i}", "soon"] for i in range(60))  # each row once


# ----- a lost upload answer while the job is running ------------------------------------------------------------


def test_a_lost_upload_answer_while_the_job_runs_loads_the_part_once() -> None:
    with ZuoraSimulator(processing_delay=0.3) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        sim.inject("upload", action="drop_after")  # the file is taken; the answer is lost
        report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(vehicles(50))
        assert report.ok and report.records_processed == 50
        assert sim.stats.jobs_created == 1 and sim.stats.uploads_accepted == 1
        assert sim.stats.requests["upload"] == 1  # never sent a second time
        assert len(sim.records("vehicle")) == 50


def test_a_row_error_without_a_data_row_is_kept_in_the_parts_error(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("errors", status=200, body={"errors": [{"code": "71013099", "message": "bad header", "row": 1}]})
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(b"Name__c,Year__c\nA,2020\n")
    assert report.parts[0].error == "row 1: 71013099: bad header" and report.failed_rows == []
    assert not report.ok



def test_a_row_error_without_a_row_number_is_kept_in_the_parts_error(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("errors", status=200, body={"errors": [{"code": "71013099", "message": "bad file"}]})
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(b"Name__c,Year__c\nA,2020\n")
    assert report.parts[0].error == "71013099: bad file" and report.failed_rows == []
    assert not report.ok


def test_foreign_jobs_must_be_job_ids(api: zuora_sdk.CustomObjectJobsApi) -> None:
    for bad in ("job-1", ["job-1", ""], ["job-1", 7]):  # a lone id, an empty one, one not a string
        with pytest.raises(zuora_sdk.ApiValueError, match="foreign_jobs must be a collection of job ids"):
            zuora_sdk.BulkLoader(api, "vehicle", foreign_jobs=bad)  # type: ignore[arg-type]
    zuora_sdk.BulkLoader(api, "vehicle", foreign_jobs=("job-1", "job-2"))


def test_the_failed_rows_file_is_started_afresh_over_a_longer_one(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    failed = tmp_path / "failed.csv"
    failed.write_text("an earlier load's rows\n" * 1000)
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005, failed_rows_path=failed).load(
        b"Name__c,Year__c\nA,2020\nB,soon\n"
    )
    assert [row.input_row for row in report.failed_rows] == [3]
    assert failed.read_bytes() == b"Name__c,Year__c\r\nB,soon\r\n"
    assert failed.stat().st_mode & 0o777 == 0o600


def test_a_failed_row_carries_the_record_zuora_reported(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nA,2020\nB,soon\n")
    (row,) = report.failed_rows
    assert row.values == {"Name__c": "B", "Year__c": "soon"}
    assert row.record is not None and row.record["Name__c"] == "B"
    # An error without the record: none to carry.
    sim.inject("errors", status=200, body={"errors": [{"code": "71013099", "message": "bad value", "row": 2}]})
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nC,2021\n")
    (row,) = report.failed_rows
    assert (row.input_row, row.values, row.record) == (2, {"Name__c": "C", "Year__c": "2021"}, None)


def test_a_stopped_load_says_how_many_parts_finished(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    finished = 0

    def stop_after_two(event: zuora_sdk.LoadProgress) -> None:
        nonlocal finished
        if event.event.startswith("job ") and " completed: " in event.event:
            finished += 1
            if finished == 2:
                sim.inject("submit", status=403, times=100, body={"code": 71012515, "message": "No permission"})

    rows = a_part_each(3)
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, max_active_jobs=1, poll_interval=0.005,
                                  on_progress=stop_after_two)
    stopped = (r"load stopped after 2 finished part\(s\) \(\(403\) Forbidden - 71012515 No permission .*; "
               r"no progress file was set")
    with pytest.raises(zuora_sdk.BulkLoadError, match=stopped):
        loader.load(rows)


def test_a_stopped_load_without_a_progress_file_cancels_only_jobs_waiting_for_a_file() -> None:
    with ZuoraSimulator(processing_delay=30) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        def stop(event: zuora_sdk.LoadProgress) -> None:
            if event.event.startswith("part 1 uploaded"):
                raise RuntimeError("stopped by the caller")

        rows = a_part_each(2)
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", part_bytes=64,
                                      poll_interval=0.005, on_progress=stop)
        with pytest.raises(zuora_sdk.BulkLoadError, match="stopped by the caller") as caught:
            loader.load(rows)
        assert caught.value.report is not None  # the running jobs are listed, to be followed
        assert [(part.job_id, part.error) for part in caught.value.report.parts] == [
            (job_id, "still running when the load stopped") for job_id in sim.jobs]
        # Both jobs took their files and run: there is nothing to free, and no cancel is sent.
        assert sorted(job["status"] for job in sim.jobs.values()) == ["in_progress", "in_progress"]
        assert "cancel" not in sim.stats.requests

    # One part done, the next one's job took its file: no cancel either.
    with ZuoraSimulator() as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", part_bytes=64,
                                      max_active_jobs=1, poll_interval=0.005, on_progress=stop)
        with pytest.raises(zuora_sdk.BulkLoadError, match="stopped by the caller"):
            loader.load(rows)
        assert sim.stats.jobs_created == 2 and "cancel" not in sim.stats.requests


def test_an_upload_whose_answer_and_read_back_are_lost_is_settled_by_the_refused_cancel(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("upload", action="drop_after")  # the file is taken; the answer is lost
    sim.inject("get", status=404, body={"code": 71013040, "message": "Not Found."})  # so is the read-back
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nA,2020\nB,2021\n")
    # The job refused to be cancelled: it had taken the file. The part is loaded once, in that job.
    assert report.ok and sim.stats.jobs_created == 1 and sim.stats.uploads_accepted == 1
    assert sim.stats.requests["cancel"] == 1 and len(sim.records("vehicle")) == 2


def test_a_delete_reports_one_part_without_rows(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nA,2020\n")
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).delete(
        {"conditions": [{"field": "Name__c", "operator": "EQ", "value": "A"}]}
    )
    assert [(part.index, part.first_row, part.rows, part.status) for part in report.parts] == [(0, 2, 0, "completed")]
    assert sim.records("vehicle") == []


def test_a_load_removes_the_part_files_of_loads_whose_process_is_gone(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    children = [subprocess.Popen([sys.executable, "-c", ""]) for _ in range(3)]
    for child in children:
        child.wait()  # gone; their pids, as a rule, are above ours
    gone = [tmp_path / f"zuora-load-{child.pid}-x{n}" for n, child in enumerate(children)]
    alive = tmp_path / f"zuora-load-{os.getppid()}-x"  # a load still running in another process
    ours = tmp_path / f"zuora-load-{os.getpid()}-x"  # this process's own (an earlier load's, kept)
    others = [tmp_path / f"other-{n}" for n in range(5)]  # not part files: not looked into
    for workdir in (*gone, alive, ours, *others):
        workdir.mkdir()
        (workdir / "part-0.csv").write_text("Name__c\nA\n")
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c\nB\n")
    assert report.ok
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(path.name for path in (alive, ours, *others))


def test_a_job_whose_read_failed_does_not_hold_up_a_finished_one(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(sim, retries=zuora_sdk.RetryPolicy.off())) as client:
        sim.inject("list", status=403, body={"code": 71012515, "message": "No permission"})  # jobs read one by one
        sim.inject("get", status=503)  # part 0's job, on the first tick
        loader = zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", part_bytes=64,
                                      poll_interval=0.005)
        rows = a_part_each(2)
        report = loader.load(rows)
    assert report.ok and [part.job_id for part in report.parts] == list(sim.jobs)
    reads = [entry.path.rsplit("/", 1)[-1] for entry in sim.request_log if entry.route == "get"]
    # Part 1's job was seen finished on the tick that failed to read part 0's: read once.
    assert reads.count(str(report.parts[1].job_id)) == 1 and reads.count(str(report.parts[0].job_id)) == 2


@pytest.mark.parametrize("option", ["max_active_jobs", "part_attempts", "part_bytes"])
def test_counts_below_their_minimum_are_refused(api: zuora_sdk.CustomObjectJobsApi, option: str) -> None:
    low = {"max_active_jobs": 0, "part_attempts": 0, "part_bytes": 63}[option]
    with pytest.raises(zuora_sdk.ApiValueError, match=f"^{option} must be an integer >= {low + 1}, not {low}$"):
        zuora_sdk.BulkLoader(api, "vehicle", **{option: low})
    for wrong in (True, 2.0, "2"):
        with pytest.raises(zuora_sdk.ApiValueError, match=f"^{option} must be an integer"):
            zuora_sdk.BulkLoader(api, "vehicle", **{option: wrong})


def test_a_part_whose_job_is_gone_when_its_file_is_refused_gets_another(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    events: list[str] = []
    sim.inject("upload", status=404, body={"code": 71013040, "message": "Not Found."})
    sim.inject("get", status=404, body={"code": 71013040, "message": "Not Found."})
    loader = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005, on_progress=lambda e: events.append(e.event))
    report = loader.load(b"Name__c,Year__c\nA,2020\n")
    assert report.ok and sim.stats.jobs_created == 2 and len(sim.records("vehicle")) == 1
    first = next(iter(sim.jobs))
    assert f"part 0: job {first} is gone and refused the file; the part gets another job" in events


def test_a_failed_job_says_why_in_its_part(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nA,soon\nB,later\n")
    (part,) = report.parts
    assert part.status == "failed" and part.rows_failed == 2
    assert part.error == "71013620: All 2 records failed; list the job's errors for details."


def test_an_error_row_past_the_parts_end_is_kept_without_values(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("errors", status=200, body={"errors": [{"code": "71013099", "message": "bad value", "row": 3}]})
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nC,2021\n")
    (row,) = report.failed_rows  # the service counted rows otherwise: reported, not lost
    assert (row.input_row, row.code, row.values) == (3, "71013099", None)


def test_an_update_load_writes_its_failed_rows_too(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nA,2020\n")
    (record,) = sim.records("vehicle")
    failed = tmp_path / "failed.csv"
    loader = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005, failed_rows_path=failed)
    report = loader.load(f"Id,Year__c\n{record['Id']},soon\n".encode(), "update")
    assert [row.input_row for row in report.failed_rows] == [2]
    assert failed.read_bytes() == f"Id,Year__c\r\n{record['Id']},soon\r\n".encode()


def test_part_bytes_are_held_to_the_clients_max_file_bytes(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(sim, max_file_bytes=1000)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        with pytest.raises(zuora_sdk.ApiValueError, match=r"part_bytes \(2000\) is over Configuration.max_file_bytes"):
            zuora_sdk.BulkLoader(api, "vehicle", part_bytes=2000)
        zuora_sdk.BulkLoader(api, "vehicle", part_bytes=1000)
    with zuora_sdk.ApiClient(make_config(sim, max_file_bytes=None)) as client:  # no limit of its own: Zuora's
        zuora_sdk.BulkLoader(zuora_sdk.CustomObjectJobsApi(client), "vehicle", part_bytes=1000)


@pytest.mark.parametrize("name", ["", "  ", None])
def test_an_object_name_is_required(api: zuora_sdk.CustomObjectJobsApi, name: object) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="object"):
        zuora_sdk.BulkLoader(api, name)  # type: ignore[arg-type]


def test_an_update_named_by_a_string_built_at_run_time_needs_its_id_column(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    operation = "".join(["up", "date"])  # equal to "update", not the same object
    with pytest.raises(zuora_sdk.ApiValueError, match="an update needs an Id column"):
        zuora_sdk.BulkLoader(api, "vehicle").load(b"Name__c,Year__c\nA,2020\n", operation)
    assert sim.stats.jobs_created == 0


def test_a_row_with_more_values_than_the_header_is_reported_with_those_it_names(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nA,2020,extra\nB,2021\n")
    (row,) = report.failed_rows
    assert (row.input_row, row.values) == (2, {"Name__c": "A", "Year__c": "2020"})


def test_the_rows_of_a_failed_job_without_row_errors_carry_the_jobs_reason(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("errors", status=200, body={"errors": []})
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nA,soon\n")
    reason = "71013620: All 1 records failed; list the job's errors for details."
    assert [(row.code, row.message) for row in report.failed_rows] == [("JOB_FAILED", reason)]


def test_a_part_gets_three_jobs_at_most_by_default(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    sim.inject("submit", action="drop_before", times=3)  # three submits lost on their way: nothing made
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(b"Name__c,Year__c\nA,2020\n")
    assert sim.stats.requests["submit"] == 3 and not report.ok and sim.jobs == {}
