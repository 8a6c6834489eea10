"""Injected faults, as a client sees them on the wire, and the /__sim__ control endpoint."""

from __future__ import annotations

import http.client
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from zuora_sdk.testing import Fault, ZuoraSimulator

SUBMIT = {"namespace": "default", "object": "vehicle", "operation": "create"}


def send(
    sim: ZuoraSimulator, method: str, path: str, body: Any = None, *, timeout: float = 5.0, auth: bool = True,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request on a fresh connection; connection-level failures propagate as the client sees them."""
    sent = {"Authorization": f"Bearer {sim.access_token}"} if auth else {}
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
        sent["Content-Type"] = "application/json"
    sent.update(headers or {})
    connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def control(sim: ZuoraSimulator, method: str, name: str, body: Any = None) -> tuple[int, Any]:
    status, _, data = send(sim, method, f"/__sim__/{name}", body, auth=False)
    return status, json.loads(data)


@pytest.fixture
def sim() -> Iterator[ZuoraSimulator]:
    with ZuoraSimulator() as simulator:
        yield simulator


def wait_for(condition: Any, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_respond_answers_as_told_without_processing(sim: ZuoraSimulator) -> None:
    fault = sim.inject("submit", status=503, body={"code": 71000503, "message": "down"}, headers={"X-Extra": "1"},
                       retry_after=2, ratelimit_reset=7)
    assert isinstance(fault, Fault) and (fault.hits, fault.remaining) == (0, 1)
    status, headers, data = send(sim, "POST", "/objects/jobs", SUBMIT, headers={"Zuora-Track-Id": "t"})
    assert status == 503 and json.loads(data) == {"code": 71000503, "message": "down"}
    assert headers["X-Extra"] == "1" and headers["Retry-After"] == "2" and headers["RateLimit-Reset"] == "7"
    assert len(headers["Zuora-Request-Id"]) == 36 and headers["Zuora-Track-Id"] == "t"
    assert int(headers["Content-Length"]) == len(data)
    assert (fault.hits, fault.remaining) == (1, 0) and sim.faults == []
    assert sim.stats.jobs_created == 0 and sim.stats.requests["submit"] == 1
    assert send(sim, "POST", "/objects/jobs", SUBMIT)[0] == 200  # the fault is used up


def test_respond_defaults_and_text_bodies(sim: ZuoraSimulator) -> None:
    sim.inject("list")
    sim.inject("list", status=503, body="Service Unavailable")
    sim.inject("list", status=429, ratelimit_reset="30")
    sim.inject("list", status=400, body=b"<xml/>", headers={"Content-Type": "application/xml"})
    status, headers, data = send(sim, "GET", "/objects/jobs")
    assert status == 500 and json.loads(data) == {"message": "Internal Server Error"}
    status, headers, data = send(sim, "GET", "/objects/jobs")
    assert (status, data) == (503, b"Service Unavailable") and headers["Content-Type"].startswith("text/plain")
    status, headers, _ = send(sim, "GET", "/objects/jobs")
    assert status == 429 and headers["RateLimit-Remaining"] == "0" and headers["RateLimit-Reset"] == "30"
    assert sim.stats.rejected_429 == 1
    status, headers, data = send(sim, "GET", "/objects/jobs")
    assert (status, data, headers["Content-Type"]) == (400, b"<xml/>", "application/xml")


def test_faults_match_in_injection_order_and_count_down(sim: ZuoraSimulator) -> None:
    first = sim.inject("list", status=500, times=2)
    anything = sim.inject("*", status=502)
    assert [send(sim, "GET", "/objects/jobs")[0] for _ in range(4)] == [500, 500, 502, 200]
    assert (first.hits, anything.hits) == (2, 1)
    sim.inject("get", status=500, times=3)
    assert send(sim, "GET", "/objects/jobs")[0] == 200  # another route is untouched
    sim.clear_faults()
    assert send(sim, "GET", "/objects/jobs/x")[0] == 404
    token = sim.inject("*", status=503)
    status, _, _ = send(sim, "POST", "/oauth/token", "grant_type=client_credentials", auth=False)
    assert status == 503 and token.hits == 1  # "*" covers the token endpoint as well


def test_drop_before_resets_the_connection_without_processing(sim: ZuoraSimulator) -> None:
    sim.inject("submit", action="drop_before")
    with pytest.raises(ConnectionResetError):
        send(sim, "POST", "/objects/jobs", SUBMIT)
    assert sim.stats.jobs_created == 0 and sim.jobs == {}
    [entry] = sim.request_log
    assert entry.status is None and entry.body_bytes == len(json.dumps(SUBMIT))  # the body was read first
    assert send(sim, "POST", "/objects/jobs", SUBMIT)[0] == 200


def test_drop_after_processes_then_resets(sim: ZuoraSimulator) -> None:
    sim.inject("submit", action="drop_after")
    with pytest.raises(ConnectionResetError):
        send(sim, "POST", "/objects/jobs", SUBMIT)
    assert sim.stats.jobs_created == 1 and len(sim.jobs) == 1  # the answer was lost, not the job
    assert sim.request_log[-1].status is None


def test_drop_before_on_an_upload_leaves_the_job_pending(sim: ZuoraSimulator) -> None:
    _, _, data = send(sim, "POST", "/objects/jobs", SUBMIT)
    job_id = json.loads(data)["Id"]
    sim.inject("upload", action="drop_before")
    with pytest.raises(ConnectionResetError):
        send(sim, "POST", f"/objects/jobs/{job_id}/files", "Name__c\nA\n" * 5000, headers={"Content-Type": "text/csv"})
    assert sim.jobs[job_id]["status"] == "pending" and sim.stats.uploads_accepted == 0


def test_delay_makes_the_client_time_out_and_then_processes(sim: ZuoraSimulator) -> None:
    sim.inject("submit", action="delay", delay=0.5)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        send(sim, "POST", "/objects/jobs", SUBMIT, timeout=0.1)
    assert time.monotonic() - started < 0.4
    wait_for(lambda: sim.stats.jobs_created == 1)
    wait_for(lambda: len(sim.request_log) == 1)
    assert sim.request_log[0].status == 200


def test_truncate_sends_half_the_body_after_processing(sim: ZuoraSimulator) -> None:
    sim.inject("submit", action="truncate")
    with pytest.raises(http.client.IncompleteRead) as raised:
        send(sim, "POST", "/objects/jobs", SUBMIT)
    partial, missing = len(raised.value.partial), raised.value.expected
    assert partial > 0 and missing is not None and missing - partial in (0, 1)  # half of the body arrived
    assert sim.stats.jobs_created == 1


def test_html502_is_a_proxy_page_and_nothing_is_processed(sim: ZuoraSimulator) -> None:
    sim.inject("submit", action="html502")
    status, headers, data = send(sim, "POST", "/objects/jobs", SUBMIT)
    assert status == 502 and headers["Content-Type"].startswith("text/html") and b"<html>" in data
    assert sim.stats.jobs_created == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"route": "delete"}, "unknown route 'delete'"), ({"action": "explode"}, "unknown action 'explode'"),
     ({"times": 0}, "times must be a positive integer"), ({"status": 999}, "status must be an HTTP status code"),
     ({"action": "delay"}, "action='delay' needs delay="), ({"delay": -1.0}, "not negative"),
     ({"headers": {"X-Evil": "a\r\nSet-Cookie: x"}}, "printable ASCII"),
     ({"retry_after": "soon\n"}, "printable ASCII")],
)
def test_bad_fault_options_are_refused(sim: ZuoraSimulator, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        sim.inject(**kwargs)


# ----- the control endpoint -------------------------------------------------------------------------


def test_control_endpoint_drives_faults_and_reads_stats(sim: ZuoraSimulator) -> None:
    status, fault = control(sim, "POST", "faults", {"route": "list", "status": 503, "times": 2,
                                                    "retry_after": "1"})
    assert status == 200 and fault["route"] == "list" and fault["remaining"] == 2
    assert send(sim, "GET", "/objects/jobs")[:1] == (503,)
    assert control(sim, "GET", "faults")[1]["faults"][0]["hits"] == 1
    assert control(sim, "DELETE", "faults") == (200, {"faults": []})
    assert send(sim, "GET", "/objects/jobs")[0] == 200
    status, stats = control(sim, "GET", "stats")
    assert status == 200 and stats["requests"] == {"list": 2} and stats["jobs_created"] == 0
    assert set(stats) >= {"jobs_created", "uploads_accepted", "cancels", "token_requests", "requests",
                          "bytes_received", "rejected_429"}
    status, requests = control(sim, "GET", "requests?last=1")
    assert [r["status"] for r in requests["requests"]] == [200]
    assert len(sim.request_log) == 2  # control calls are neither logged nor counted
    assert control(sim, "POST", "faults", {"route": "nowhere"})[0] == 400
    assert control(sim, "POST", "faults", {"rout": "list"})[0] == 400
    assert control(sim, "GET", "nothing-here")[0] == 404


def test_control_endpoint_moves_time_and_jobs(sim: ZuoraSimulator) -> None:
    sim.inject("token", status=500, times=1)  # faults never touch the control endpoint
    control(sim, "POST", "objects", {"name": "boat", "fields": {"Name__c": {"type": "string", "required": True},
                                                                "Length__c": "number"}})
    _, _, data = send(sim, "POST", "/objects/jobs", {**SUBMIT, "object": "boat"})
    job_id = json.loads(data)["Id"]
    send(sim, "POST", f"/objects/jobs/{job_id}/files", "Name__c,Length__c\nSwan,12\n",
         headers={"Content-Type": "text/csv"})
    assert control(sim, "POST", "complete", {"job_id": job_id}) == (200, {"completed": []})  # already done
    assert control(sim, "GET", "jobs")[1]["jobs"][job_id]["status"] == "completed"
    assert [r["Length__c"] for r in control(sim, "GET", "records/boat")[1]["records"]] == [12.0]
    assert control(sim, "POST", "complete", {"job_id": "nope"})[0] == 400
    assert control(sim, "POST", "objects", {"name": "bad"})[0] == 400

    form = f"grant_type=client_credentials&client_id={sim.client_id}&client_secret={sim.client_secret}"
    send(sim, "POST", "/oauth/token", form, auth=False)  # takes the injected 500
    token = json.loads(send(sim, "POST", "/oauth/token", form, auth=False)[2])["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert send(sim, "GET", "/objects/jobs", auth=False, headers=bearer)[0] == 200
    control(sim, "POST", "advance", {"seconds": 3600})
    assert send(sim, "GET", "/objects/jobs", auth=False, headers=bearer)[0] == 401
    token = json.loads(send(sim, "POST", "/oauth/token", form, auth=False)[2])["access_token"]
    control(sim, "POST", "expire-tokens")
    assert send(sim, "GET", "/objects/jobs", auth=False, headers={"Authorization": f"Bearer {token}"})[0] == 401
    assert control(sim, "POST", "advance", {"seconds": -1})[0] == 400

    assert control(sim, "POST", "reset") == (200, {"reset": True})
    assert sim.jobs == {} and sim.request_log == [] and sim.records("boat") == []


def test_control_endpoint_completes_running_jobs() -> None:
    with ZuoraSimulator(processing_delay=600) as sim:
        _, _, data = send(sim, "POST", "/objects/jobs", SUBMIT)
        job_id = json.loads(data)["Id"]
        send(sim, "POST", f"/objects/jobs/{job_id}/files", "Name__c\nA\n", headers={"Content-Type": "text/csv"})
        assert sim.jobs[job_id]["status"] == "in_progress"
        assert control(sim, "POST", "complete") == (200, {"completed": [job_id]})
        assert sim.jobs[job_id]["status"] == "completed"
