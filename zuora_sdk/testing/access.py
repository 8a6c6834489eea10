"""Who may call and how often: bearer tokens, OAuth tokens, the rate-limit window, idempotency keys."""

from __future__ import annotations

import hmac
import math
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from .clock import SimClock

IDEMPOTENCY_TTL = 24 * 3600.0
NOMINAL_QUOTA = (50000, 60)  # advertised when no rate limit is configured


class TokenStore:
    """The static token is always valid; OAuth tokens live `ttl` simulator seconds."""

    def __init__(self, clock: SimClock, static_token: str, ttl: float) -> None:
        self._clock = clock
        self.static_token = static_token
        self.ttl = ttl
        self._issued: dict[str, float] = {}  # token -> expiry (simulator clock)
        self._users: dict[str, str] = {}  # more static tokens, each another user: token -> user id

    def issue(self) -> dict[str, Any]:
        token = secrets.token_hex(20)
        self._issued[token] = self._clock.now() + self.ttl
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": int(self.ttl),
            "scope": "entity.1a2b3c4d-0000-4000-8000-000000000001 platform.write service.usage.delete",
            "jti": uuid.uuid4().hex,
        }

    def valid(self, authorization: str | None) -> bool:
        if not authorization:
            return False
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return False
        if hmac.compare_digest(token.encode(), self.static_token.encode()) or token in self._users:
            return True
        expiry = self._issued.get(token)
        if expiry is None:
            return False
        if self._clock.now() >= expiry:
            del self._issued[token]
            return False
        return True

    def add_user(self, user_id: str) -> str:
        """A new static token whose requests act as ``user_id``."""
        token = secrets.token_urlsafe(32)
        self._users[token] = user_id
        return token

    def user_of(self, authorization: str | None) -> str | None:
        """The user of another user's static token; None for the tenant's own user."""
        _, _, token = (authorization or "").strip().partition(" ")
        return self._users.get(token.strip())

    def expire_all(self) -> None:
        self._issued.clear()


@dataclass(frozen=True)
class QuotaStanding:
    limit: int
    seconds: int
    remaining: int
    reset: int


class RateWindow:
    """A fixed window of `limit` requests per `seconds`, starting with the first request after the last window."""

    def __init__(self, clock: SimClock, limit: tuple[int, int] | None) -> None:
        self._clock = clock
        self.enforced = limit is not None
        self.limit, self.seconds = limit if limit is not None else NOMINAL_QUOTA
        if self.limit < 1 or self.seconds <= 0:
            raise ValueError("rate_limit must be (requests >= 1, window seconds > 0)")
        self._start = -math.inf
        self._used = 0

    def _roll(self, now: float) -> None:
        if now >= self._start + self.seconds:
            self._start = now
            self._used = 0

    def take(self) -> bool:
        """Count one request; False when the quota of this window is used up (nothing counted)."""
        now = self._clock.now()
        self._roll(now)
        if self.enforced and self._used >= self.limit:
            return False
        self._used += 1
        return True

    def standing(self) -> QuotaStanding:
        """The window as a client is told of it: what is left, and seconds until a fresh window."""
        now = self._clock.now()
        end = self._start + self.seconds
        if now >= end:  # the window is over: the next request opens a fresh one
            used, reset = 0, self.seconds
        else:
            used, reset = self._used, max(1, math.ceil(end - now))
        remaining = self.limit - used
        if not self.enforced:
            remaining = max(remaining, 1)  # nothing is enforced, so never claim the quota is used up
        return QuotaStanding(self.limit, self.seconds, max(remaining, 0), reset)

    def reset(self) -> None:
        self._start = -math.inf
        self._used = 0


@dataclass
class StoredReply:
    method: str
    path: str
    status: int
    body: bytes
    content_type: str
    expires: float
    done: bool  # False while the first request is still being processed


class IdempotencyStore:
    """Replay mode: remembers answers by key for 24 simulator hours."""

    def __init__(self, clock: SimClock) -> None:
        self._clock = clock
        self._replies: dict[str, StoredReply] = {}

    def lookup(self, key: str, method: str, path: str) -> StoredReply | str | None:
        """The stored reply, "in_flight", "mismatch", or None (new key: now reserved for this request)."""
        now = self._clock.now()
        stored = self._replies.get(key)
        if stored is not None and stored.expires <= now:
            del self._replies[key]
            stored = None
        if stored is None:
            self._replies[key] = StoredReply(method, path, 0, b"", "", now + IDEMPOTENCY_TTL, done=False)
            return None
        if (stored.method, stored.path) != (method, path):
            return "mismatch"
        if not stored.done:
            return "in_flight"
        return stored

    def store(self, key: str, status: int, body: bytes, content_type: str) -> None:
        stored = self._replies.get(key)
        if stored is not None:
            stored.status, stored.body, stored.content_type, stored.done = status, body, content_type, True

    def release(self, key: str) -> None:
        """Forget a reservation whose request was not processed (so a retry is processed)."""
        stored = self._replies.get(key)
        if stored is not None and not stored.done:
            del self._replies[key]

    def clear(self) -> None:
        self._replies.clear()
