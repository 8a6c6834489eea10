"""Where the ``Authorization`` header comes from: a fixed bearer token, or OAuth client credentials."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from zuora_sdk._core import constants


class Credentials(Protocol):
    def authorization(self) -> str | None:
        """The ``Authorization`` header value to send now (may fetch a token)."""

    def refresh_after_rejection(self, rejected: str) -> bool:
        """The server refused ``rejected``; return True when a fresh header is worth a retry."""


class NoCredentials:
    def authorization(self) -> str | None:
        return None

    def refresh_after_rejection(self, rejected: str) -> bool:
        return False


class BearerToken:
    """A token the caller manages (``Configuration.access_token``), read at each call."""

    def __init__(self, read_token: Callable[[], str | None]) -> None:
        self._read_token = read_token

    def authorization(self) -> str | None:
        token = self._read_token()
        return f"Bearer {token}" if token else None

    def refresh_after_rejection(self, rejected: str) -> bool:
        # The caller may have swapped the token on the configuration in the meantime.
        return self.authorization() not in (None, rejected)


class OAuthClientCredentials:
    """Tokens from ``POST /oauth/token``: fetched on first use, cached, and renewed shortly
    before they expire or after a 401. One thread fetches while the others wait for its token;
    no background thread is started."""

    def __init__(
        self,
        fetch: Callable[[], tuple[str, float]],
        *,
        margin: float = constants.TOKEN_REFRESH_MARGIN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch  # returns (access_token, expires_in seconds)
        self._margin = margin
        self._clock = clock  # when to renew is counted on it
        self._lock = threading.Lock()
        self._header: str | None = None
        self._renew_at = 0.0
        self.expires_at: float | None = None  # time.time() when the current token expires
        self.max_age: float | None = None  # renew a token once it is this old, even if it lives longer

    def authorization(self) -> str | None:
        header = self._header
        if header is not None and self._clock() < self._renew_at:
            return header
        with self._lock:
            if self._header is None or self._clock() >= self._renew_at:
                self._renew()
            return self._header

    def refresh(self) -> None:
        """Fetch a new token now (raises when the token endpoint refuses)."""
        with self._lock:
            self._renew()

    def _renew(self) -> None:
        token, expires_in = self._fetch()
        self._header = f"Bearer {token}"
        lifetime = max(0.0, float(expires_in))
        self.expires_at = time.time() + lifetime
        # Renew a margin before expiry, but never sooner than half-way through a short life.
        renew_in = max(lifetime - self._margin, lifetime / 2)
        if self.max_age is not None:
            renew_in = min(renew_in, self.max_age)
        self._renew_at = self._clock() + renew_in

    @property
    def token(self) -> str | None:
        """The current access token (never logged or shown by this package)."""
        return self._header[len("Bearer "):] if self._header is not None else None

    def refresh_after_rejection(self, rejected: str) -> bool:
        with self._lock:
            if self._header == rejected:
                self._header = None  # the next authorization() fetches a new token, once
        return True
