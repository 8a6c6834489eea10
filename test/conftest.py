"""Shared fixtures: a simulator per test and a client wired to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import zuora_sdk
from zuora_sdk.retry import RetryPolicy
from zuora_sdk.testing import ZuoraSimulator

# Retries wait a few milliseconds in tests instead of seconds.
FAST_RETRIES = RetryPolicy(backoff_initial=0.001, backoff_max=0.005, jitter=False)


@pytest.fixture
def sim() -> Iterator[ZuoraSimulator]:
    with ZuoraSimulator() as simulator:
        yield simulator


def make_config(sim: ZuoraSimulator, **kwargs: object) -> zuora_sdk.Configuration:
    kwargs.setdefault("retries", FAST_RETRIES)
    kwargs.setdefault("access_token", sim.access_token)
    return zuora_sdk.Configuration(host=sim.base_url, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def config(sim: ZuoraSimulator) -> zuora_sdk.Configuration:
    return make_config(sim)


@pytest.fixture
def api(config: zuora_sdk.Configuration) -> Iterator[zuora_sdk.CustomObjectJobsApi]:
    with zuora_sdk.ApiClient(config) as client:
        yield zuora_sdk.CustomObjectJobsApi(client)


def submit(api: zuora_sdk.CustomObjectJobsApi, operation: str = "create", **kwargs: object) -> str:
    """Submit a job on the default `vehicle` object and return its id."""
    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation=operation, **kwargs)
    job = api.post_custom_object_bulk_job(request)
    assert job.id
    return job.id
