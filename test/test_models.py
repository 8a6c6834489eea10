"""The models: wire names, round trips, lenient responses, typed filter values, lazy imports, docs pages."""

from __future__ import annotations

import ast
import contextlib
import copy
import importlib
import inspect
import io
import json
import pickle
import pprint
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import ValidationError

import zuora_sdk.models
from zuora_sdk.exceptions import ApiValueError
from zuora_sdk.models import (
    CommonErrorResponse,
    CustomObjectBulkDeleteFilter,
    CustomObjectBulkDeleteFilterCondition,
    CustomObjectBulkDeleteFilterConditionOperator,
    CustomObjectBulkJobErrorResponse,
    CustomObjectBulkJobErrorResponseCollection,
    CustomObjectBulkJobRequest,
    CustomObjectBulkJobRequestNamespace,
    CustomObjectBulkJobRequestOperation,
    CustomObjectBulkJobResponse,
    CustomObjectBulkJobResponseCollection,
    CustomObjectBulkJobResponseError,
    CustomObjectBulkJobResponseNamespace,
    CustomObjectBulkJobResponseOperation,
    CustomObjectBulkJobResponseStatus,
    CustomObjectRecordWithAllFields,
    ProxyUnauthorizedResponse,
)

ROOT = Path(__file__).resolve().parent.parent
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)

USER = "2c92c0f86ab0c6e3016ab5d6b0fa1b22"
JOB: dict[str, Any] = {
    "Id": "b9a3e4d4-7f2c-4a0e-9d4e-5f1b2c3d4e5f",
    "CreatedById": USER,
    "CreatedDate": "2021-03-15T06:47:18Z",
    "UpdatedById": USER,
    "UpdatedDate": "2021-03-10T00:05:54.207Z",
    "namespace": "default",
    "object": "vehicle",
    "operation": "delete",
    "status": "completed",
    "processingTime": 1234,
    "recordsProcessed": 100,
    "filter": {"conditions": [{"field": "Year__c", "operator": "LT", "value": 2000}]},
}
CREATED = datetime(2021, 3, 15, 6, 47, 18, tzinfo=timezone.utc)
UPDATED = datetime(2021, 3, 10, 0, 5, 54, 207000, tzinfo=timezone.utc)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# -- construction and wire names ------------------------------------------------------------------


def test_job_fields_are_read_from_their_json_keys() -> None:
    job = CustomObjectBulkJobResponse.from_dict(JOB)
    assert job.id == JOB["Id"]
    assert job.created_by_id == USER and job.updated_by_id == USER
    assert job.created_date == CREATED and job.updated_date == UPDATED
    assert job.namespace is CustomObjectBulkJobResponseNamespace.DEFAULT
    assert job.object == "vehicle"
    assert job.operation is CustomObjectBulkJobResponseOperation.DELETE
    assert job.status is CustomObjectBulkJobResponseStatus.COMPLETED
    assert job.processing_time == 1234 and job.records_processed == 100
    assert job.filter is not None and job.filter.conditions is not None
    condition = job.filter.conditions[0]
    assert condition.var_field == "Year__c"
    assert condition.operator is CustomObjectBulkDeleteFilterConditionOperator.LT
    assert condition.value == 2000
    assert job.additional_properties == {}


def test_aliases_and_python_names_build_the_same_model() -> None:
    by_alias = CustomObjectBulkJobResponse(Id="j1", CreatedDate="2021-03-15T06:47:18Z", processingTime=5)
    by_name = CustomObjectBulkJobResponse(id="j1", created_date="2021-03-15T06:47:18Z", processing_time=5)
    assert by_alias == by_name
    assert by_name.to_dict() == {"Id": "j1", "CreatedDate": "2021-03-15T06:47:18Z", "processingTime": 5}
    snake_payload = {
        "jobs": [{"id": "j1", "created_by_id": USER, "records_processed": 3, "updated_date": JOB["UpdatedDate"]}]
    }
    page = CustomObjectBulkJobResponseCollection.from_dict(snake_payload)
    assert page.jobs is not None
    assert page.jobs[0].to_dict() == {
        "Id": "j1",
        "CreatedById": USER,
        "UpdatedDate": "2021-03-10T00:05:54.207000Z",
        "recordsProcessed": 3,
    }
    assert page.jobs[0].additional_properties == {}


