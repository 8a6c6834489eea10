"""What a ``*_with_http_info`` call returns: the parsed body plus the HTTP details."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class RateLimitInfo:
    """Zuora's ``RateLimit-*`` response headers: the quota, what is left, and seconds until it resets."""

    limit: str | None
    remaining: int | None
    reset: float | None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitInfo:
        return cls(
            limit=headers.get("RateLimit-Limit"),
            remaining=_number(headers.get("RateLimit-Remaining"), int),
            reset=_number(headers.get("RateLimit-Reset"), float),
        )


N = TypeVar("N", int, float)


def _number(value: str | None, kind: type[N]) -> N | None:
    if value is None:
        return None
    try:
        return kind(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class ApiResponse(Generic[T]):
    """``status_code``, ``headers`` (case-insensitive), ``data`` (the model), ``raw_data`` (the bytes),
    ``attempts`` (how many times the request was sent), ``request_id`` and ``rate_limit``."""

    status_code: int
    headers: Mapping[str, str]
    data: T
    raw_data: bytes
    attempts: int = 1

    @property
    def request_id(self) -> str | None:
        return self.headers.get("Zuora-Request-Id")

    @property
    def track_id(self) -> str | None:
        return self.headers.get("Zuora-Track-Id")

    @property
    def rate_limit(self) -> RateLimitInfo:
        return RateLimitInfo.from_headers(self.headers)
