"""A faithful Zuora Custom Object Jobs service for tests, demos and benchmarks (standard library only).

    from zuora_sdk.testing import ZuoraSimulator

    with ZuoraSimulator() as sim:
        ...  # point a client at sim.base_url with sim.access_token

See docs/testing.md for the options, fault injection and the control endpoint.
"""

from zuora_sdk import _install_check  # noqa: F401  (first: refuses a mix with the official zuora-sdk)

from .faults import Fault
from .fields import FieldSpec
from .simulator import ZuoraSimulator
from .stats import RequestLogEntry, SimulatorStats

__all__ = ["Fault", "FieldSpec", "RequestLogEntry", "SimulatorStats", "ZuoraSimulator"]
