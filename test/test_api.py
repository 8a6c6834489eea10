"""The six operations end to end against the simulator, their variants and per-call options."""

from __future__ import annotations

import json
import threading
from datetime import datetime

import pytest
import urllib3
from support import make_config, submit

import zuora_sdk
from zuora_sdk.api_response import ApiResponse
from zuora_sdk.models.custom_object_bulk_job_response import CustomObjectBulkJobResponse
from zuora_sdk.testing import ZuoraSimulator

CSV = "Name__c,Year__c\nModel S,2024\nModel 3,2023\n"


def test_whole_lifecycle_through_the_six_methods(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    job_id = submit(api)
    job = api.get_custom_object_bulk_job(job_id)
    assert job.status == "pending" and job.operation == "create" and job.object == "vehicle"
    assert isinstance(job.created_date, datetime) and job.created_date.tzinfo is not None

    uploaded = api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, CSV + "Bad,notayear\n")
    assert uploaded.id == job_id and uploaded.status == "in_progress"
    sim.complete(job_id)
    done = api.get_custom_object_bulk_job(job_id)
    assert done.status == "completed"
    assert done.records_processed == 3

    errors = api.get_custom_object_bulk_job_errors(job_id).errors
    assert errors is not None and [e.row for e in errors] == [4]
    assert errors[0].record is not None and errors[0].record.additional_properties["Name__c"] == "Bad"
    assert sorted(r["Name__c"] for r in sim.records("vehicle")) == ["Model 3", "Model S"]

    pending = submit(api)
    cancelled = api.p_atch_custom_object_bulk_job(pending)
    assert cancelled.status == "cancelled"
    assert api.cancel_custom_object_bulk_job is not None

    page = api.get_all_custom_object_bulk_jobs(page_size=1)
    assert page.jobs is not None and [j.id for j in page.jobs] == [pending]
    assert page.cursor == pending
    rest = api.get_all_custom_object_bulk_jobs(page_size=100, cursor=page.cursor)
    assert [j.id for j in rest.jobs or []] == [job_id]
    only_completed = api.get_all_custom_object_bulk_jobs(status="completed")
    assert [j.id for j in only_completed.jobs or []] == [job_id]


def test_submit_accepts_a_dict_in_wire_format(api: zuora_sdk.CustomObjectJobsApi) -> None:
    job = api.post_custom_object_bulk_job({"namespace": "default", "object": "vehicle", "operation": "update"})
    assert job.operation == "update" and job.status == "pending"


def test_delete_by_filter_with_a_scalar_value(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, CSV)
    sim.complete(job_id)
    condition = zuora_sdk.CustomObjectBulkDeleteFilterCondition(var_field="Year__c", operator="EQ", value=2024)
    delete = zuora_sdk.CustomObjectBulkJobRequest(
        namespace="default", object="vehicle", operation="delete",
        filter=zuora_sdk.CustomObjectBulkDeleteFilter(conditions=[condition]),
    )
    job = api.post_custom_object_bulk_job(delete)
    assert job.status == "accepted"
    sim.complete(job.id)
    assert [r["Name__c"] for r in sim.records("vehicle")] == ["Model 3"]
    sent = [e for e in sim.request_log if e.route == "submit"][-1]
    assert sent.status == 200


def test_with_http_info_gives_status_headers_and_rate_limit(api: zuora_sdk.CustomObjectJobsApi) -> None:
    job_id = submit(api)
    info = api.get_custom_object_bulk_job_with_http_info(job_id, zuora_track_id="trace-42")
    assert isinstance(info, ApiResponse)
    assert info.status_code == 200
    assert isinstance(info.data, CustomObjectBulkJobResponse) and info.data.id == job_id
    assert info.headers["zuora-track-id"] == "trace-42" == info.track_id
    assert info.request_id is not None and len(info.request_id) == 36
    assert info.headers["ZUORA-REQUEST-ID"] == info.request_id
    assert info.rate_limit.remaining is not None and info.rate_limit.limit
    assert b'"Id"' in info.raw_data
    assert info.attempts == 1


