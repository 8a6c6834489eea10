"""A pytest fixture with a running simulator. Enable it in a conftest.py or test module:

    pytest_plugins = ["zuora_sdk.testing.pytest_plugin"]

    def test_something(zuora_simulator):
        ...  # zuora_simulator.base_url, zuora_simulator.access_token
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .simulator import ZuoraSimulator


@pytest.fixture
def zuora_simulator() -> Iterator[ZuoraSimulator]:
    """A started ZuoraSimulator with default settings, stopped after the test."""
    with ZuoraSimulator() as simulator:
        yield simulator
