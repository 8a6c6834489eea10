"""Whatever a caller hands over as a credential or header never shows in the DEBUG log, on
success, on failure and on the retry path; nor in the errors raised."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support import make_config

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator

# Each way of handing a value over, and the secret it was given; all four paths run for each.
Setup = Callable[[ZuoraSimulator, str], tuple[zuora_sdk.ApiClient, dict[str, Any]]]


def _authorization(sim: ZuoraSimulator, value: str) -> tuple[zuora_sdk.ApiClient, dict[str, Any]]:
    return zuora_sdk.ApiClient(make_config(sim)), {"authorization": f"Bearer {sim.access_token}"}


def _request_auth(sim: ZuoraSimulator, value: str) -> tuple[zuora_sdk.ApiClient, dict[str, Any]]:
    auth = {"in": "header", "key": "Authorization", "value": f"Bearer {sim.access_token}"}
    return zuora_sdk.ApiClient(make_config(sim)), {"_request_auth": auth}


def _headers(sim: ZuoraSimulator, value: str) -> tuple[zuora_sdk.ApiClient, dict[str, Any]]:
    return zuora_sdk.ApiClient(make_config(sim)), {"_headers": {"X-Api-Key": value}}


def _cookie(sim: ZuoraSimulator, value: str) -> tuple[zuora_sdk.ApiClient, dict[str, Any]]:
    return zuora_sdk.ApiClient(make_config(sim), cookie=f"ZSession={value}"), {}


def _set_default_header(sim: ZuoraSimulator, value: str) -> tuple[zuora_sdk.ApiClient, dict[str, Any]]:
    client = zuora_sdk.ApiClient(make_config(sim))
    client.set_default_header("X-Api-Key", value)
    return client, {}


def _client_header(sim: ZuoraSimulator, value: str) -> tuple[zuora_sdk.ApiClient, dict[str, Any]]:
    return zuora_sdk.ApiClient(make_config(sim), header_name="X-Api-Key", header_value=value), {}


def _configuration_default_headers(sim: ZuoraSimulator, value: str) -> tuple[zuora_sdk.ApiClient, dict[str, Any]]:
    return zuora_sdk.ApiClient(make_config(sim, default_headers={"X-Api-Key": value})), {}


def _configuration_token(sim: ZuoraSimulator, value: str) -> tuple[zuora_sdk.ApiClient, dict[str, Any]]:
    return zuora_sdk.ApiClient(make_config(sim)), {}


SETUPS: dict[str, Setup] = {
    "authorization=": _authorization,
    "_request_auth": _request_auth,
    "_headers": _headers,
    "cookie": _cookie,
    "set_default_header": _set_default_header,
    "ApiClient(header_name=...)": _client_header,
    "Configuration(default_headers=...)": _configuration_default_headers,
    "Configuration(access_token=...)": _configuration_token,
}


def submit(api: zuora_sdk.CustomObjectJobsApi, **options: Any) -> str:
    request = {"namespace": "default", "object": "vehicle", "operation": "create"}
    job_id = api.post_custom_object_bulk_job(request, **options).id
    assert job_id
    return job_id


@pytest.fixture
def secret_sim() -> Iterator[ZuoraSimulator]:
    with ZuoraSimulator() as simulator:
        yield simulator


@pytest.mark.parametrize("setup", list(SETUPS))
def test_values_given_for_headers_never_reach_the_debug_log_or_errors(
    secret_sim: ZuoraSimulator, caplog: pytest.LogCaptureFixture, setup: str
) -> None:
    sim = secret_sim
    value = "s3cr3t-" + secrets.token_hex(16)
    client, options = SETUPS[setup](sim, value)
    errors: list[str] = []
    with caplog.at_level(logging.DEBUG), client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api, **options)  # success
        sim.inject("get", status=503)  # the retry path: 503, then success
        api.get_custom_object_bulk_job(job_id, **options)
        sim.inject("list", action="drop_before")  # the retry path without an answer
        api.get_all_custom_object_bulk_jobs(**options)
        sim.inject("upload", action="drop_after")  # a lost answer, settled by reading the job back
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nA\n", **options)
        failures: list[tuple[dict[str, Any], Callable[[], object], str]] = [
            ({}, lambda: api.get_custom_object_bulk_job("no-such-job", **options), "Not Found"),  # an error answer
            ({"route": "errors", "status": 500, "times": 3},  # retries running out
             lambda: api.get_custom_object_bulk_job_errors(job_id, **options), "after 3 attempts"),
            ({"route": "submit", "action": "drop_after"}, lambda: submit(api, **options), "answer was lost"),
        ]
        for fault, call, message in failures:
            if fault:
                sim.inject(**fault)
            with pytest.raises(zuora_sdk.ApiException, match=message) as raised:
                call()
            errors += [str(raised.value), repr(raised.value)]
    debug = [record for record in caplog.records if record.levelno == logging.DEBUG]
    assert any("sent headers" in record.getMessage() for record in debug)  # the log did run, at DEBUG
    assert any("retrying" in record.getMessage() for record in caplog.records)
    text = caplog.text + "\n".join(errors)
    assert value not in text
    assert sim.access_token not in text
    assert sim.stats.requests["upload"] == 1 and sim.stats.requests["get"] >= 4  # every path was taken