def test_filter_condition_field_is_written_as_field() -> None:
    by_name = CustomObjectBulkDeleteFilterCondition(var_field="Name__c", operator="EQ", value="x")
    by_alias = CustomObjectBulkDeleteFilterCondition.from_dict({"field": "Name__c", "operator": "EQ", "value": "x"})
    assert by_name == by_alias
    assert by_name.to_dict() == {"field": "Name__c", "operator": "EQ", "value": "x"}
    assert "var_field" not in by_name.to_json()


def test_request_builds_the_submit_body() -> None:
    request = CustomObjectBulkJobRequest(
        namespace="default",
        object="vehicle",
        operation=CustomObjectBulkJobRequestOperation.DELETE,
        filter=CustomObjectBulkDeleteFilter(
            conditions=[CustomObjectBulkDeleteFilterCondition(var_field="Year__c", operator="LT", value=2000)]
        ),
    )
    assert request.namespace is CustomObjectBulkJobRequestNamespace.DEFAULT
    assert request.operation is CustomObjectBulkJobRequestOperation.DELETE
    assert json.loads(request.to_json()) == {
        "namespace": "default",
        "object": "vehicle",
        "operation": "delete",
        "filter": {"conditions": [{"field": "Year__c", "operator": "LT", "value": 2000}]},
    }
    assert CustomObjectBulkJobRequest().to_dict() == {}


def test_request_enums_are_strict() -> None:
    with pytest.raises(ValueError, match=r"(?s)operation.*'upsert'"):
        CustomObjectBulkJobRequest(object="vehicle", operation="upsert")
    with pytest.raises(ValueError, match=r"(?s)namespace.*'custom'"):
        CustomObjectBulkJobRequest.from_dict({"namespace": "custom"})
    with pytest.raises(ValueError, match="'upsert' is not a valid CustomObjectBulkJobRequestOperation"):
        CustomObjectBulkJobRequestOperation("upsert")
    request = CustomObjectBulkJobRequest(operation="create")
    with pytest.raises(ValueError, match=r"(?s)operation.*'upsert'"):
        request.operation = "upsert"  # type: ignore[assignment]
    assert request.operation == "create"


# -- round trips ------------------------------------------------------------------------------------


def test_job_round_trips_through_dict_and_json() -> None:
    job = CustomObjectBulkJobResponse.from_dict(JOB)
    as_dict = job.to_dict()
    assert as_dict == {**JOB, "UpdatedDate": "2021-03-10T00:05:54.207000Z"}
    assert CustomObjectBulkJobResponse.from_dict(as_dict) == job
    text = job.to_json()
    assert json.loads(text) == as_dict
    assert CustomObjectBulkJobResponse.from_json(text) == job
    assert CustomObjectBulkJobResponse.from_json(text.encode()) == job


def test_to_dict_is_json_ready_and_drops_none() -> None:
    job = CustomObjectBulkJobResponse(id="j1", status=None, error=CustomObjectBulkJobResponseError(code=1))
    as_dict = job.to_dict()
    assert as_dict == {"Id": "j1", "error": {"code": 1}}
    assert json.loads(json.dumps(as_dict)) == as_dict
    plus_two = timezone(timedelta(hours=2))
    stamped = CustomObjectBulkJobResponse(created_date=datetime(2024, 5, 20, 12, 0, tzinfo=plus_two))
    assert stamped.to_dict() == {"CreatedDate": "2024-05-20T12:00:00+02:00"}


def test_from_dict_passes_none_and_instances_through() -> None:
    job = CustomObjectBulkJobResponse(id="j1")
    assert CustomObjectBulkJobResponse.from_dict(None) is None
    assert CustomObjectBulkJobResponse.from_json("null") is None
    assert CustomObjectBulkJobResponse.from_dict(job) is job


def test_to_str_and_repr_are_readable() -> None:
    job = CustomObjectBulkJobResponse.from_dict({"Id": "j1", "status": "pending", "Extra": 1})
    assert job.to_str() == pprint.pformat({"Id": "j1", "status": "pending", "Extra": 1})
    text = repr(job)
    assert text.startswith("CustomObjectBulkJobResponse(") and "id='j1'" in text and "Extra=1" in text
    assert "None" not in text  # unset fields are left out
    assert "j1" in pprint.pformat(job)


# -- lenient responses -------------------------------------------------------------------------------


