"""A faithful Zuora Custom Object Jobs service for tests, demos and benchmarks (standard library only).

    from zuora_sdk.testing import ZuoraSimulator

    with ZuoraSimulator() as sim:
        ...  # point a client at sim.base_url with sim.access_token

See docs/testing.md for the options, fault injection and the control endpoint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from zuora_sdk._core import install_check  # noqa: F401  (refuses a mix with the official zuora-sdk)

if TYPE_CHECKING:
    from .faults import Fault as Fault
    from .fields import FieldSpec as FieldSpec
    from .in_process import InProcessTransport as InProcessTransport
    from .simulator import ZuoraSimulator as ZuoraSimulator
    from .stats import RequestLogEntry as RequestLogEntry
    from .stats import SimulatorStats as SimulatorStats

# Loaded on first use: the zuora-jobs command reads the simulator's options without starting one.
_HOMES = {
    "Fault": "faults",
    "FieldSpec": "fields",
    "InProcessTransport": "in_process",
    "ZuoraSimulator": "simulator",
    "RequestLogEntry": "stats",
    "SimulatorStats": "stats",
}

__all__ = ["Fault", "FieldSpec", "InProcessTransport", "RequestLogEntry", "SimulatorStats", "ZuoraSimulator"]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
