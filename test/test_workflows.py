"""Paging, waiting, upload checks and the bulk loader, against the simulator."""

from __future__ import annotations

import csv
import inspect
import json
from pathlib import Path

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.workflows.loader import LoaderOptions


def vehicles(count: int, bad_every: int = 0) -> list[dict[str, object]]:
    """Rows for the `vehicle` object; every `bad_every`-th one has a Year__c that is not a number."""
    return [
        {"Name__c": f"car {i}", "Year__c": "soon" if bad_every and i % bad_every == 0 else 1990 + i % 30}
        for i in range(count)
    ]


def test_iter_jobs_walks_every_page_newest_first(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    ids = []
    for _ in range(7):
        job_id = submit(api)
        api.cancel_custom_object_bulk_job(job_id)  # cancelled jobs do not hold one of the 5 slots
        ids.append(job_id)
    seen = [job.id for job in zuora_sdk.iter_jobs(api, page_size=2)]
    assert seen == ids[::-1]
    assert sim.stats.requests.get("list") == 4  # pages of 2, 2, 2, 1
    assert [job.id for job in zuora_sdk.iter_jobs(api, page_size=3, limit=4)] == ids[::-1][:4]
    assert list(zuora_sdk.iter_jobs(api, status="completed")) == []


def test_wait_for_job_reports_progress_and_returns_the_final_job(api: zuora_sdk.CustomObjectJobsApi) -> None:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c,Year__c\nA,2020\nB,oops\n")
    seen: list[str] = []
    job = zuora_sdk.wait_for_job(api, job_id, poll_interval=0.01, on_progress=lambda j: seen.append(str(j.status)))
    assert job.status == "completed" and job.records_processed == 2
    assert seen[-1] == "completed"
    errors = list(zuora_sdk.iter_job_errors(api, job_id))
    assert [(e.row, e.record.to_dict()["Name__c"] if e.record else None) for e in errors] == [(3, "B")]


def test_wait_for_job_times_out_with_the_last_job_seen() -> None:
    with ZuoraSimulator(processing_delay=60) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nA\n")
        with pytest.raises(zuora_sdk.JobWaitTimeout) as caught:
            zuora_sdk.wait_for_job(api, job_id, timeout=0.2, poll_interval=0.05)
        assert caught.value.job is not None and caught.value.job.status == "in_progress"


def test_raise_for_job_carries_the_reason_and_first_errors(api: zuora_sdk.CustomObjectJobsApi) -> None:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "NoSuchField__c\nA\n")
    job = zuora_sdk.wait_for_job(api, job_id, poll_interval=0.01)
    assert job.status == "failed"
    with pytest.raises(zuora_sdk.JobFailedError) as caught:
        zuora_sdk.raise_for_job(api, job)
    assert caught.value.job is job and job_id in str(caught.value)
    completed = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", completed, "Name__c\nA\n")
    done = zuora_sdk.wait_for_job(api, completed, poll_interval=0.01)
    assert zuora_sdk.raise_for_job(api, done) is done


@pytest.mark.parametrize(
    ("operation", "file", "message"),
    [
        ("update", "Name__c\nA\n", "Id column"),
        ("update", [{"Name__c": "A"}], "Id column"),
        ("create", "\n", "header"),
    ],
)
def test_upload_csv_refuses_a_file_bound_to_fail_before_sending_it(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, operation: str, file: object, message: str
) -> None:
    job = api.get_custom_object_bulk_job(submit(api, operation))
    with pytest.raises(zuora_sdk.ApiValueError, match=message):
        zuora_sdk.upload_csv(api, job, file)
    assert sim.stats.requests.get("upload") is None


def test_upload_csv_sends_a_good_file_and_refuses_a_job_that_is_not_pending(
    api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    path = tmp_path / "cars.csv"
    path.write_text("Name__c,Year__c\nA,2020\n")
    job_id = submit(api)
    assert zuora_sdk.upload_csv(api, job_id, path, content_encoding="gzip").status == "in_progress"
    with pytest.raises(zuora_sdk.ApiValueError, match="pending"):
        zuora_sdk.upload_csv(api, job_id, path)


def test_bulk_load_of_100k_rows_maps_every_failed_row_to_its_input_row(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    source = tmp_path / "cars.csv"
    rows = vehicles(120_000, bad_every=997)
    with source.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, ["Name__c", "Year__c"])
        writer.writeheader()
        writer.writerows(rows)
    failed_path = tmp_path / "failed.csv"
    events: list[zuora_sdk.LoadProgress] = []
    loader = zuora_sdk.BulkLoader(
        api, "vehicle", part_bytes=200_000, poll_interval=0.01, failed_rows_path=failed_path, on_progress=events.append
    )
    report = loader.load(source)

    bad = [i for i in range(len(rows)) if i % 997 == 0]
    assert len(report.parts) > 5 and sim.stats.jobs_created == len(report.parts)
    assert all(part.status == "completed" for part in report.parts)
    assert report.rows_total == len(rows) and report.records_processed == len(rows)
    assert [row.input_row for row in report.failed_rows] == [i + 2 for i in bad]  # header is row 1
    expected = [{"Name__c": f"car {i}", "Year__c": "soon"} for i in bad]
    assert [row.values for row in report.failed_rows] == expected
    assert all("Year__c" in row.message for row in report.failed_rows)
    assert len(sim.records("vehicle")) == len(rows) - len(bad)
    assert not report.ok and report.rows_failed == len(bad)
    with failed_path.open(newline="") as fh:
        assert list(csv.reader(fh)) == [["Name__c", "Year__c"]] + [[f"car {i}", "soon"] for i in bad]
    assert events[-1].event == "load finished" and events[-1].rows_failed == len(bad)
    assert max(event.active_jobs for event in events) <= 5


def test_bulk_load_waits_for_a_slot_when_the_tenant_is_full(tmp_path: Path) -> None:
    with ZuoraSimulator(max_concurrent_jobs=2, processing_delay=0.05) as sim, \
            zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        blocker = submit(api)  # another client holds one of the two slots for a while
        report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=2_000, poll_interval=0.01).load(vehicles(500))
        assert report.ok and report.records_processed == 500
        assert sim.stats.rejected_429 > 0  # it did meet the limit, and waited instead of failing
        assert sim.stats.jobs_created == len(report.parts) + 1
        assert api.get_custom_object_bulk_job(blocker).status == "pending"