def test_unknown_keys_survive_at_every_level() -> None:
    payload = {
        **JOB,
        "newTopLevel": {"nested": [1, 2]},
        "error": {"code": "1", "message": "m", "details": "d"},
        "filter": {"conditions": [{"field": "F", "operator": "EQ", "value": 1, "caseSensitive": True}], "mode": "and"},
    }
    job = CustomObjectBulkJobResponse.from_dict(payload)
    assert job.additional_properties == {"newTopLevel": {"nested": [1, 2]}}
    assert job.error is not None and job.error.additional_properties == {"details": "d"}
    assert job.filter is not None and job.filter.additional_properties == {"mode": "and"}
    assert job.to_dict()["newTopLevel"] == {"nested": [1, 2]}
    back = json.loads(job.to_json())
    assert back["error"]["details"] == "d"
    assert back["filter"]["mode"] == "and"
    assert back["filter"]["conditions"][0]["caseSensitive"] is True


def test_additional_properties_can_be_set_and_edited() -> None:
    job = CustomObjectBulkJobResponse(id="j1", additional_properties={"a": 1})
    assert job.additional_properties == {"a": 1}
    job.additional_properties["b"] = 2
    assert job.to_dict() == {"Id": "j1", "a": 1, "b": 2}
    job.additional_properties = {"c": 3}
    assert job.to_dict() == {"Id": "j1", "c": 3}


@pytest.mark.parametrize(
    ("key", "enum"),
    [
        ("status", CustomObjectBulkJobResponseStatus),
        ("operation", CustomObjectBulkJobResponseOperation),
        ("namespace", CustomObjectBulkJobResponseNamespace),
    ],
)
def test_unknown_enum_values_in_a_response_are_kept(key: str, enum: Any) -> None:
    job = CustomObjectBulkJobResponse.from_dict({"Id": "j1", key: "queued_v2"})
    value = getattr(job, key)
    assert value == "queued_v2"
    assert isinstance(value, enum) and isinstance(value, str)
    assert str(value) == "queued_v2" and value.value == "queued_v2" and f"{value}" == "queued_v2"
    assert value.name == "QUEUED_V2"
    assert value not in list(enum) and not enum.is_known(value)
    assert job.to_dict() == {"Id": "j1", key: "queued_v2"}
    again = CustomObjectBulkJobResponse.from_json(job.to_json())
    assert again is not None and getattr(again, key) is value
    assert pickle.loads(pickle.dumps(job)) == job
    assert copy.deepcopy(job) == job


def test_known_enum_values_and_enum_helpers() -> None:
    status = CustomObjectBulkJobResponseStatus
    assert [m.value for m in status] == ["accepted", "pending", "in_progress", "completed", "failed", "cancelled"]
    assert status.from_json('"in_progress"') is status.IN_PROGRESS
    assert str(status.COMPLETED) == "completed" and f"{status.COMPLETED}" == "completed"
    assert status.COMPLETED == "completed" and status.is_known("completed")
    assert [m.value for m in CustomObjectBulkDeleteFilterConditionOperator] == ["EQ", "GT", "LT", "GE", "LE"]
    assert [m.name for m in CustomObjectBulkJobRequestNamespace] == ["DEFAULT", "COM_ZUORA"]
    assert CustomObjectBulkJobResponseNamespace("com_zuora") is CustomObjectBulkJobResponseNamespace.COM_ZUORA
    # The official SDK's member order.
    assert [m.value for m in CustomObjectBulkJobRequestOperation] == ["delete", "create", "update"]
    assert [m.value for m in CustomObjectBulkJobResponseOperation] == ["delete", "create", "update"]
    with pytest.raises(ApiValueError, match="expected one of"):
        status(7)
    with pytest.raises(ApiValueError, match="expected one of: 'delete', 'create', 'update'"):
        CustomObjectBulkJobRequestOperation("upsert")


def test_assignment_is_validated() -> None:
    job = CustomObjectBulkJobResponse(id="j1")
    job.status = "in_progress"  # type: ignore[assignment]
    assert job.status is CustomObjectBulkJobResponseStatus.IN_PROGRESS
    job.records_processed = "15"  # type: ignore[assignment]
    assert job.records_processed == 15
    with pytest.raises(ValueError, match=r"(?s)records_processed.*'many'"):
        job.records_processed = "many"  # type: ignore[assignment]


