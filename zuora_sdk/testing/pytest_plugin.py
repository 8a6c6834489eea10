"""pytest fixtures: a fresh simulator per test, and a client bound to it.

Installed with the package (the ``pytest11`` entry point), so a test only asks for them::

    def test_submit(zuora_api):
        job = zuora_api.post_custom_object_bulk_job(...)

- ``zuora_simulator``: a started ``ZuoraSimulator`` with default settings, stopped after the test.
- ``zuora_api_client``: an ``ApiClient`` for it (bearer token), closed after the test.
- ``zuora_api``: a ``CustomObjectJobsApi`` on that client.

Turn the plugin off with ``pytest -p no:zuora_sdk.testing.pytest_plugin``. The names start with
``zuora_`` so that they do not take the place of a project's own ``sim`` or ``api`` fixtures.
Nothing is imported until a test asks for a fixture: pytest loads this module in every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
    from zuora_sdk.api_client import ApiClient
    from zuora_sdk.testing.simulator import ZuoraSimulator


@pytest.fixture
def zuora_simulator() -> Iterator[ZuoraSimulator]:
    """A started ZuoraSimulator with default settings, stopped after the test."""
    from zuora_sdk.testing.simulator import ZuoraSimulator

    with ZuoraSimulator() as simulator:
        yield simulator


@pytest.fixture
def zuora_api_client(zuora_simulator: ZuoraSimulator) -> Iterator[ApiClient]:
    """An ApiClient bound to ``zuora_simulator``, closed after the test."""
    from zuora_sdk.api_client import ApiClient
    from zuora_sdk.configuration import Configuration

    configuration = Configuration(host=zuora_simulator.base_url, access_token=zuora_simulator.access_token)
    with ApiClient(configuration) as client:
        yield client


@pytest.fixture
def zuora_api(zuora_api_client: ApiClient) -> CustomObjectJobsApi:
    """A CustomObjectJobsApi on ``zuora_api_client``."""
    from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi

    return CustomObjectJobsApi(zuora_api_client)
