"""Shared fixtures: a simulator per test and a client wired to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support import make_config

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator


@pytest.fixture
def sim() -> Iterator[ZuoraSimulator]:
    """A simulator, not listening: make_config's clients reach it in process. A test that needs it
    on HTTP asks for the wire (make_config(sim, wire=True), wire_api), or a module overrides this
    fixture with a started one (wire_sim)."""
    simulator = ZuoraSimulator()
    yield simulator
    simulator.stop()


@pytest.fixture
def wire_sim(sim: ZuoraSimulator) -> ZuoraSimulator:
    """``sim``, serving HTTP on loopback (``sim.base_url``)."""
    return sim if sim.running else sim.start()


@pytest.fixture
def config(sim: ZuoraSimulator) -> zuora_sdk.Configuration:
    return make_config(sim)


@pytest.fixture
def api(config: zuora_sdk.Configuration) -> Iterator[zuora_sdk.CustomObjectJobsApi]:
    with zuora_sdk.ApiClient(config) as client:
        yield zuora_sdk.CustomObjectJobsApi(client)


@pytest.fixture
def wire_api(sim: ZuoraSimulator) -> Iterator[zuora_sdk.CustomObjectJobsApi]:
    """A client reaching the simulator over HTTP on loopback: for tests where the wire or real
    time matters (a request held up on the server while another goes by)."""
    with zuora_sdk.ApiClient(make_config(sim, wire=True)) as client:
        yield zuora_sdk.CustomObjectJobsApi(client)