def test_missing_fields_are_none() -> None:
    job = CustomObjectBulkJobResponse.from_dict({})
    for name in CustomObjectBulkJobResponse.model_fields:
        assert getattr(job, name) is None, name
    assert job.to_dict() == {}
    page = CustomObjectBulkJobResponseCollection.from_dict({"jobs": []})
    assert page.count is None and page.cursor is None and page.jobs == []


def test_convertible_values_of_the_wrong_type_are_converted() -> None:
    job = CustomObjectBulkJobResponse.from_dict(
        {"recordsProcessed": "12", "processingTime": "1500", "object": 42, "error": {"code": 71013020, "message": "x"}}
    )
    assert job.records_processed == 12 and job.processing_time == 1500
    assert job.object == "42"
    assert job.error is not None and job.error.code == 71013020
    assert CustomObjectBulkJobResponseCollection.from_dict({"count": "3"}).count == 3
    with pytest.raises(ValueError, match=r"(?s)recordsProcessed.*'twelve'"):
        CustomObjectBulkJobResponse.from_dict({"recordsProcessed": "twelve"})


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2021-03-15T06:47:18Z", CREATED),
        ("2021-03-10T00:05:54.207Z", UPDATED),
        ("2021-03-15T08:47:18+02:00", CREATED),
        ("2021-03-15T01:47:18.000-05:00", CREATED),
        ("2021-03-15T06:47:18", CREATED),  # no zone: UTC
        ("2021-03-15T06:47:18.207000+0000", CREATED + timedelta(milliseconds=207)),
        ("Mon, 15 Mar 2021 06:47:18 GMT", CREATED),
        ("2021-03-15 06:47:18 UTC", CREATED),
    ],
)
def test_timestamps_become_aware_datetimes(text: str, instant: datetime) -> None:
    job = CustomObjectBulkJobResponse.from_dict({"CreatedDate": text, "UpdatedDate": text})
    for value in (job.created_date, job.updated_date):
        assert isinstance(value, datetime)
        assert value.tzinfo is not None and value.utcoffset() is not None
        assert value == instant
    record = CustomObjectRecordWithAllFields.from_dict({"CreatedDate": text})
    assert record.created_date == instant and record.created_date.tzinfo is not None


def test_utc_timestamps_are_in_utc() -> None:
    job = CustomObjectBulkJobResponse.from_dict(JOB)
    assert job.created_date is not None and job.created_date.tzinfo == timezone.utc
    assert job.created_date.utcoffset() == timedelta(0) and job.created_date.tzname() == "UTC"
    assert CustomObjectBulkJobResponse(created_date=datetime(2021, 3, 15, 6, 47, 18)).created_date == CREATED


def test_a_value_that_is_no_timestamp_is_refused() -> None:
    for text in ("soon", "2021-13-45T99:00:00Z"):
        with pytest.raises(ValueError, match=f"valid datetime, expected ISO 8601.*input_value='{text}'") as caught:
            CustomObjectBulkJobResponse.from_dict({"CreatedDate": text})
        assert isinstance(caught.value, ValidationError)
        assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [(("CreatedDate",), "datetime_parsing")]


# -- filter condition values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "wire"),
    [
        ("Model S", str, "Model S"),
        ("2021-03-15", str, "2021-03-15"),  # a string stays a string
        ("12", str, "12"),
        (2000, int, 2000),
        (0, int, 0),
        (10**20, int, 10**20),
        (1.5, float, 1.5),
        (True, bool, True),
        (False, bool, False),
        (datetime(2021, 3, 15, 6, 47, 18, tzinfo=timezone.utc), datetime, "2021-03-15T06:47:18Z"),
        (datetime(2021, 3, 15, 8, 47, 18, tzinfo=timezone(timedelta(hours=2))), datetime, "2021-03-15T08:47:18+02:00"),
        (date(2021, 3, 15), date, "2021-03-15"),
    ],
)
def test_filter_values_keep_their_type(value: Any, kind: type, wire: Any) -> None:
    condition = CustomObjectBulkDeleteFilterCondition(var_field="F", operator="GE", value=value)
    assert type(condition.value) is kind
    assert condition.value == value
    as_dict = condition.to_dict()
    assert as_dict["value"] == wire and type(as_dict["value"]) is type(wire)
    assert json.loads(condition.to_json())["value"] == wire
    back = CustomObjectBulkDeleteFilterCondition.from_dict(json.loads(condition.to_json()))
    assert type(back.value) is type(wire) and back.value == wire


