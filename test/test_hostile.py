"""The SDK against servers and networks that misbehave on purpose, and the simulator against clients
that do: every attack ends bounded, in time and memory, with a clear exception.

The hostile servers here are small stdlib servers on loopback (``HostileServer``); each test
gives the SDK small limits through ``Configuration`` so that an attack is over in a moment.
"""

from __future__ import annotations

import http.client
import json
import math
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from zuora_sdk.testing import ZuoraSimulator

# ----- the simulator never drops a connection on bad input -----------------------------------------


def post(sim: ZuoraSimulator, path: str, body: bytes, content_type: str = "application/json") -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=10)
    try:
        connection.request("POST", path, body=body, headers={
            "Authorization": f"Bearer {sim.access_token}", "Content-Type": content_type,
        })
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_deeply_nested_submit_body_is_a_400_not_a_dropped_connection(sim: ZuoraSimulator) -> None:
    status, body = post(sim, "/objects/jobs", b"[" * 100_000)
    assert status == 400 and "not valid JSON" in body["message"]
    status, body = post(sim, "/__sim__/faults", b'{"route": ' + b"[" * 100_000)
    assert status == 400 and "nested too deeply" in body["message"]


@pytest.mark.parametrize("seconds", [b"1e999", b"NaN", b"-Infinity", b'"soon"'])
def test_advancing_the_clock_by_a_number_that_is_not_finite_is_a_400(sim: ZuoraSimulator, seconds: bytes) -> None:
    status, body = post(sim, "/__sim__/advance", b'{"seconds": ' + seconds + b"}")
    assert status == 400 and body["message"]
    assert math.isfinite(sim.clock.now())
    status, body = post(sim, "/__sim__/advance", b'{"seconds": 1.5}')
    assert (status, body) == (200, {"advanced": 1.5})


def test_a_fault_delay_that_is_not_finite_is_refused(sim: ZuoraSimulator) -> None:
    status, body = post(sim, "/__sim__/faults", b'{"route": "get", "action": "delay", "delay": 1e999}')
    assert status == 400 and "1e999" in body["message"]
    with pytest.raises(ValueError, match="delay"):
        sim.inject("get", action="delay", delay=float("nan"))
    with pytest.raises(ValueError, match="finite"):
        sim.advance(float("inf"))


def test_a_latin1_upload_names_the_line_of_the_bad_byte(sim: ZuoraSimulator) -> None:
    status, job = post(sim, "/objects/jobs", b'{"namespace": "default", "object": "vehicle", "operation": "create"}')
    assert status == 200
    body = ("Name__c,Year__c\n" + "Model 3,2023\n" * 3 + "Mod\u00e8le S,2024\n").encode("latin-1")
    status, answer = post(sim, f"/objects/jobs/{job['Id']}/files", body, "text/csv")
    assert status == 400 and "not valid UTF-8" in answer["message"] and "line 5" in answer["message"]
