"""Injected faults: what the simulator does instead of (or around) answering a request normally."""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union

ROUTES = ("submit", "list", "get", "errors", "cancel", "upload", "token")
ACTIONS = ("respond", "drop_before", "drop_after", "delay", "truncate", "html502")

Body = Union[Mapping[str, Any], list[Any], str, bytes, None]


@dataclass
class Fault:
    """One injected fault. It takes the next `times` requests matching `route`, in injection order."""

    route: str = "*"
    times: int = 1
    status: int | None = None
    body: Body = None
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: str | None = None
    ratelimit_reset: str | None = None
    action: str = "respond"
    delay: float = 0.0
    hits: int = 0

    def __post_init__(self) -> None:
        if self.route != "*" and self.route not in ROUTES:
            raise ValueError(f"unknown route {self.route!r}; use '*' or one of {', '.join(ROUTES)}")
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r}; use one of {', '.join(ACTIONS)}")
        if not isinstance(self.times, int) or self.times < 1:
            raise ValueError("times must be a positive integer")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status code")
        if not math.isfinite(self.delay) or self.delay < 0:
            raise ValueError("delay must be a finite number of seconds, not negative")
        if self.action == "delay" and self.delay == 0:
            raise ValueError("action='delay' needs delay=<seconds>")
        self.headers = {str(k): str(v) for k, v in (self.headers or {}).items()}
        if self.retry_after is not None:
            self.retry_after = str(self.retry_after)
        if self.ratelimit_reset is not None:
            self.ratelimit_reset = str(self.ratelimit_reset)
        for text in [*self.headers, *self.headers.values(), self.retry_after or "", self.ratelimit_reset or ""]:
            if not text.isprintable() or not text.isascii():
                raise ValueError(f"header names and values must be printable ASCII: {text!r}")

    @classmethod
    def of(
        cls,
        route: str = "*",
        *,
        times: int = 1,
        status: int | None = None,
        body: Body = None,
        headers: Mapping[str, str] | None = None,
        retry_after: str | float | None = None,
        ratelimit_reset: str | float | None = None,
        action: str = "respond",
        delay: float = 0.0,
    ) -> Fault:
        """A fault from the options ZuoraSimulator.inject and the control endpoint take."""
        return cls(
            route=route, times=times, status=status, body=body, headers=dict(headers or {}),
            retry_after=None if retry_after is None else str(retry_after),
            ratelimit_reset=None if ratelimit_reset is None else str(ratelimit_reset),
            action=action, delay=float(delay),
        )

    @property
    def remaining(self) -> int:
        return self.times - self.hits

    def as_dict(self) -> dict[str, Any]:
        body = self.body.decode("utf-8", "replace") if isinstance(self.body, bytes) else self.body
        return {
            "route": self.route, "times": self.times, "status": self.status, "body": body,
            "headers": dict(self.headers), "retry_after": self.retry_after,
            "ratelimit_reset": self.ratelimit_reset, "action": self.action, "delay": self.delay,
            "hits": self.hits, "remaining": self.remaining,
        }


class FaultQueue:
    """Faults in injection order; each request takes the first live one whose route matches."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, route: str) -> Fault | None:
        if not self._faults:  # the common case: no lock, no work
            return None
        with self._lock:
            for fault in self._faults:
                if fault.remaining > 0 and fault.route in ("*", route):
                    fault.hits += 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)
