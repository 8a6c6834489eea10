"""Shared fixtures: a simulator per test and a client wired to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support import make_config

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator


@pytest.fixture
def sim() -> Iterator[ZuoraSimulator]:
    with ZuoraSimulator() as simulator:
        yield simulator


@pytest.fixture
def config(sim: ZuoraSimulator) -> zuora_sdk.Configuration:
    return make_config(sim)


@pytest.fixture
def api(config: zuora_sdk.Configuration) -> Iterator[zuora_sdk.CustomObjectJobsApi]:
    with zuora_sdk.ApiClient(config) as client:
        yield zuora_sdk.CustomObjectJobsApi(client)
