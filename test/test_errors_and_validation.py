"""Error responses map to the right exceptions; bad arguments fail before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk.exceptions import (
    ApiException,
    ApiTypeError,
    ApiValueError,
    BadRequestException,
    ForbiddenException,
    NotFoundException,
    RateLimitException,
    ServiceException,
    UnauthorizedException,
)
from zuora_sdk.models.common_error_response import CommonErrorResponse
from zuora_sdk.models.proxy_unauthorized_response import ProxyUnauthorizedResponse
from zuora_sdk.testing import ZuoraSimulator


def test_rest_module_exports_the_same_exception() -> None:
    from zuora_sdk.rest import ApiException as RestApiException

    assert RestApiException is ApiException
    for cls in (BadRequestException, UnauthorizedException, ForbiddenException, NotFoundException,
                ServiceException, RateLimitException, zuora_sdk.ApiConnectionError, zuora_sdk.ApiTimeoutError):
        assert issubclass(cls, ApiException)


def test_404_carries_zuora_code_message_and_request_id(api: zuora_sdk.CustomObjectJobsApi) -> None:
    with pytest.raises(NotFoundException) as info:
        api.get_custom_object_bulk_job("no-such-job")
    exc = info.value
    assert exc.status == 404
    assert isinstance(exc.data, CommonErrorResponse) and exc.data.code == 71013040
    assert exc.request_id and len(exc.request_id) == 36
    text = str(exc)
    assert "404" in text and "71013040" in text and exc.request_id in text
    assert len(text) < 300


def test_400_on_a_bad_submit(api: zuora_sdk.CustomObjectJobsApi) -> None:
    with pytest.raises(BadRequestException) as info:
        api.post_custom_object_bulk_job(zuora_sdk.CustomObjectBulkJobRequest())
    assert info.value.code == 71013020
    assert "71013020" in str(info.value)


def test_400_on_cancelling_a_job_that_is_running(api: zuora_sdk.CustomObjectJobsApi) -> None:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nA\n")
    with pytest.raises(BadRequestException) as info:
        api.p_atch_custom_object_bulk_job(job_id)
    assert info.value.code == 71013620


def test_401_parses_the_proxy_body_and_keeps_the_header(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(sim, access_token="not-the-token")) as client:
        with pytest.raises(UnauthorizedException) as info:
            zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    exc = info.value
    assert isinstance(exc.data, ProxyUnauthorizedResponse) and exc.data.message == "Authentication error"
    assert exc.headers is not None and "Bearer realm=Zuora API" in exc.headers["www-authenticate"]
    assert "not-the-token" not in str(exc) and "not-the-token" not in repr(exc.__dict__)


@pytest.mark.parametrize("status", [400, 403, 404])
def test_only_a_401_without_a_code_is_the_proxys_body(sim: ZuoraSimulator, status: int) -> None:
    sim.inject("list", status=status, body={"message": "refused"})
    with zuora_sdk.ApiClient(make_config(sim)) as client, pytest.raises(ApiException) as info:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert type(info.value.data) is CommonErrorResponse and info.value.data.message == "refused"


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, BadRequestException), (403, ForbiddenException), (404, NotFoundException), (429, RateLimitException),
     (500, ServiceException), (503, ServiceException)],
)
def test_each_status_maps_to_its_class(sim: ZuoraSimulator, status: int, cls: type[ApiException]) -> None:
    sim.inject("list", status=status, body={"code": 71000000 + status, "message": f"injected {status}"}, times=10)
    with zuora_sdk.ApiClient(make_config(sim)) as client, pytest.raises(cls) as info:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs(_retries=0)
    assert info.value.status == status
    assert info.value.message == f"injected {status}"


def test_html_error_page_still_gives_the_right_exception(sim: ZuoraSimulator) -> None:
    sim.inject("get", action="html502", times=10)
    with zuora_sdk.ApiClient(make_config(sim)) as client, pytest.raises(ServiceException) as info:
        zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("x", _retries=0)
    exc = info.value
    assert exc.status == 502 and exc.data is None
    assert exc.body is not None and "<html" in exc.body.lower()
    assert "<html" not in str(exc).lower()


BAD_ARGUMENTS: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    ("get_custom_object_bulk_job", {"id": ""}, ApiValueError, "id"),
    ("get_custom_object_bulk_job", {"id": "   "}, ApiValueError, "id"),
    ("get_custom_object_bulk_job", {"id": 42}, ApiTypeError, "id"),
    ("get_custom_object_bulk_job", {"id": None}, ApiTypeError, "id"),
    ("get_all_custom_object_bulk_jobs", {"page_size": 0}, ApiValueError, "page_size"),
    ("get_all_custom_object_bulk_jobs", {"page_size": 101}, ApiValueError, "page_size"),
    ("get_all_custom_object_bulk_jobs", {"page_size": "20"}, ApiTypeError, "page_size"),
    ("get_all_custom_object_bulk_jobs", {"zuora_track_id": "x" * 65}, ApiValueError, "zuora_track_id"),
    ("get_all_custom_object_bulk_jobs", {"zuora_track_id": "a:b"}, ApiValueError, "zuora_track_id"),
    ("get_all_custom_object_bulk_jobs", {"zuora_track_id": "a;b"}, ApiValueError, "zuora_track_id"),
    ("get_all_custom_object_bulk_jobs", {"zuora_track_id": 'a"b'}, ApiValueError, "zuora_track_id"),
    ("get_all_custom_object_bulk_jobs", {"zuora_track_id": "a'b"}, ApiValueError, "zuora_track_id"),
    ("get_all_custom_object_bulk_jobs", {"zuora_track_id": "café"}, ApiValueError, "zuora_track_id"),
    ("p_atch_custom_object_bulk_job", {"id": "j", "idempotency_key": "k" * 256}, ApiValueError, "idempotency_key"),
    ("get_all_custom_object_bulk_jobs", {"zuora_entity_ids": "a\r\nX-Evil: 1"}, ApiValueError, "zuora_entity_ids"),
    ("get_all_custom_object_bulk_jobs", {"zuora_org_ids": "a\nb"}, ApiValueError, "zuora_org_ids"),
    ("get_all_custom_object_bulk_jobs", {"_headers": {"X-A": "1\r\n2"}}, ApiValueError, "_headers"),
    ("get_all_custom_object_bulk_jobs", {"page_sise": 5}, TypeError, "page_sise"),
    ("get_all_custom_object_bulk_jobs", {"_request_timout": 5}, TypeError, "_request_timout"),
    ("post_custom_object_bulk_job", {"custom_object_bulk_job_request": "create"}, ApiTypeError,
     "custom_object_bulk_job_request"),
    ("post_upload_file_for_custom_object_bulk_job", {"content_type": "application/json", "id": "j", "file": "a\n"},
     ApiValueError, "content_type"),
    ("post_upload_file_for_custom_object_bulk_job", {"content_type": "text/csv", "id": "j", "file": ""},
     ApiValueError, "file"),
    ("post_upload_file_for_custom_object_bulk_job", {"content_type": "text/csv", "id": "j", "file": 12},
     ApiTypeError, "file"),
    ("post_upload_file_for_custom_object_bulk_job",
     {"content_type": "text/csv", "id": "j", "file": "a\n", "content_encoding": "br"}, ApiValueError,
     "content_encoding"),
]


@pytest.mark.parametrize(("method", "kwargs", "error", "name"), BAD_ARGUMENTS)
def test_bad_arguments_fail_before_any_request(
    api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator, method: str, kwargs: dict[str, Any],
    error: type[Exception], name: str,
) -> None:
    with pytest.raises(error, match=name):
        getattr(api, method)(**kwargs)
    assert sim.request_log == []


def test_client_errors_are_value_and_type_errors() -> None:
    assert issubclass(ApiValueError, ValueError) and issubclass(ApiTypeError, TypeError)


@pytest.mark.parametrize("job_id", ["../x", "a/b", "a?b=c", "a#b", "%2e%2e", "a b"])
def test_ids_cannot_change_the_path(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator, job_id: str) -> None:
    with pytest.raises(NotFoundException):
        api.get_custom_object_bulk_job(job_id)
    path = sim.request_log[-1].path
    assert path.startswith("/objects/jobs/") and path.count("/") == 3
    assert "?" not in path and "#" not in path


# -- a successful answer that is not the model -------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"", "the response body is empty"),
        ([{"Id": "j1"}], "a JSON list, not an object"),
        ({"Id": "j1", "recordsProcessed": "lots"}, "recordsProcessed: Input should be a valid integer"),
        ("<html>upstream</html>", "not valid JSON"),
    ],
    ids=["empty", "list", "wrong-type", "html"],
)
def test_a_200_that_is_not_the_model_raises_our_exception(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, body: Any, problem: str
) -> None:
    sim.inject("get", status=200, body=body, headers={"Zuora-Request-Id": "req-42"})
    with pytest.raises(zuora_sdk.UnexpectedResponseError) as info:
        api.get_custom_object_bulk_job("j1")
    exc = info.value
    assert isinstance(exc, ApiException) and not isinstance(exc, ValueError)
    assert exc.status == 200 and exc.request_id == "req-42" and exc.headers is not None
    assert problem in str(exc) and "req-42" in str(exc)
    assert exc.body is not None and (exc.body == "" if body == b"" else exc.body.strip())


def test_the_body_kept_on_an_unexpected_answer_is_truncated(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("list", status=200, body="x" * 50_000)
    with pytest.raises(zuora_sdk.UnexpectedResponseError) as info:
        api.get_all_custom_object_bulk_jobs_with_http_info()
    body = info.value.body
    assert body is not None and body.startswith("x" * 1000) and body.endswith("(50000 bytes in all)")
    assert len(body) < 1100


def test_everything_raised_for_bad_values_is_ours_and_still_what_pydantic_users_catch() -> None:
    """The README's promise (everything derives from OpenApiException; bad values are ValueErrors) holds
    for request models too, and code written for the generated SDK still catches pydantic's error."""
    from pydantic import ValidationError

    attempts = [
        (lambda: zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="upsert"),
         r"(?s)operation.*'upsert'"),
        (lambda: zuora_sdk.CustomObjectBulkJobRequestOperation("upsert"), "'upsert' is not a valid"),
        (lambda: zuora_sdk.CustomObjectBulkDeleteFilterCondition(field="F", operator="EQ", value={"a": 1}),
         r"CustomObjectBulkDeleteFilterCondition\s+value"),
        (lambda: zuora_sdk.CustomObjectBulkJobResponse.from_dict({"recordsProcessed": "lots"}),
         r"(?s)recordsProcessed.*'lots'"),
        (lambda: zuora_sdk.CustomObjectBulkJobResponse.from_json("{not json"), "not JSON"),
        (lambda: setattr(zuora_sdk.CustomObjectBulkJobResponse(), "processing_time", "slow"),
         r"(?s)processing_time.*'slow'"),
    ]
    for attempt, message in attempts:
        with pytest.raises(ApiValueError, match=message) as info:
            attempt()
        assert isinstance(info.value, zuora_sdk.OpenApiException)
    with pytest.raises(ValidationError) as caught:
        zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="upsert")
    assert caught.value.errors()[0]["loc"] == ("operation",)


