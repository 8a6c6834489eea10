"""The client parses an answer's bytes straight into its model (one pass of pydantic's JSON parser);
what it makes must be what ``from_dict(json.loads(body))`` makes, with the same leniency, and an
answer that does not fit must fail as it always has."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any

import pytest
from support import make_config

import zuora_sdk
from zuora_sdk.exceptions import UnexpectedResponseError
from zuora_sdk.models import (
    CustomObjectBulkJobErrorResponseCollection,
    CustomObjectBulkJobResponse,
    CustomObjectBulkJobResponseCollection,
)
from zuora_sdk.testing import ZuoraSimulator

JOB = {"Id": "j1", "status": "completed", "operation": "create", "object": "vehicle", "namespace": "default",
       "CreatedDate": "2021-03-15T06:47:18Z", "recordsProcessed": 2}
FILTER = {"conditions": [{"field": "Year__c", "operator": "GE", "value": None}]}
JOBS = [
    JOB,
    {},
    {**JOB, "recordsProcessed": "12", "processingTime": "1500", "object": 42},  # converted
    {**JOB, "status": "queued_v2", "operation": "merge", "namespace": "other"},  # unknown enum values kept
    {**JOB, "newTopLevel": {"nested": [1, 2.5, None, True]}, "error": {"code": "1", "message": "m", "details": "d"}},
    *({**JOB, "CreatedDate": text, "UpdatedDate": text} for text in (
        "2021-03-10T00:05:54.207Z", "2021-03-15T08:47:18+02:00", "2021-03-15T06:47:18",
        "2021-03-15T06:47:18.207000+0000", "Mon, 15 Mar 2021 06:47:18 GMT", "2021-03-15 06:47:18 UTC", 1615790838,
    )),
    *({**JOB, "operation": "delete", "filter": {"conditions": [{**FILTER["conditions"][0], "value": value}]}}
      for value in ("2021", 2021, 10**20, 1.5, True, False, "2021-03-15", "2021-03-15T06:47:18Z", "")),
    {**JOB, "filter": {"conditions": [{"field": "F", "operator": "eq", "value": 1, "caseSensitive": True}],
                       "mode": "and"}},
]


def shape(value: Any) -> Any:
    """A model's content with every value's type, so that 1, 1.0 and True differ."""
    if isinstance(value, zuora_sdk.models.CustomObjectBulkJobResponse.__mro__[1]):  # ZuoraModel
        fields = {name: shape(getattr(value, name)) for name in type(value).model_fields}
        return (type(value).__name__, fields, shape(value.additional_properties))
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, (datetime, date)):
        return (type(value).__name__, value.isoformat(), str(getattr(value, "tzinfo", None)))
    return (type(value).__name__, value)


@pytest.mark.parametrize("payload", JOBS, ids=range(len(JOBS)))
def test_bytes_parse_into_what_from_dict_makes(payload: dict[str, Any]) -> None:
    raw = json.dumps(payload).encode()
    assert shape(CustomObjectBulkJobResponse.model_validate_json(raw)) == shape(
        CustomObjectBulkJobResponse.from_dict(json.loads(raw))
    )


def test_pages_of_jobs_and_of_row_errors_parse_alike() -> None:
    page = json.dumps({"count": "3", "cursor": "c", "jobs": JOBS[:5], "extra": 1}).encode()
    assert shape(CustomObjectBulkJobResponseCollection.model_validate_json(page)) == shape(
        CustomObjectBulkJobResponseCollection.from_dict(json.loads(page))
    )
    errors = json.dumps({"errors": [{"code": "71012520", "message": "bad", "row": "2",
                                     "record": {"Name__c": "x", "Year__c": 2020, "Custom__c": [1]}}]}).encode()
    assert shape(CustomObjectBulkJobErrorResponseCollection.model_validate_json(errors)) == shape(
        CustomObjectBulkJobErrorResponseCollection.from_dict(json.loads(errors))
    )


@pytest.mark.parametrize(("body", "problem"), [
    ("[1, 2]", "a JSON list, not an object"),
    ("nope", "not valid JSON"),
    ('{"recordsProcessed": "twelve"}', "does not fit the model"),
    ('{"CreatedDate": "soon"}', "does not fit the model"),
    ("[" * 100_000, "not valid JSON"),
])
def test_an_answer_that_does_not_fit_fails_as_before(sim: ZuoraSimulator, body: str, problem: str) -> None:
    sim.inject("get", status=200, body=body, headers={"Content-Type": "application/json"})
    with zuora_sdk.ApiClient(make_config(sim, retries=0)) as client, pytest.raises(UnexpectedResponseError) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("j1")
    assert problem in str(raised.value)
