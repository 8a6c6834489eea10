"""The simulator's checks of an uploaded file's rows: the oracle of every loader test, so each rule
a loader test relies on is pinned here through the SDK (in process): values per row, row numbers
across batches and blank lines, update Ids, and where a file that is not UTF-8 breaks."""

from __future__ import annotations

import json
import uuid

import pytest
from support import submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator

INVALID_VALUE, MISSING_REQUIRED, INVALID_ID = 71013620, 71013622, 71012520


def run(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, text: str, operation: str = "create"
) -> tuple[dict[str, object], list[zuora_sdk.CustomObjectBulkJobErrorResponse]]:
    """Submit, upload, finish: the job as the simulator shows it, and its row errors."""
    job_id = submit(api, operation)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, text)
    sim.complete(job_id)
    return sim.jobs[job_id], list(zuora_sdk.iter_job_errors(api, job_id))


def test_a_row_with_too_few_or_too_many_values_is_refused_and_says_both_counts(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job, errors = run(sim, api, "Name__c,Make__c,Year__c\nA,Tesla\nB,Tesla,2024,x\nC,Tesla,2024\nD\n")
    assert job["recordsProcessed"] == 4
    assert [(error.row, error.code, error.message) for error in errors] == [
        (2, INVALID_VALUE, "Expected 3 values but found 2."),
        (3, INVALID_VALUE, "Expected 3 values but found 4."),
        (5, INVALID_VALUE, "Expected 3 values but found 1."),
    ]
    assert [record["Name__c"] for record in sim.records("vehicle")] == ["C"]


def test_a_short_row_among_clean_rows_is_still_caught() -> None:
    sim = ZuoraSimulator()
    with zuora_sdk.ApiClient(zuora_sdk.Configuration(host=sim.base_url, access_token=sim.access_token,
                                                     transport=sim.transport())) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        # Every row but one is whole; the short one has no value for a required field either.
        text = "Year__c,Name__c\n" + "".join(f"{2000 + i},n{i}\n" for i in range(50)) + "2024\n"
        job, errors = run(sim, api, text)
    assert [(error.row, error.code) for error in errors] == [(52, INVALID_VALUE)]
    assert errors[0].message == "Expected 2 values but found 1. Name__c is required."
    assert len(sim.records("vehicle")) == 50 and job["recordsProcessed"] == 51


@pytest.mark.parametrize("blank_every", [0, 7])
def test_row_numbers_stay_right_across_batches_and_blank_lines(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, blank_every: int
) -> None:
    count = 5000  # more than two batches of rows checked together
    bad = {0, 2047, 2048, 2049, 4095, 4096, 4999}  # at the edges of the batches
    lines = ["Name__c,Year__c"]
    for i in range(count):
        lines.append(f"n{i},{'soon' if i in bad else 2000 + i % 50}")
        if blank_every and i % blank_every == 3:
            lines.append("")  # skipped, not numbered
    job, errors = run(sim, api, "\n".join(lines) + "\n")
    assert job["recordsProcessed"] == count
    assert [error.row for error in errors] == sorted(i + 2 for i in bad)
    assert all(error.record is not None and error.record.to_dict()["Name__c"] == f"n{error.row - 2}"
               for error in errors)
    stored = sim.records("vehicle")
    assert len(stored) == count - len(bad)
    assert {(record["Name__c"], record["Year__c"]) for record in stored[:3]} == {
        ("n1", 2001), ("n2", 2002), ("n3", 2003)}


def test_an_update_checks_each_id_and_takes_either_spelling_of_the_column(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    run(sim, api, "Name__c,Year__c\nA,2000\nB,2001\n")
    first, second = (str(record["Id"]) for record in sim.records("vehicle"))
    text = f"Id,Name__c\n{first},A2\nnot-a-uuid,X\n,Y\n{second},B2\n"
    _, errors = run(sim, api, text, "update")
    assert [(error.row, error.code, error.message) for error in errors] == [
        (3, INVALID_ID, 'input string "not-a-uuid" is not a valid UUID'),
        (4, MISSING_REQUIRED, "Id is required to update a record."),
    ]
    text = f"id,Name__c,Year__c\n{first},A3,1999\n{second},B3,2001\n{uuid.uuid4()},Z,1998\n{second},B4,2002\n"
    _, errors = run(sim, api, text, "update")
    assert [(error.row, error.code) for error in errors] == [(4, 71013640)]  # an Id of no record
    _, errors = run(sim, api, f"Name__c,Id\nA4,{first}\n", "update")  # the Id column need not be first
    assert errors == []
    _, errors = run(sim, api, "Name__c,Id\nX,123\n", "update")
    assert [(error.row, error.code, error.message) for error in errors] == [
        (2, INVALID_ID, 'input string "123" is not a valid UUID')]
    # An update sets every field: those its file leaves out become null.
    assert sorted((record["Name__c"], record["Year__c"]) for record in sim.records("vehicle")) == [
        ("A4", None), ("B4", 2002)]


def test_a_file_that_is_not_utf8_is_refused_naming_its_line(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job_id = submit(api)
    data = b"Name__c,Year__c\n" + b"".join(b"n%d,2000\n" % i for i in range(3000)) + b"bad \xff,2000\nlast,1\n"
    with pytest.raises(zuora_sdk.ApiException) as raised:
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, data)
    assert raised.value.status == 400 and "not valid UTF-8" in str(raised.value.body)
    assert "on line 3002)" in str(raised.value.body)
    assert sim.jobs[job_id]["status"] == "pending"


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [("PurchaseDate__c", "2024-02-29", "2023-02-29"),
     ("LastServiced__c", "2024-02-29T10:00:00Z", "2023-02-30T10:00:00Z")],
)
def test_a_day_that_does_not_exist_is_refused_among_well_formed_dates(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, field: str, good: str, bad: str
) -> None:
    # Every value has the shape of a date, so only a check of the calendar can find the bad one.
    text = f"Name__c,{field}\n" + "".join(f"n{i},{good}\n" for i in range(5)) + f"late,{bad}\n"
    _, errors = run(sim, api, text)
    assert [(error.row, error.code) for error in errors] == [(7, INVALID_VALUE)]
    assert len(sim.records("vehicle")) == 5


def test_digits_are_not_booleans(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    _, errors = run(sim, api, "Name__c,Active__c\nA,1\nB,0\n")
    assert [(error.row, error.code) for error in errors] == [(2, INVALID_VALUE), (3, INVALID_VALUE)]
    assert sim.records("vehicle") == []


def test_a_short_update_row_without_its_id_is_refused_for_both(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    _, errors = run(sim, api, "Name__c,Year__c,Id\nA\nB,2000\n", "update")
    assert [(error.row, error.code, error.message) for error in errors] == [
        (2, INVALID_VALUE, "Expected 3 values but found 1. Id is required to update a record."),
        (3, INVALID_VALUE, "Expected 3 values but found 2. Id is required to update a record.")]


def test_a_file_without_a_required_column_fails_every_row(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    _, errors = run(sim, api, "Year__c,Make__c\n2000,Tesla\n2001,Tesla\n")
    assert [(error.row, error.code, error.message) for error in errors] == [
        (2, MISSING_REQUIRED, "Name__c is required."), (3, MISSING_REQUIRED, "Name__c is required.")]
    assert sim.records("vehicle") == []


def test_an_integer_beyond_64_bits_is_refused_among_plain_digits(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    text = "Name__c,Year__c\nA,2000\nB,9223372036854775807\nC,9999999999999999999\n"
    _, errors = run(sim, api, text)
    assert [(error.row, error.code) for error in errors] == [(4, INVALID_VALUE)]
    assert sorted(record["Year__c"] for record in sim.records("vehicle")) == [2000, 9223372036854775807]


def test_a_file_bound_to_fail_by_its_header_is_still_refused_if_not_utf8_further_on(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job_id = submit(api)
    with pytest.raises(zuora_sdk.ApiException) as raised:
        rows = b"".join(b"n%d,red\n" % i for i in range(30_000))  # past the first piece decoded
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, b"Name__c,Colour__c\n" + rows + b"B,\xff\n")
    assert raised.value.status == 400 and "not valid UTF-8" in str(raised.value.body)


def test_values_are_checked_in_a_file_with_no_text_column(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.define_object("counter", {"Count__c": "integer"})
    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="counter", operation="create")
    job_id = str(api.post_custom_object_bulk_job(request).id)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Count__c\nabc\n")
    sim.complete(job_id)
    assert [(error.row, error.code) for error in zuora_sdk.iter_job_errors(api, job_id)] == [(2, INVALID_VALUE)]
    assert sim.records("counter") == []


def test_an_empty_required_value_in_an_otherwise_clean_file_fails_its_row(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    _, errors = run(sim, api, "Name__c,Year__c\n,2000\nB,2001\n")
    assert [(error.row, error.code, error.message) for error in errors] == [
        (2, MISSING_REQUIRED, "Name__c is required.")]
    assert [record["Name__c"] for record in sim.records("vehicle")] == ["B"]


def test_a_batch_of_blank_lines_does_not_end_the_file(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    job, errors = run(sim, api, "Name__c,Year__c\n" + "\n" * 5000 + "A,2000\n")
    assert errors == [] and job["recordsProcessed"] == 1 and len(sim.records("vehicle")) == 1


def test_a_first_row_of_empty_cells_is_not_the_header(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    job, errors = run(sim, api, " , ,\nName__c,Year__c\nA,2000\n")
    assert job["status"] == "completed" and errors == [] and len(sim.records("vehicle")) == 1


def test_a_file_wider_than_256_columns_is_checked_like_a_narrow_one(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    names = [f"F{i}__c" for i in range(300)]
    sim.define_object("wide", {**{name: "string" for name in names[:-1]}, names[-1]: "integer"})
    job_id = api.post_custom_object_bulk_job(
        zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="wide", operation="create")
    ).id
    assert job_id
    rows = [",".join(names), ",".join(["a"] * 299 + ["1"]), ",".join(["b"] * 299 + ["x"])]
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "\n".join(rows) + "\n")
    sim.complete(job_id)
    errors = list(zuora_sdk.iter_job_errors(api, job_id))
    assert [(error.row, error.code) for error in errors] == [(3, INVALID_VALUE)]
    assert errors[0].message.startswith("F299__c: the value 'x'")
    assert [record["F299__c"] for record in sim.records("wide")] == [1]


def test_a_file_whose_rows_all_have_one_value_too_many_is_refused_row_by_row(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job, errors = run(sim, api, "Name__c,Year__c\nA,2020,x\nB,2021,y\n")
    assert job["status"] == "failed" and job["recordsProcessed"] == 2  # every record failed
    assert [(error.row, error.code, error.message) for error in errors] == [
        (2, INVALID_VALUE, "Expected 2 values but found 3."),
        (3, INVALID_VALUE, "Expected 2 values but found 3."),
    ]
    assert sim.records("vehicle") == []


def test_an_object_defined_from_json_has_its_rows_checked_by_type(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    # As the control endpoint defines it: the type names are strings read from JSON.
    sim.define_object("boat", json.loads('{"Name__c": "string", "Length__c": "integer"}'))
    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="boat", operation="create")
    for text in ("Name__c,Length__c\nSwan,12\nHeron,9\n", "Name__c,Length__c\nGull,7\nTern,long\n"):
        job_id = api.post_custom_object_bulk_job(request).id
        assert job_id
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, text)
        sim.complete(job_id)
    assert [(record["Name__c"], record["Length__c"]) for record in sim.records("boat")] == [
        ("Swan", 12), ("Heron", 9), ("Gull", 7)
    ]
