"""The simulator's request handling without a socket: Service.handle(Request.build(...)) -> Response.

This is the seam an in-process transport calls; the socket server is a shell over the same call.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest

from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.testing.service import Service
from zuora_sdk.testing.wire import Request, Response


@pytest.fixture
def idle() -> Iterator[ZuoraSimulator]:
    simulator = ZuoraSimulator()  # never started: no socket at all
    yield simulator
    assert not simulator.running


def call(sim: ZuoraSimulator, method: str, target: str, body: Any = None, *, auth: bool = True,
         gzip_body: bool = False) -> Response:
    service: Service = sim._service  # the in-process seam: no public accessor yet
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = f"Bearer {sim.access_token}"
    raw = b"" if body is None else json.dumps(body).encode()
    if gzip_body:
        raw, headers["Content-Encoding"] = gzip.compress(raw), "gzip"
    return service.handle(Request.build(method, target, headers, raw))


def header(response: Response, name: str) -> str | None:
    return next((value for key, value in response.headers if key.lower() == name.lower()), None)


def test_a_job_is_submitted_and_read_back_in_process(idle: ZuoraSimulator) -> None:
    job = {"namespace": "default", "object": "vehicle", "operation": "create"}
    submitted = call(idle, "POST", "http://zuora.test/objects/jobs", job, gzip_body=True)
    assert submitted.status == 200, submitted.body
    assert submitted.connection == "keep"
    assert header(submitted, "Content-Length") == str(len(submitted.body))
    job_id = json.loads(submitted.body)["Id"]
    read = call(idle, "GET", f"/objects/jobs/{job_id}")
    assert json.loads(read.body)["status"] == "pending"
    assert list(idle.jobs) == [job_id]
    assert idle.stats.jobs_created == 1
    assert [entry.route for entry in idle.request_log] == ["submit", "get"]


def test_refusals_come_back_as_zuora_replies(idle: ZuoraSimulator) -> None:
    missing = call(idle, "GET", "/objects/jobs/nope")
    assert (missing.status, json.loads(missing.body)["code"]) == (404, 71013040)
    anonymous = call(idle, "GET", "/objects/jobs", auth=False)
    assert anonymous.status == 401
    assert header(anonymous, "WWW-Authenticate")
    bad_page = call(idle, "GET", "/objects/jobs?pageSize=0")
    assert bad_page.status == 400
    assert json.loads(bad_page.body)["message"].startswith("Bad Request: pageSize")


def test_the_control_endpoint_and_connection_faults_in_process(idle: ZuoraSimulator) -> None:
    injected = call(idle, "POST", "/__sim__/faults", {"route": "list", "action": "truncate"}, auth=False)
    assert injected.status == 200, injected.body
    truncated = call(idle, "GET", "/objects/jobs")
    assert truncated.connection == "close"
    assert len(truncated.body) < int(header(truncated, "Content-Length") or 0)
    call(idle, "POST", "/__sim__/faults", {"route": "list", "action": "drop_before"}, auth=False)
    dropped = call(idle, "GET", "/objects/jobs")
    assert (dropped.status, dropped.body, dropped.connection) == (0, b"", "reset")
    assert idle.request_log[-1].status is None
    stats = json.loads(call(idle, "GET", "/__sim__/stats", auth=False).body)
    assert stats["requests"] == {"list": 2}
