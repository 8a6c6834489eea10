"""``ZuoraClient`` and ``ZuoraEnvironment``: the entry point of the official SDK's README.

Code that starts with ``ZuoraClient(client_id, client_secret, env).initialize()`` runs unchanged.
Underneath it is this package's OAuth: the first token is fetched by ``initialize()`` (a refusal
raises), later ones on demand before the token expires or turns ``refresh interval`` old. No
background thread is started and nothing is printed.

This package covers the Custom Object Jobs API only: ``custom_object_jobs_api()`` is there, and
the official client's accessors for Zuora's other APIs (``accounts_api()``, ...) raise one clear error.
"""

from __future__ import annotations

import datetime
import enum
import time
import warnings
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from zuora_sdk._core.auth import OAuthClientCredentials
from zuora_sdk._core.validation import check_timeout
from zuora_sdk.api.custom_object_jobs_api import CustomObjectJobsApi
from zuora_sdk.api_client import ApiClient
from zuora_sdk.configuration import Configuration
from zuora_sdk.exceptions import ApiAttributeError, ApiTypeError, ApiValueError
from zuora_sdk.rest import Timeout

__all__ = ["ZuoraClient", "ZuoraEnvironment"]

_DEFAULT_REFRESH_INTERVAL = 10 * 60  # the official client's: a token is renewed once it is this old
_TOKEN_SHOWN = 4  # characters of the token get_token_info() shows


class ZuoraEnvironment(enum.Enum):
    """Zuora's hosts, named as in the official SDK (``zuora_sdk.Environment`` names the same hosts)."""

    SBX = "https://rest.apisandbox.zuora.com"
    SBX_NA = "https://rest.sandbox.na.zuora.com"
    SBX_EU = "https://rest.sandbox.eu.zuora.com"
    CSBX = "https://rest.test.zuora.com"
    CSBX_EU = "https://rest.test.eu.zuora.com"
    CSBX_AP = "https://rest.test.ap.zuora.com"
    PROD = "https://rest.zuora.com"
    PROD_NA = "https://rest.na.zuora.com"
    PROD_EU = "https://rest.eu.zuora.com"
    PROD_AP = "https://rest.ap.zuora.com"