@pytest.mark.parametrize("value", [{"a": 1}, [1, 2], b"bytes"])
def test_filter_value_must_be_a_scalar(value: Any) -> None:
    with pytest.raises(ValueError, match=r"CustomObjectBulkDeleteFilterCondition\s+value"):
        CustomObjectBulkDeleteFilterCondition(var_field="F", operator="EQ", value=value)


def test_filter_operator_is_lenient() -> None:
    condition = CustomObjectBulkDeleteFilterCondition.from_dict({"field": "F", "operator": "NE", "value": 1})
    assert condition.operator == "NE" and condition.to_dict()["operator"] == "NE"


# -- errors -------------------------------------------------------------------------------------------


def test_job_errors_keep_custom_fields_of_the_record() -> None:
    payload = {
        "errors": [
            {
                "code": "71050031",
                "message": "Year__c: not a number",
                "row": 3,
                "record": {
                    "Id": "6f0c2f2e-6f60-4a39-9bb1-1d5c3d8b7a10",
                    "type": "vehicle",
                    "CreatedById": USER,
                    "CreatedDate": "2021-03-15T06:47:18Z",
                    "UpdatedById": USER,
                    "UpdatedDate": "2021-03-15T06:47:18.000Z",
                    "Name__c": "Model 3",
                    "Year__c": "not-a-year",
                },
            }
        ]
    }
    errors = CustomObjectBulkJobErrorResponseCollection.from_dict(payload)
    assert errors.errors is not None
    [error] = errors.errors
    assert isinstance(error, CustomObjectBulkJobErrorResponse)
    assert error.code == 71050031 and error.row == 3
    assert error.record is not None
    assert error.record.type == "vehicle" and error.record.created_date == CREATED
    assert error.record.additional_properties == {"Name__c": "Model 3", "Year__c": "not-a-year"}
    assert errors.to_dict() == json.loads(json.dumps(errors.to_dict()))
    assert errors.to_dict()["errors"][0]["record"]["Name__c"] == "Model 3"
    assert CustomObjectBulkJobErrorResponseCollection.from_dict({"errors": []}).errors == []


def test_common_error_response() -> None:
    error = CommonErrorResponse.from_json('{"code": 71013020, "message": "Bad Request", "reasons": ["x"]}')
    assert error is not None
    assert error.code == 71013020 and error.message == "Bad Request"
    assert error.additional_properties == {"reasons": ["x"]}
    assert error.to_dict() == {"code": 71013020, "message": "Bad Request", "reasons": ["x"]}
    assert CommonErrorResponse.from_dict({"code": "71013040", "message": "Not Found."}).code == 71013040
    with pytest.raises(ValueError, match=r"(?s)code.*'not a number'"):
        CommonErrorResponse.from_dict({"code": "not a number"})
    unauthorized = ProxyUnauthorizedResponse.from_dict({"message": "Authentication error"})
    assert unauthorized.message == "Authentication error"
    assert unauthorized.to_dict() == {"message": "Authentication error"}


# -- a page of jobs ------------------------------------------------------------------------------------


def test_a_page_of_100_jobs_parses() -> None:
    statuses = ["accepted", "pending", "in_progress", "completed", "failed", "cancelled", "queued"]
    jobs = [
        {**JOB, "Id": f"job-{i:03d}", "status": statuses[i % len(statuses)], "recordsProcessed": i} for i in range(100)
    ]
    page = CustomObjectBulkJobResponseCollection.from_dict({"count": 100, "cursor": "job-099", "jobs": jobs})
    assert page.count == 100 and page.cursor == "job-099"
    assert page.jobs is not None and len(page.jobs) == 100
    assert all(isinstance(job, CustomObjectBulkJobResponse) for job in page.jobs)
    assert [job.id for job in page.jobs] == [f"job-{i:03d}" for i in range(100)]
    assert [job.status for job in page.jobs] == [statuses[i % len(statuses)] for i in range(100)]
    assert all(job.created_date == CREATED for job in page.jobs)
    assert page.jobs[99].records_processed == 99
    assert len(page.to_dict()["jobs"]) == 100