def test_an_interrupted_load_resumes_without_loading_a_part_twice(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    rows = vehicles(20_000, bad_every=1000)
    progress = tmp_path / "load.progress"
    failed_path = tmp_path / "failed.csv"

    def stop_after_two_jobs(event: zuora_sdk.LoadProgress) -> None:
        if event.parts_done >= 2:
            raise KeyboardInterrupt

    options = {"part_bytes": 50_000, "poll_interval": 0.01, "progress_file": progress, "failed_rows_path": failed_path}
    with pytest.raises(KeyboardInterrupt):
        zuora_sdk.BulkLoader(api, "vehicle", on_progress=stop_after_two_jobs, **options).load(rows)  # type: ignore[arg-type]
    created_before = sim.stats.jobs_created

    report = zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows)  # type: ignore[arg-type]
    assert report.resumed_parts >= 2
    assert sim.stats.jobs_created == len(report.parts) >= created_before
    assert len(sim.records("vehicle")) == 20_000 - 20 and report.records_processed == 20_000
    assert [row.input_row for row in report.failed_rows] == [i + 2 for i in range(0, 20_000, 1000)]
    with failed_path.open(newline="") as fh:
        assert len(list(csv.reader(fh))) == 1 + 20  # the header once, each failed row once
    assert json.loads(progress.read_text().splitlines()[-1].rsplit(" ", 1)[0]) == {"complete": True}

    again = zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows)  # type: ignore[arg-type]
    assert sim.stats.jobs_created == len(report.parts) and again.rows_failed == 20
    with pytest.raises(zuora_sdk.ApiValueError, match="differs"):
        zuora_sdk.BulkLoader(api, "vehicle", **options).load(vehicles(20_000))  # type: ignore[arg-type]


def test_a_load_that_cannot_be_submitted_stops_loudly_with_its_report(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("submit", status=403, times=100, body={"code": 71012515, "message": "No permission"})
    with pytest.raises(zuora_sdk.BulkLoadError) as caught:
        zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(vehicles(10))
    assert "No permission" in str(caught.value) and caught.value.report is not None


def test_update_load_needs_an_id_column_and_checks_before_sending(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="Id column"):
        zuora_sdk.load_records(api, "vehicle", vehicles(3), "update")
    # A column that sorts before "id" is still not one.
    with pytest.raises(zuora_sdk.ApiValueError, match="Id column"):
        zuora_sdk.load_records(api, "vehicle", b"Active__c,Name__c\ntrue,A\n", "update")
    assert sim.stats.jobs_created == 0


def test_create_update_and_delete_by_filter_act_on_the_same_records(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    loaded = zuora_sdk.load_records(api, "vehicle", vehicles(30), poll_interval=0.01)
    assert loaded.ok
    updates = [{"Id": r["Id"], "Name__c": r["Name__c"], "Year__c": 2030} for r in sim.records("vehicle")[:10]]
    assert zuora_sdk.load_records(api, "vehicle", updates, "update", poll_interval=0.01).ok
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).delete(
        {"conditions": [{"field": "Year__c", "operator": "GE", "value": 2030}]}
    )
    assert report.parts[0].status == "completed" and report.records_processed == 10
    assert len(sim.records("vehicle")) == 20


def test_load_records_takes_exactly_the_loaders_options() -> None:
    params = inspect.signature(zuora_sdk.BulkLoader).parameters
    assert list(LoaderOptions.__annotations__) == [n for n, p in params.items() if p.kind is p.KEYWORD_ONLY]


def test_a_namespace_zuora_does_not_have_is_refused_before_sending(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="namespace"):
        zuora_sdk.BulkLoader(api, "vehicle", namespace="custom")  # type: ignore[arg-type]
    assert sim.stats.requests.get("submit", 0) == 0