class ZuoraClient:
    """An ``ApiClient`` authenticated with OAuth client credentials, as the official SDK's.

    ``env`` sets the configuration's host (``None`` keeps the configuration's); the client
    credentials are set on the configuration too, replacing an ``access_token`` it may hold.
    """

    def __init__(
        self,
        client_id: str | None,
        client_secret: str | None,
        env: ZuoraEnvironment | enum.Enum | None,
        config: Configuration | None = None,
    ) -> None:
        self.client_id = client_id
        self.env = env
        self.configuration = config if config is not None else Configuration()
        if env is not None:
            url = getattr(env, "value", None)
            if not isinstance(url, str):
                raise ApiTypeError(f"env must be a ZuoraEnvironment or None, not {env!r}")
            self.configuration.host = url
        if self.configuration.access_token:
            warnings.warn(
                "ZuoraClient authenticates with its client_id and client_secret: the configuration's "
                "access_token is not used (use ApiClient(configuration) to call with that token)",
                UserWarning,
                stacklevel=2,
            )
        self.configuration.client_id = client_id
        self.configuration.client_secret = client_secret
        self.configuration.access_token = None
        self.api_client = ApiClient(self.configuration)
        self._refresh_interval = _DEFAULT_REFRESH_INTERVAL
        self._initialized = False
        self._periodic_refresh = True
        self._apply_refresh_policy()

    # -- tokens ---------------------------------------------------------------------------------
    def _oauth(self) -> OAuthClientCredentials:
        credentials = self.api_client.credentials
        if not isinstance(credentials, OAuthClientCredentials):
            raise ApiValueError("ZuoraClient needs a client_id and a client_secret; one or both is missing")
        return credentials

    def _apply_refresh_policy(self) -> None:
        credentials = self.api_client.credentials
        if isinstance(credentials, OAuthClientCredentials):
            credentials.max_age = float(self._refresh_interval) if self._periodic_refresh else None

    def initialize(self) -> None:
        """Fetch the first token now, so that refused credentials or a wrong host fail here (with
        ``AuthenticationError``, an ``ApiException``). Later tokens are fetched when needed."""
        self._oauth().authorization()
        self._initialized = True

    def refresh_token(self) -> None:
        """Fetch a new token now; raises ``AuthenticationError`` when it is refused."""
        self._oauth().refresh()

    def is_token_expired(self) -> bool:
        """Whether there is no token yet or the current one has expired."""
        expires_at = self._oauth().expires_at
        return expires_at is None or time.time() >= expires_at

    def get_token_info(self) -> dict[str, Any]:
        """The token's state; the token itself is shortened to its first characters."""
        oauth = self._oauth()
        token, expires_at = oauth.token, oauth.expires_at
        return {
            "access_token": token[:_TOKEN_SHOWN] + "..." if token else None,
            # Naive local time, as the official client gives it (comparable with datetime.now()).
            "expires_at": datetime.datetime.fromtimestamp(expires_at) if expires_at else datetime.datetime.now(),
            "is_expired": expires_at is None or time.time() >= expires_at,
            "refresh_interval": self._refresh_interval,
            "auto_auth_active": self._initialized and self._periodic_refresh,
            "retry_config": self.get_retry_config(),
        }

    def stop_auto_auth(self) -> None:
        """Stop renewing the token every refresh interval. There is no thread to stop, and a token
        about to expire is still renewed on demand, so calls keep working."""
        self._periodic_refresh = False
        self._apply_refresh_policy()

    def set_refresh_interval(self, interval_seconds: int) -> None:
        """Renew the token once it is this many seconds old (at least 60), or before it expires."""
        if not isinstance(interval_seconds, (int, float)) or isinstance(interval_seconds, bool):
            raise ApiTypeError(f"interval_seconds must be a number, not {type(interval_seconds).__name__}")
        if interval_seconds < 60:
            raise ApiValueError("Refresh interval must be at least 60 seconds")
        self._refresh_interval = int(interval_seconds)
        self._apply_refresh_policy()

    def get_refresh_interval(self) -> int:
        return self._refresh_interval

    def set_retry_config(self, max_retries: int, retry_base_delay: int) -> None:
        """Attempts per request (1-10) and the first wait between them in seconds (1-30), doubling.
        Here they apply to every request (the token request included), through the
        configuration's retry policy."""
        if not 1 <= max_retries <= 10:
            raise ApiValueError("max_retries must be between 1 and 10")
        if not 1 <= retry_base_delay <= 30:
            raise ApiValueError("retry_base_delay must be between 1 and 30 seconds")
        policy = self.configuration.retry_policy
        self.configuration.retry_policy = replace(
            policy,
            max_retries=int(max_retries) - 1,
            backoff_initial=float(retry_base_delay),
            backoff_max=max(policy.backoff_max, float(retry_base_delay) * 2 ** (max_retries - 2)),
        )

    def get_retry_config(self) -> dict[str, Any]:
        policy = self.configuration.retry_policy
        return {"max_retries": policy.max_retries + 1, "retry_base_delay": policy.backoff_initial}

    def is_thread_safe(self) -> bool:
        """Always True: one client may be shared between threads."""
        return True

    # -- settings -------------------------------------------------------------------------------
    def set_base_url(self, base_url: str) -> None:
        self.configuration.host = base_url

    def set_zuora_version(self, version: str) -> None:
        self.api_client.set_default_header("Zuora-Version", version)

    def get_zuora_version(self, default_version: str | None = None) -> str | None:
        """The Zuora-Version sent with every call (``default_version`` when none is set)."""
        return (
            self.api_client.default_headers.get("Zuora-Version") or self.configuration.zuora_version or default_version
        )

    def add_default_header(self, key: str, value: str) -> None:
        self.api_client.set_default_header(key, value)

    def get_default_headers(self) -> dict[str, str]:
        return self.api_client.default_headers

    def set_entity_id(self, entity_id: str) -> None:
        self.api_client.set_default_header("Zuora-Entity-Ids", entity_id)

    def get_entity_id(self) -> str | None:
        return self.api_client.default_headers.get("Zuora-Entity-Ids")

    def set_debug(self, debug: bool) -> None:
        """Log every exchange on the ``zuora_sdk`` logger (never a secret)."""
        self.configuration.debug = debug

    def set_accept_encoding(self, accept_encoding: str) -> None:
        self.api_client.set_default_header("Accept-Encoding", accept_encoding)

    def get_accept_encoding(self) -> str | None:
        return self.api_client.default_headers.get("Accept-Encoding")

    def set_request_timeout(self, request_timeout: Timeout | None) -> None:
        """Every call's timeout: seconds in all, or ``(connect, read)``; ``None`` for the defaults."""
        self.api_client.request_timeout = check_timeout("request_timeout", request_timeout)

    def get_request_timeout(self) -> Timeout | None:
        return self.api_client.request_timeout

    # -- APIs -----------------------------------------------------------------------------------
    def custom_object_jobs_api(self) -> CustomObjectJobsApi:
        return CustomObjectJobsApi(self.api_client)

    if not TYPE_CHECKING:  # type checkers flag the other APIs' accessors as missing, which they are

        def __getattr__(self, name: str) -> Any:
            if name.endswith("_api") and not name.startswith("_"):
                raise ApiAttributeError(
                    f"ZuoraClient.{name}() is not available: this package covers Zuora's Custom Object Jobs "
                    "API only (custom_object_jobs_api()). For Zuora's other APIs, use the official zuora-sdk "
                    "in a separate virtual environment."
                )
            raise AttributeError(f"'ZuoraClient' object has no attribute {name!r}")

    def __repr__(self) -> str:
        return f"ZuoraClient(host={self.configuration.host!r}, initialized={self._initialized})"
