"""What to retry and how long to wait before the next attempt."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from zuora_sdk._core import constants

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Answers that prove the server did not act on the request, so even a submit may be sent again.
NOT_PROCESSED_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """How a call recovers from transient failures.

    ``max_retries`` extra attempts, waiting ``backoff_initial * 2**n`` seconds (at most
    ``backoff_max``, with jitter) between them, and never more than ``budget`` seconds of waiting
    in all. On 429/503 the server's own hint (``Retry-After``, or ``RateLimit-Reset`` on a 429)
    is honoured up to ``max_wait_hint`` seconds; a longer hint raises at once with the wait.
    """

    max_retries: int = constants.MAX_RETRIES
    backoff_initial: float = constants.BACKOFF_INITIAL
    backoff_max: float = constants.BACKOFF_MAX
    budget: float = constants.RETRY_BUDGET
    max_wait_hint: float = constants.MAX_SERVER_WAIT_HINT
    statuses: frozenset[int] = field(default=RETRYABLE_STATUSES)
    jitter: bool = True

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.backoff_initial < 0 or self.backoff_max < 0 or self.budget < 0:
            raise ValueError("backoff and budget must be >= 0")

    @classmethod
    def off(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_retries=0)

    @classmethod
    def of(cls, value: RetryPolicy | int | None, default: RetryPolicy) -> RetryPolicy:
        """The policy a call's ``_retries`` option asks for: a policy, a number of retries, or None (``default``)."""
        return cls(max_retries=value) if isinstance(value, int) else (value or default)

    def backoff(self, retry_number: int) -> float:
        """Seconds to wait before retry ``retry_number`` (0-based), without a server hint."""
        delay = min(self.backoff_max, self.backoff_initial * 2.0**retry_number)
        return delay * random.uniform(0.5, 1.0) if self.jitter else delay


def server_wait_hint(status: int, headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait, or None.

    ``Retry-After`` (seconds or an HTTP date) counts on 429 and 503. ``RateLimit-Reset``
    describes the quota window on every response, so it counts only when the quota is spent:
    ``RateLimit-Remaining`` is 0, or absent on a 429. A 429 while quota remains is about
    something else (the tenant's job slots), which waiting for the window does not fix.
    """
    if status in (429, 503):
        retry_after = headers.get("Retry-After")
        if retry_after:
            seconds = _parse_retry_after(retry_after)
            if seconds is not None:
                return seconds
    reset = headers.get("RateLimit-Reset")
    remaining = (headers.get("RateLimit-Remaining") or "").strip()
    if reset and (remaining == "0" or (status == 429 and not remaining)):
        try:
            return max(0.0, float(reset))
        except ValueError:
            return None
    return None


def _parse_retry_after(value: str) -> float | None:
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def quota_left(headers: Mapping[str, str]) -> bool:
    """Whether ``RateLimit-Remaining`` says requests remain in the quota window."""
    try:
        return float((headers.get("RateLimit-Remaining") or "").strip()) > 0
    except ValueError:
        return False