def test_without_preload_content_returns_the_unread_response(api: zuora_sdk.CustomObjectJobsApi) -> None:
    job_id = submit(api)
    raw = api.get_custom_object_bulk_job_without_preload_content(job_id)
    assert isinstance(raw, urllib3.BaseHTTPResponse)
    assert raw.status == 200
    assert job_id in raw.read().decode()
    raw.release_conn()


def test_zuora_version_defaults_and_is_configurable(sim: ZuoraSimulator) -> None:
    cases = [(make_config(sim), "2024-05-20"), (make_config(sim, zuora_version="2025-01-01"), "2025-01-01")]
    for config, expected in cases:
        with zuora_sdk.ApiClient(config) as client:
            zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
        assert sim.request_log[-1].headers["Zuora-Version"] == expected


def test_per_call_header_wins_over_configured_default(sim: ZuoraSimulator) -> None:
    config = make_config(sim, default_headers={"Zuora-Track-Id": "from-config"})
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        info = api.get_all_custom_object_bulk_jobs_with_http_info()
        assert info.track_id == "from-config"
        info = api.get_all_custom_object_bulk_jobs_with_http_info(zuora_track_id="from-call")
        assert info.track_id == "from-call"
        info = api.get_all_custom_object_bulk_jobs_with_http_info(
            zuora_track_id="from-call", _headers={"Zuora-Track-Id": "from-headers"}
        )
        assert info.track_id == "from-headers"


def test_request_auth_and_authorization_parameter_override_the_configured_token(sim: ZuoraSimulator) -> None:
    config = make_config(sim, access_token="wrong-token")
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        with pytest.raises(zuora_sdk.UnauthorizedException):
            api.get_all_custom_object_bulk_jobs()
        good = f"Bearer {sim.access_token}"
        assert api.get_all_custom_object_bulk_jobs(authorization=good).jobs == []
        auth = {"in": "header", "key": "Authorization", "value": good}
        assert api.get_all_custom_object_bulk_jobs(_request_auth=auth).jobs == []
        assert api.get_all_custom_object_bulk_jobs(_request_auth={"value": good}).jobs == []  # a header, Authorization
        loaded = json.loads(json.dumps(auth))  # read from a file: equal strings, not the same objects
        assert api.get_all_custom_object_bulk_jobs(_request_auth=loaded).jobs == []
        for place in ("query", "cookie"):  # either side of "header"
            with pytest.raises(zuora_sdk.ApiValueError, match="must go in a header"):
                api.get_all_custom_object_bulk_jobs(_request_auth={"in": place, "key": "token", "value": good})


