"""A transport of one's own: the client sends every attempt through whatever it is given
(``Configuration(transport=...)`` or ``ApiClient(transport=...)``), reads the answers it returns,
and treats its ApiConnectionError as it treats urllib3's."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import urllib3
from support import make_config

import zuora_sdk
from zuora_sdk.exceptions import ApiConnectionError, OutcomeUnknownError
from zuora_sdk.rest import RESTClientObject
from zuora_sdk.testing import ZuoraSimulator

JOB = {"id": "j1", "status": "pending", "operation": "create", "object": "vehicle", "namespace": "default"}


class Canned:
    """A whole answer held in memory, read as a transport's answers are."""

    def __init__(self, status: int, payload: object) -> None:
        self.status = status
        self.reason = "OK" if status < 400 else "Error"
        self.headers = urllib3.HTTPHeaderDict({"Content-Type": "application/json"})
        self._body = json.dumps(payload).encode()

    def read1(self, amt: int) -> bytes:
        chunk, self._body = self._body[:amt], self._body[amt:]
        return chunk

    def close(self) -> None:
        self._body = b""

    def release_conn(self) -> None:
        pass


class Scripted:
    """Answers each attempt with the next item of ``script`` (an answer, or an error to raise)."""

    def __init__(self, *script: Canned | Exception) -> None:
        self.script = list(script)
        self.sent: list[tuple[str, str, dict[str, str]]] = []

    def request(self, method: str, url: str, headers: Mapping[str, str], body: Any, timeout: Any,
                budget: Any = None) -> Canned:
        self.sent.append((method, url, dict(headers)))
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    def clear(self) -> None:
        pass


def test_a_transport_given_to_the_client_carries_every_attempt() -> None:
    transport = Scripted(Canned(503, {}), Canned(200, JOB))
    config = zuora_sdk.Configuration(host="https://rest.zuora.com", access_token="t", retries=1,
                                     sleep=lambda seconds: None)
    with zuora_sdk.ApiClient(config, transport=transport) as client:
        info = zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job_with_http_info("j1")
    assert info.data.id == "j1" and info.attempts == 2
    assert [(m, u) for m, u, _ in transport.sent] == [("GET", "https://rest.zuora.com/objects/jobs/j1")] * 2
    assert transport.sent[0][2]["Authorization"] == "Bearer t"


def test_a_transport_error_says_whether_a_write_may_be_sent_again() -> None:
    never_sent = ApiConnectionError("could not connect", sent=False)
    lost = ApiConnectionError("connection broken", sent=True)
    transport = Scripted(never_sent, Canned(200, JOB), lost)
    config = zuora_sdk.Configuration(access_token="t", retries=2, sleep=lambda seconds: None, transport=transport)
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        assert api.post_custom_object_bulk_job(
            {"namespace": "default", "object": "vehicle", "operation": "create"}
        ).id == "j1"
        with pytest.raises(OutcomeUnknownError):
            api.post_custom_object_bulk_job({"namespace": "default", "object": "vehicle", "operation": "create"})
    assert len(transport.sent) == 3


def test_a_recording_transport_wraps_the_default_one(sim: ZuoraSimulator) -> None:
    config = make_config(sim, wire=True)
    inner = RESTClientObject(config)
    seen: list[int] = []

    class Recording:
        def request(self, *args: Any, **kwargs: Any) -> Any:
            response = inner.request(*args, **kwargs)
            seen.append(response.status)
            return response

        def clear(self) -> None:
            inner.clear()

    config.transport = Recording()
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        sim.inject("list", status=503)
        assert api.get_all_custom_object_bulk_jobs().jobs == []
        chunks: Iterator[bytes] = api.get_all_custom_object_bulk_jobs_without_preload_content().stream()
        assert json.loads(b"".join(chunks))["jobs"] == []
    assert seen == [503, 200, 200]


def test_a_copy_of_the_configuration_shares_its_transport_clock_and_sleep(sim: ZuoraSimulator) -> None:
    import copy

    config = make_config(sim, sleep=sim.advance, clock=sim.clock.now)
    zuora_sdk.Configuration.set_default(config)
    try:
        clone = zuora_sdk.Configuration.get_default_copy()
    finally:
        zuora_sdk.Configuration.set_default(None)
    assert clone is not config and clone.default_headers is not config.default_headers
    assert clone.transport is config.transport and clone.sleep == sim.advance and clone.clock == sim.clock.now
    assert copy.deepcopy(config).transport is config.transport
    with zuora_sdk.ApiClient(clone) as client:
        assert zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs().jobs == []


def test_the_default_transport_works_for_a_wrapper_that_passes_no_budget(sim: ZuoraSimulator) -> None:
    # The protocol's budget is optional: a transport of one's own may call the default one without.
    config = make_config(sim, wire=True)
    inner = RESTClientObject(config)

    class NoBudget:
        def request(self, method: str, url: str, headers: Mapping[str, str], body: Any, timeout: Any,
                    budget: Any = None) -> Any:
            return inner.request(method, url, headers, body, timeout)

        def clear(self) -> None:
            inner.clear()

    config.transport = NoBudget()
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job = api.post_custom_object_bulk_job({"namespace": "default", "object": "vehicle", "operation": "create"})
        csv = "Name__c,Year__c\nModel S,2024\n"  # compressed on the fly: sent chunked
        assert api.post_upload_file_for_custom_object_bulk_job("text/csv", job.id, csv, content_encoding="gzip").id

        assert api.get_custom_object_bulk_job(job.id).id == job.id
    assert sim.stats.uploads_accepted == 1


@pytest.mark.parametrize("status", [200, 404, 429, 599])
def test_in_process_answers_carry_the_reason_phrase_the_wire_sends(sim: ZuoraSimulator, status: int) -> None:
    headers = {"Authorization": f"Bearer {sim.access_token}"}
    url = sim.start().base_url + "/objects/jobs"
    reasons = []
    with urllib3.PoolManager() as wire:
        for send in (lambda: sim.transport().request("GET", url, headers, None, urllib3.Timeout(5)),
                     lambda: wire.request("GET", url, headers=headers, preload_content=False)):
            if status != 200:
                sim.inject("list", status=status)
            response = send()
            reasons.append(response.reason)
            response.drain_conn()
    assert reasons[0] == reasons[1]
