"""Helpers the tests share: a client configuration for a simulator, and a quick submit."""

from __future__ import annotations

import zuora_sdk
from zuora_sdk._core.retry import RetryPolicy
from zuora_sdk.testing import ZuoraSimulator

# Retries wait a few milliseconds in tests instead of seconds.
FAST_RETRIES = RetryPolicy(backoff_initial=0.001, backoff_max=0.005, jitter=False)


def make_config(sim: ZuoraSimulator, *, wire: bool = False, **kwargs: object) -> zuora_sdk.Configuration:
    """A client configuration for ``sim``: in process (no socket), or with ``wire`` over HTTP on
    loopback (the simulator is started if it is not)."""
    if wire and not sim.running:
        sim.start()
    if not wire:
        kwargs.setdefault("transport", sim.transport())
    kwargs.setdefault("retries", FAST_RETRIES)
    kwargs.setdefault("access_token", sim.access_token)
    return zuora_sdk.Configuration(host=sim.base_url, **kwargs)  # type: ignore[arg-type]


def submit(api: zuora_sdk.CustomObjectJobsApi, operation: str = "create", **kwargs: object) -> str:
    """Submit a job on the default `vehicle` object and return its id."""
    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation=operation, **kwargs)
    job = api.post_custom_object_bulk_job(request)
    assert job.id
    return job.id
