"""What the simulator counts and remembers about the requests it received."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .headers import Headers


@dataclass(frozen=True)
class SimulatorStats:
    """A snapshot of the counters; subtract two snapshots to see what a piece of code did."""

    jobs_created: int = 0
    uploads_accepted: int = 0
    cancels: int = 0
    token_requests: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    bytes_received: int = 0
    rejected_429: int = 0
    rows_received: int = 0
    row_errors: int = 0

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Counters:
    """The live, mutable counters behind `SimulatorStats` (guarded by the simulator's lock)."""

    jobs_created: int = 0
    uploads_accepted: int = 0
    cancels: int = 0
    token_requests: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    bytes_received: int = 0
    rejected_429: int = 0
    rows_received: int = 0
    row_errors: int = 0

    def snapshot(self) -> SimulatorStats:
        values = asdict(self)
        values["requests"] = dict(self.requests)
        return SimulatorStats(**values)


@dataclass(frozen=True)
class RequestLogEntry:
    """One request as received. `headers` never holds Authorization (or any other credential)."""

    method: str
    path: str
    query: str
    route: str
    status: int | None  # None: the connection was dropped without an answer
    headers: Headers
    idempotency_key: str | None
    body_bytes: int  # request body bytes as sent (before gzip decoding, without chunked framing)
    time: float  # simulator wall clock (epoch seconds) when the request arrived

    def as_dict(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["headers"] = dict(self.headers.items())
        return values