# -- the package ---------------------------------------------------------------------------------------


def _fresh_modules(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def test_import_of_the_models_package_is_lazy() -> None:
    loaded = _fresh_modules(
        "import json, sys, zuora_sdk.models\n"
        "print(json.dumps([m for m in ('pydantic', 'dateutil') if m in sys.modules]))"
    )
    assert loaded == []


def test_one_model_does_not_import_the_others_or_dateutil() -> None:
    loaded = _fresh_modules(
        "import json, sys\n"
        "from zuora_sdk.models.custom_object_bulk_job_response_status import CustomObjectBulkJobResponseStatus\n"
        "first = 'pydantic' in sys.modules\n"
        "from zuora_sdk.models.common_error_response import CommonErrorResponse\n"
        "CommonErrorResponse.from_dict({'code': 1})\n"
        "print(json.dumps([first] + sorted(m.rsplit('.', 1)[1] for m in sys.modules\n"
        "    if m.startswith('zuora_sdk.models.') and not m.rsplit('.', 1)[1].startswith('_'))\n"
        "    + [m for m in ('dateutil',) if m in sys.modules]))"
    )
    assert loaded == [False, "common_error_response", "custom_object_bulk_job_response_status"]


def test_every_public_name_resolves_to_its_own_module() -> None:
    assert len(zuora_sdk.models.__all__) == 17
    for name in zuora_sdk.models.__all__:
        value = getattr(zuora_sdk.models, name)
        assert value.__name__ == name
        assert value.__module__ == f"zuora_sdk.models.{snake(name)}"
        assert getattr(importlib.import_module(value.__module__), name) is value
        assert name in dir(zuora_sdk.models)
    with pytest.raises(AttributeError, match="NoSuchModel"):
        zuora_sdk.models.NoSuchModel  # noqa: B018


def test_every_model_has_the_helpers() -> None:
    for name in zuora_sdk.models.__all__:
        cls = getattr(zuora_sdk.models, name)
        assert callable(cls.from_json), name
        if hasattr(cls, "model_fields"):
            instance = cls()
            assert instance.to_dict() == {} and instance.to_json() == "{}" and instance.to_str() == "{}"
            assert cls.from_dict({}) == instance and cls.from_json("{}") == instance


# -- docs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(zuora_sdk.models.__all__))
def test_model_page_exists_and_its_examples_run(name: str) -> None:
    page = ROOT / "docs" / f"{name}.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"# {name}\n")
    assert "[[Back to Model list]](../README.md#documentation-for-models)" in text
    cls = getattr(zuora_sdk.models, name)
    if hasattr(cls, "model_fields"):
        assert "## Properties" in text
        for field in cls.model_fields:
            assert f"**{field}**" in text, field
    else:
        for member in cls:
            assert f"`{member.name}`" in text and f"`'{member.value}'`" in text, member
    blocks = PYTHON_BLOCK.findall(text)
    assert blocks, "no example"
    for index, code in enumerate(blocks):
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, f"{page.name}[{index}]", "exec"), {"__name__": "__docs__"})


@pytest.mark.parametrize(
    "module",
    [
        "custom_object_bulk_job_request_operation",
        "custom_object_bulk_job_request_namespace",
        "custom_object_bulk_delete_filter_condition_operator",
    ],
)
def test_the_string_literals_type_checkers_accept_are_the_enum_values(module: str) -> None:
    loaded = importlib.import_module(f"zuora_sdk.models.{module}")
    enum_name = loaded.__all__[0]
    values = get_args(getattr(loaded, enum_name + "Literal"))
    assert sorted(values) == sorted(member.value for member in getattr(loaded, enum_name))


@pytest.mark.parametrize(
    "name",
    [
        "CustomObjectBulkJobRequest",
        "CustomObjectBulkDeleteFilter",
        "CustomObjectBulkDeleteFilterCondition",
        "CustomObjectBulkJobResponse",
    ],
)
def test_the_constructor_type_checkers_see_names_every_field(name: str) -> None:
    cls = getattr(zuora_sdk.models, name)
    tree = ast.parse(inspect.getsource(importlib.import_module(cls.__module__)))
    (init,) = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "__init__"
    ]
    declared = [arg.arg for arg in init.args.kwonlyargs]
    assert declared == [*cls.model_fields, "additional_properties"]
