"""What people see: readable reprs, HTML tables in notebooks, exceptions, and progress by default."""

from __future__ import annotations

import io
import sys

import pytest
from support import submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.workflows.display import watching

EVIL = "<script>alert(1)</script>"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_job_reads_short_with_its_status_as_a_word() -> None:
    job = zuora_sdk.CustomObjectBulkJobResponse.from_dict(
        {"Id": "j1", "status": "completed", "operation": "create", "CreatedDate": "2024-05-01T12:00:00Z"}
    )
    for text in (repr(job), str(job)):
        assert text == ("CustomObjectBulkJobResponse(id='j1', created_date='2024-05-01T12:00:00+00:00', "
                        "operation='create', status='completed')")


def test_jobs_pages_errors_and_reports_show_as_html_tables_with_values_escaped(
    api: zuora_sdk.CustomObjectJobsApi,
) -> None:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, f"Name__c,Year__c\nA,2020\n{EVIL},soon\n")
    job = zuora_sdk.wait_for_job(api, job_id, poll_interval=0.01)
    html = job._repr_html_()
    assert html.startswith("<table>") and "<td>status</td><td>completed</td>" in html
    page = api.get_all_custom_object_bulk_jobs()
    html = page._repr_html_()
    assert "1 job" in html and f"<td>{job_id}</td>" in html and "<th>status</th>" in html
    errors = api.get_custom_object_bulk_job_errors(job_id)
    html = errors._repr_html_()
    assert "1 error" in html and "<td>3</td>" in html
    assert EVIL not in html and "&lt;script&gt;" in html  # the bad row's record echoes the value

    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load(
        [{"Name__c": EVIL, "Year__c": "soon"}, {"Name__c": "B", "Year__c": 2021}]
    )
    html = report._repr_html_()
    assert "create vehicle: 1 job, 2 rows read, 1 loaded, 1 failed" in html and "failed rows (1)" in html
    assert EVIL not in html and "&lt;script&gt;" in html
    assert repr(report) == "<LoadReport create vehicle: 1 job, 2 rows read, 1 loaded, 1 failed>"


def test_a_long_collection_shows_its_first_rows_and_says_how_many_more() -> None:
    errors = zuora_sdk.CustomObjectBulkJobErrorResponseCollection.from_dict(
        {"errors": [{"row": i, "code": "1", "message": "m"} for i in range(2, 122)]}
    )
    html = errors._repr_html_()
    assert "120 errors" in html and html.count("<tr>") == 51 and "and 70 more" in html


def test_an_exception_shows_status_zuora_code_message_and_request_id_never_the_token(
    api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator
) -> None:
    with pytest.raises(zuora_sdk.NotFoundException) as raised:
        api.get_custom_object_bulk_job("no-such-job")
    text = repr(raised.value)
    request_id = raised.value.request_id
    assert request_id and text == (
        f"NotFoundException(status=404, code=71013040, message={raised.value.message!r}, request_id={request_id!r})"
    )
    assert sim.access_token not in text + str(raised.value)
    assert "71013040" in str(raised.value) and request_id in str(raised.value)


def test_progress_is_shown_by_default_on_a_terminal_and_nowhere_else(
    api: zuora_sdk.CustomObjectJobsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZUORA_PROGRESS", raising=False)
    terminal, pipe = _Terminal(), io.StringIO()
    for stream, shown in ((terminal, True), (pipe, False)):
        monkeypatch.setattr("sys.stderr", stream)
        job_id = submit(api)
        zuora_sdk.upload_csv(api, job_id, "Name__c\nA\n")
        zuora_sdk.wait_for_job(api, job_id, poll_interval=0.01)
        zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.01).load([{"Name__c": "B"}, {"Name__c": "C"}])
        text = stream.getvalue()
        assert (f"job {job_id}: completed, 1 record processed" in text) is shown
        assert ("2 rows processed" in text) is shown
    monkeypatch.setattr("sys.stderr", _Terminal())
    monkeypatch.setenv("ZUORA_PROGRESS", "0")
    job_id = submit(api)
    zuora_sdk.upload_csv(api, job_id, "Name__c\nA\n")
    zuora_sdk.wait_for_job(api, job_id, poll_interval=0.01)
    assert watching() is None
    assert isinstance(sys.stderr, io.StringIO) and sys.stderr.getvalue() == ""
