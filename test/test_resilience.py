"""The fault matrix: every operation against every fault, in both idempotency modes.

Each case states the outcome a caller must see (success after retries, or the right exception)
and checks the simulator's counters to prove nothing was done twice or lost.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from typing import Any

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk._core.retry import RetryPolicy
from zuora_sdk.exceptions import (
    ApiConnectionError,
    ApiTimeoutError,
    OutcomeUnknownError,
    RateLimitException,
    ServiceException,
)
from zuora_sdk.testing import ZuoraSimulator

CSV = "Name__c,Year__c\nModel S,2024\n"
READ_TIMEOUT = 0.3

Call = Callable[[zuora_sdk.CustomObjectJobsApi, str], Any]

# route -> how to call it; each gets a fresh pending job id
OPERATIONS: dict[str, Call] = {
    "list": lambda api, job_id: api.get_all_custom_object_bulk_jobs(_request_timeout=(1, READ_TIMEOUT)),
    "get": lambda api, job_id: api.get_custom_object_bulk_job(job_id, _request_timeout=(1, READ_TIMEOUT)),
    "errors": lambda api, job_id: api.get_custom_object_bulk_job_errors(job_id, _request_timeout=(1, READ_TIMEOUT)),
    "submit": lambda api, job_id: api.post_custom_object_bulk_job(
        {"namespace": "default", "object": "vehicle", "operation": "create"}, _request_timeout=(1, READ_TIMEOUT)
    ),
    "upload": lambda api, job_id: api.post_upload_file_for_custom_object_bulk_job(
        "text/csv", job_id, CSV, _request_timeout=(1, READ_TIMEOUT)
    ),
    "cancel": lambda api, job_id: api.p_atch_custom_object_bulk_job(job_id, _request_timeout=(1, READ_TIMEOUT)),
}

# fault name -> keyword arguments of sim.inject
FAULTS: dict[str, dict[str, Any]] = {
    # No usable hint: the simulator sends the quota window's RateLimit-Reset on every answer, blanked here.
    "429": {"status": 429, "body": {"code": 71000429, "message": "Too busy"}, "headers": {"RateLimit-Reset": ""}},
    "429 Retry-After": {"status": 429, "retry_after": "0.01"},
    "429 RateLimit-Reset": {"status": 429, "ratelimit_reset": "0.01"},
    "500": {"status": 500, "body": {"code": 71000500, "message": "Internal error"}},
    "502 html": {"action": "html502"},
    "503": {"status": 503, "body": "Service Unavailable"},
    "504": {"status": 504, "body": "Gateway Timeout"},
    "reset before": {"action": "drop_before"},
    "reset after": {"action": "drop_after"},
    "read timeout": {"action": "delay", "delay": READ_TIMEOUT * 2},
    "truncated json": {"action": "truncate"},
}
PROCESSED = {"reset after", "read timeout", "truncated json"}  # the server acted on the request
NOT_PROCESSED_PROOF = {"429", "429 Retry-After", "429 RateLimit-Reset", "503"}


def expected_outcome(route: str, fault: str) -> str:
    """'ok' (success after one retry), or the exception a caller must get."""
    if route == "submit" and fault not in NOT_PROCESSED_PROOF:
        return "unknown"  # never re-sent blindly: the job may or may not exist
    return "ok"


@pytest.fixture(params=["ignore", "replay"])
def idempotency(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def msim(idempotency: str) -> ZuoraSimulator:
    return ZuoraSimulator(idempotency=idempotency)  # reached in process: never started


# What sockets add to the faults (a reset, a late or cut answer): these also run over HTTP on
# loopback, a late answer for one operation of each kind (a write never re-sent, a write read
# back, a read), since each costs real time.
WIRE_CASES = [
    (route, fault) for route in OPERATIONS for fault in ("reset before", "reset after", "truncated json")
] + [(route, "read timeout") for route in ("submit", "upload", "get")]


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("route", list(OPERATIONS))
def test_fault_matrix(msim: ZuoraSimulator, route: str, fault: str) -> None:
    check_fault(msim, route, fault, wire=False)


@pytest.mark.parametrize(("route", "fault"), WIRE_CASES)
def test_fault_matrix_on_the_wire(route: str, fault: str) -> None:
    with ZuoraSimulator() as simulator:
        check_fault(simulator, route, fault, wire=True)


def all_answered(sim: ZuoraSimulator, route: str) -> None:
    """Wait until every request to ``route`` that reached the simulator has been answered (a late
    answer's request finishes after the client gave up on it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if sum(entry.route == route for entry in sim.request_log) >= sim.stats.requests.get(route, 0):
            return
        time.sleep(0.005)


def check_fault(msim: ZuoraSimulator, route: str, fault: str, *, wire: bool) -> None:
    with zuora_sdk.ApiClient(make_config(msim, wire=wire)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        before = msim.stats
        msim.inject(route, times=1, **FAULTS[fault])
        outcome = expected_outcome(route, fault)
        if outcome == "ok":
            info = OPERATIONS[route](api, job_id)
            assert info is not None
        else:
            with pytest.raises(OutcomeUnknownError) as raised:
                OPERATIONS[route](api, job_id)
            assert raised.value.idempotency_key
            assert raised.value.sent_after < raised.value.sent_before
        msim.clear_faults()
        all_answered(msim, route)  # let a delayed original finish before counting
        after = msim.stats

        # Nothing done twice, nothing claimed that did not happen.
        created = after.jobs_created - before.jobs_created
        if route == "submit":
            assert created == (1 if outcome == "ok" or fault in PROCESSED else 0)
        else:
            assert created == 0
        job = api.get_custom_object_bulk_job(job_id)
        if route == "upload":
            assert after.uploads_accepted - before.uploads_accepted == 1
            assert job.status in ("in_progress", "completed")
        elif route == "cancel":
            assert job.status == "cancelled"
            assert after.cancels - before.cancels == 1
        else:
            assert job.status == "pending"


def test_replay_mode_with_trusted_idempotency_retries_a_lost_submit_safely() -> None:
    with ZuoraSimulator(idempotency="replay") as sim:
        with zuora_sdk.ApiClient(make_config(sim, trust_server_idempotency=True)) as client:
            api = zuora_sdk.CustomObjectJobsApi(client)
            sim.inject("submit", action="drop_after")
            info = api.post_custom_object_bulk_job_with_http_info(
                {"namespace": "default", "object": "vehicle", "operation": "create"}
            )
            assert info.attempts == 2
            assert sim.stats.jobs_created == 1
            assert list(sim.jobs) == [info.data.id]
            keys = {e.idempotency_key for e in sim.request_log if e.route == "submit"}
            assert len(keys) == 1  # the same key on every attempt


def test_a_caller_key_is_reused_on_every_attempt(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(sim)) as client:
        sim.inject("submit", status=503, times=2)
        zuora_sdk.CustomObjectJobsApi(client).post_custom_object_bulk_job(
            {"namespace": "default", "object": "vehicle", "operation": "create"}, idempotency_key="my-key-1"
        )
    assert [e.idempotency_key for e in sim.request_log if e.route == "submit"] == ["my-key-1"] * 3
    assert sim.stats.jobs_created == 1


def test_wait_hint_beyond_the_cap_raises_at_once_with_the_wait(sim: ZuoraSimulator) -> None:
    sim.inject("list", status=429, retry_after="3600", times=5)
    with zuora_sdk.ApiClient(make_config(sim)) as client, pytest.raises(RateLimitException) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert raised.value.retry_after == pytest.approx(3600)
    assert raised.value.attempts == 1
    assert "3600" in str(raised.value)


def test_ratelimit_reset_is_not_a_hint_on_success_or_other_errors() -> None:
    from zuora_sdk._core.retry import server_wait_hint

    assert server_wait_hint(200, {"RateLimit-Reset": "30", "RateLimit-Remaining": "100"}) is None
    assert server_wait_hint(500, {"RateLimit-Reset": "30", "RateLimit-Remaining": "5"}) is None
    assert server_wait_hint(429, {"RateLimit-Reset": "30"}) == 30
    assert server_wait_hint(500, {"RateLimit-Reset": "7", "RateLimit-Remaining": "0"}) == 7
    assert server_wait_hint(503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0


def test_quota_exhaustion_is_waited_out() -> None:
    with ZuoraSimulator(rate_limit=(3, 1)) as sim:
        # The client's waits move the simulator's clock: the quota window passes without real time.
        config = make_config(sim, retries=RetryPolicy(max_retries=3, backoff_initial=0.01), sleep=sim.advance)
        with zuora_sdk.ApiClient(config) as client:
            api = zuora_sdk.CustomObjectJobsApi(client)
            for _ in range(5):
                api.get_all_custom_object_bulk_jobs()
        assert sim.stats.rejected_429 >= 1


def test_the_loop_waits_with_the_configured_sleep(sim: ZuoraSimulator) -> None:
    waits: list[float] = []
    sim.inject("list", status=503, retry_after="7", times=2)
    with zuora_sdk.ApiClient(make_config(sim, sleep=waits.append)) as client:
        info = zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs_with_http_info()
    assert info.attempts == 3 and waits == [7.0, 7.0]


def test_retries_give_up_after_the_policy_and_say_how_many_attempts(
    sim: ZuoraSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    sim.inject("get", action="html502", times=10)
    with zuora_sdk.ApiClient(make_config(sim)) as client, caplog.at_level(logging.INFO, logger="zuora_sdk"):
        with pytest.raises(ServiceException) as raised:
            zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("abc")
    assert raised.value.attempts == 3
    assert "after 3 attempts" in str(raised.value)
    retries = [r for r in caplog.records if r.levelno == logging.INFO and "retrying" in r.getMessage()]
    assert len(retries) == 2
    assert "502" in retries[0].getMessage() and "in 0.00" in retries[0].getMessage()


def test_retries_can_be_turned_off_per_call(sim: ZuoraSimulator) -> None:
    sim.inject("list", status=503, times=1)
    with zuora_sdk.ApiClient(make_config(sim)) as client, pytest.raises(ServiceException):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs(_retries=0)
    assert sim.stats.requests["list"] == 1


def test_the_retry_budget_bounds_the_total_wait(sim: ZuoraSimulator) -> None:
    sim.inject("list", status=503, times=10)
    policy = RetryPolicy(max_retries=10, backoff_initial=0.05, backoff_max=0.05, budget=0.12, jitter=False)
    with zuora_sdk.ApiClient(make_config(sim, retries=policy)) as client, pytest.raises(ServiceException) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert raised.value.attempts == 3  # waits of 0.05 + 0.05; a third would pass the budget


def test_other_4xx_are_never_retried(sim: ZuoraSimulator) -> None:
    sim.inject("list", status=409, times=5)
    with zuora_sdk.ApiClient(make_config(sim)) as client, pytest.raises(zuora_sdk.ConflictException):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert sim.stats.requests["list"] == 1


def test_connection_refused_is_our_exception_and_a_submit_is_retried(sim: ZuoraSimulator) -> None:
    port = sim.base_url.rsplit(":", 1)[1]
    sim.stop()
    config = zuora_sdk.Configuration(host=f"http://127.0.0.1:{port}", access_token="t",
                                     retries=RetryPolicy(backoff_initial=0.001))
    with zuora_sdk.ApiClient(config) as client, pytest.raises(ApiConnectionError) as raised:
        zuora_sdk.CustomObjectJobsApi(client).post_custom_object_bulk_job(
            {"namespace": "default", "object": "vehicle", "operation": "create"}
        )
    assert raised.value.attempts == 3 and raised.value.sent is False
    assert not isinstance(raised.value, (OutcomeUnknownError, ApiTimeoutError))  # refused, not timed out


def test_seekable_file_is_rewound_for_a_retry(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    job_id = submit(api)
    sim.inject("upload", status=503)
    api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, io.BytesIO(CSV.encode()))
    sim.complete(job_id)
    assert [r["Name__c"] for r in sim.records("vehicle")] == ["Model S"]


def test_one_shot_stream_is_not_retried(api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator) -> None:
    job_id = submit(api)
    sim.inject("upload", status=503)
    rows = iter([["Name__c", "Year__c"], ["Model S", 2024]])
    with pytest.raises(ServiceException) as raised:
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, rows)
    assert raised.value.attempts == 1
    assert api.get_custom_object_bulk_job(job_id).status == "pending"


def test_read_timeout_on_a_read_is_retried(sim: ZuoraSimulator) -> None:
    sim.inject("get", action="delay", delay=0.5)
    with zuora_sdk.ApiClient(make_config(sim, timeout=(1, 0.2))) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        assert api.get_custom_object_bulk_job_with_http_info(job_id).attempts == 2


def test_timeout_error_class(sim: ZuoraSimulator) -> None:
    sim.inject("get", action="delay", delay=0.5, times=5)
    with zuora_sdk.ApiClient(make_config(sim, timeout=(1, 0.1), retries=0)) as client:
        with pytest.raises(ApiTimeoutError) as raised:
            zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("x")
    assert raised.value.sent is True


def test_a_closed_client_opens_new_connections_when_used_again(
    wire_api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator
) -> None:
    api = wire_api
    job_id = submit(api)
    api.api_client.close()
    assert api.get_custom_object_bulk_job(job_id).id == job_id
    submit(api)


def test_a_pool_closed_under_the_client_is_replaced_before_sending(
    wire_api: zuora_sdk.CustomObjectJobsApi, sim: ZuoraSimulator
) -> None:
    api = wire_api
    api.get_all_custom_object_bulk_jobs()
    # What close() on another thread does to the pool this thread has just picked.
    manager = api.api_client.rest_client.pool_manager
    pool = manager.connection_from_url(sim.base_url)
    manager.clear()
    pool.close()
    job = api.post_custom_object_bulk_job_with_http_info(
        {"namespace": "default", "object": "vehicle", "operation": "create"}
    )
    assert job.attempts == 1 and sim.stats.requests["submit"] == 1


def test_a_client_keeps_connections_to_a_few_hosts_only() -> None:
    with ZuoraSimulator() as first, ZuoraSimulator() as second, ZuoraSimulator() as third:
        config = zuora_sdk.Configuration(host=first.base_url, access_token=first.access_token)
        with zuora_sdk.ApiClient(config) as client:
            api = zuora_sdk.CustomObjectJobsApi(client)
            for sim in (first, second, third, first):
                port = sim.base_url.rsplit(":", 1)[1]
                for name in ("127.0.0.1", "localhost"):  # two hosts per simulator
                    config.host, config.access_token = f"http://{name}:{port}", sim.access_token
                    assert api.get_all_custom_object_bulk_jobs().jobs == []
            assert len(client.rest_client._pools) <= 4