def test_content_type_option_is_sent(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    job_id = submit(api)
    api.post_upload_file_for_custom_object_bulk_job(
        "text/csv", job_id, CSV, _content_type="text/csv; charset=utf-8"
    )
    assert sim.request_log[-1].headers["Content-Type"] == "text/csv; charset=utf-8"


def test_request_timeout_option_raises_our_timeout_error(sim: ZuoraSimulator) -> None:
    sim.inject("list", action="delay", delay=1.0, times=5)
    with zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        with pytest.raises(zuora_sdk.ApiTimeoutError) as info:
            api.get_all_custom_object_bulk_jobs(_request_timeout=(1, 0.2), _retries=0)
        assert isinstance(info.value, zuora_sdk.ApiException)
        assert not isinstance(info.value, urllib3.exceptions.HTTPError)


def test_api_client_request_timeout_is_every_calls_default(sim: ZuoraSimulator) -> None:
    """As in the generated SDK (and ZuoraClient.set_request_timeout): a per-call value still wins."""
    sim.inject("list", action="delay", delay=1.0, times=2)
    with zuora_sdk.ApiClient(make_config(sim, retries=0)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        client.request_timeout = (1, 0.2)
        with pytest.raises(zuora_sdk.ApiTimeoutError):
            api.get_all_custom_object_bulk_jobs()
        assert api.get_all_custom_object_bulk_jobs(_request_timeout=5).jobs == []
        client.request_timeout = None
        assert client.build_request(zuora_sdk.api.custom_object_jobs_api.LIST_JOBS, {}, {}).timeout.read_timeout == 60


def test_a_timeout_changed_between_calls_takes_effect(api: zuora_sdk.CustomObjectJobsApi) -> None:
    # The client reuses what the previous call's timeout made: only while it is the same timeout.
    client, op = api.api_client, zuora_sdk.api.custom_object_jobs_api.LIST_JOBS
    assert client.build_request(op, {}, {}).timeout.read_timeout == 60
    client.configuration.timeout = (1, 7.0)
    request = client.build_request(op, {}, {})
    assert request.timeout.read_timeout == 7.0 and request.budget.seconds == 21.0
    client.request_timeout = -1
    with pytest.raises(zuora_sdk.ApiValueError, match="request_timeout"):
        client.build_request(op, {}, {})
    client.request_timeout = None
    assert client.build_request(op, {}, {}).timeout.read_timeout == 7.0


def test_host_index_picks_a_zuora_environment(api: zuora_sdk.CustomObjectJobsApi) -> None:
    client = api.api_client
    request = client.build_request(
        zuora_sdk.api.custom_object_jobs_api.LIST_JOBS, {}, {"_host_index": 5}
    )
    assert request.url == "https://rest.eu.zuora.com/objects/jobs"
    with pytest.raises(zuora_sdk.ApiValueError, match="host index"):
        api.get_all_custom_object_bulk_jobs(_host_index=99)


@pytest.mark.parametrize("wire", [False, True], ids=["in-process", "wire"])
def test_gzip_response_is_decoded(sim: ZuoraSimulator, wire: bool) -> None:
    with zuora_sdk.ApiClient(make_config(sim, wire=wire)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        for _ in range(5):
            api.p_atch_custom_object_bulk_job(submit(api))
        info = api.get_all_custom_object_bulk_jobs_with_http_info(accept_encoding="gzip")
    assert info.headers.get("Content-Encoding") == "gzip"
    assert len(info.data.jobs or []) == 5


def test_gzip_request_bodies(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="create")
    job = api.post_custom_object_bulk_job(request, content_encoding="gzip")
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job.id, CSV, content_encoding="gzip")
    sim.complete(job.id)
    assert len(sim.records("vehicle")) == 2
    assert sim.request_log[-1].headers["Content-Encoding"] == "gzip"


def test_client_and_api_are_shared_between_threads(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    job_id = submit(api)
    seen: list[str] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                job = api.get_custom_object_bulk_job(job_id)
                seen.append(job.id)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures and seen == [job_id] * 160


def test_close_and_with_block_close_the_pool(sim: ZuoraSimulator) -> None:
    client = zuora_sdk.ApiClient(make_config(sim, wire=True))
    zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert len(client.rest_client.pool_manager.pools) == 1
    client.close()
    assert len(client.rest_client.pool_manager.pools) == 0
    with zuora_sdk.ApiClient(make_config(sim, wire=True)) as other:
        zuora_sdk.CustomObjectJobsApi(other).get_all_custom_object_bulk_jobs()
    assert len(other.rest_client.pool_manager.pools) == 0


def test_default_client_is_used_without_argument(sim: ZuoraSimulator) -> None:
    zuora_sdk.ApiClient.set_default(zuora_sdk.ApiClient(make_config(sim)))
    try:
        assert zuora_sdk.CustomObjectJobsApi().get_all_custom_object_bulk_jobs().jobs == []
    finally:
        zuora_sdk.ApiClient.set_default(None)