@pytest.mark.parametrize(
    ("attempt", "error", "named"),
    [
        (lambda api: api.get_all_custom_object_bulk_jobs(_request_timeout="soon"), ApiTypeError, "_request_timeout"),
        (lambda api: api.get_all_custom_object_bulk_jobs(_request_timeout=-1), ApiValueError, "_request_timeout"),
        (lambda api: api.get_all_custom_object_bulk_jobs(_request_timeout=(1, 2, 3)), ApiValueError, "pair"),
        (lambda api: api.get_all_custom_object_bulk_jobs(_headers=["X-A: 1"]), ApiTypeError, "_headers"),
        (lambda api: api.get_all_custom_object_bulk_jobs(_request_auth="Bearer x"), ApiTypeError, "_request_auth"),
        (lambda api: api.get_all_custom_object_bulk_jobs(_host_index="eu"), ApiTypeError, "host index"),
        (lambda api: setattr(api.api_client, "request_timeout", "x") or api.get_all_custom_object_bulk_jobs(),
         ApiTypeError, "ApiClient.request_timeout"),
        (lambda api: zuora_sdk.CustomObjectJobsApi("client"), ApiTypeError, "api_client"),
        (lambda api: zuora_sdk.ApiClient({"host": "x"}), ApiTypeError, "configuration"),
        (lambda api: zuora_sdk.ApiClient(api.api_client.configuration, header_name="X-Tenant"), ApiTypeError,
         "header_value"),
        (lambda api: zuora_sdk.Configuration(timeout="60"), ApiTypeError, "timeout"),
        (lambda api: zuora_sdk.Configuration(upload_timeout=0), ApiValueError, "upload_timeout"),
        (lambda api: zuora_sdk.Configuration(default_headers=[("A", "1")]), ApiTypeError, "default_headers"),
        (lambda api: zuora_sdk.Configuration(max_file_bytes="15MB"), ApiTypeError, "max_file_bytes"),
        (lambda api: zuora_sdk.Configuration(retries=-1), ApiValueError, "retries"),
    ],
)
def test_bad_arguments_anywhere_on_the_surface_are_ours_before_sending(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, attempt: Any, error: type[Exception], named: str
) -> None:
    with pytest.raises(error, match=named):
        attempt(api)
    assert sim.request_log == []


def test_waiting_on_an_empty_answer_raises_ours_not_attribute_error(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job_id = submit(api)
    sim.inject("get", status=200, body=b"")
    with pytest.raises(zuora_sdk.UnexpectedResponseError, match="empty"):
        zuora_sdk.wait_for_job(api, job_id)


def test_an_answer_wrong_in_many_fields_names_the_first_three(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    body = {"Id": "j1", "CreatedDate": "soon", "processingTime": "long", "recordsProcessed": "lots", "error": 7}
    sim.inject("get", status=200, body=body)
    with pytest.raises(zuora_sdk.UnexpectedResponseError) as raised:
        api.get_custom_object_bulk_job("j1")
    detail = str(raised.value).split("the response does not fit the model: ", 1)[1]
    assert detail.startswith("CreatedDate: Input should be a valid datetime")
    fields = ("CreatedDate", "processingTime", "recordsProcessed", "error")
    named = [field for field in fields if f"{field}: " in detail]
    assert named == ["CreatedDate", "processingTime", "recordsProcessed"] and detail.count("; ") == 2
