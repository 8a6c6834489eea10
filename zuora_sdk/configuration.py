"""Where and how to connect: host, credentials, TLS, proxy, timeouts, retries, Zuora-Version."""

from __future__ import annotations

import copy
import enum
import logging
import os
import sys
import threading
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from typing_extensions import Self

from zuora_sdk import constants
from zuora_sdk.exceptions import ApiTypeError, ApiValueError
from zuora_sdk.retry import RetryPolicy

logger = logging.getLogger("zuora_sdk")


class Environment(str, enum.Enum):
    """Zuora's hosts, by data centre and tenant type."""

    US_PRODUCTION = "https://rest.zuora.com"
    US_API_SANDBOX = "https://rest.apisandbox.zuora.com"
    US_CLOUD1_PRODUCTION = "https://rest.na.zuora.com"
    US_CLOUD1_API_SANDBOX = "https://rest.sandbox.na.zuora.com"
    US_CENTRAL_SANDBOX = "https://rest.test.zuora.com"
    EU_PRODUCTION = "https://rest.eu.zuora.com"
    EU_API_SANDBOX = "https://rest.sandbox.eu.zuora.com"
    EU_CENTRAL_SANDBOX = "https://rest.test.eu.zuora.com"
    APAC_PRODUCTION = "https://rest.ap.zuora.com"
    APAC_CENTRAL_SANDBOX = "https://rest.test.ap.zuora.com"

    @classmethod
    def parse(cls, name: str) -> Environment:
        """An environment from its name (``eu_production``, ``EU-PRODUCTION``) or its URL."""
        key = name.strip().upper().replace("-", "_").replace(" ", "_")
        for member in cls:
            if key == member.name or name.strip().rstrip("/") == member.value:
                return member
        choices = ", ".join(m.name.lower() for m in cls)
        raise ApiValueError(f"unknown Zuora environment {name!r}; expected one of: {choices}")


class Configuration:
    """Settings shared by every call made through one :class:`~zuora_sdk.ApiClient`.

    Authenticate with a bearer token (``access_token``) or with OAuth client credentials
    (``client_id`` and ``client_secret``; tokens are then fetched and refreshed for you).
    Secrets are kept out of ``repr()``, logs and exception messages.
    """

    _default: ClassVar[Configuration | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        host: str | None = None,
        api_key: dict[str, str] | None = None,
        api_key_prefix: dict[str, str] | None = None,
        username: str | None = None,
        password: str | None = None,
        access_token: str | None = None,
        server_index: int | None = None,
        server_variables: dict[str, str] | None = None,
        server_operation_index: dict[str, int] | None = None,
        server_operation_variables: dict[str, dict[str, str]] | None = None,
        ignore_operation_servers: bool = False,
        ssl_ca_cert: str | None = None,
        retries: RetryPolicy | int | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        environment: Environment | str | None = None,
        zuora_version: str = constants.DEFAULT_ZUORA_VERSION,
        timeout: float | tuple[float, float] | None = None,
        upload_timeout: float | tuple[float, float] | None = None,
        attempt_timeout: float | None = None,
        upload_attempt_timeout: float | None = None,
        max_response_bytes: int | None = constants.MAX_RESPONSE_BYTES,
        trust_server_idempotency: bool = False,
        allow_insecure_http: bool = False,
        max_file_bytes: int | None = constants.MAX_FILE_BYTES,
        default_headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        proxy_headers: Mapping[str, str] | None = None,
        debug: bool | None = None,
    ) -> None:
        if environment is not None and host is None:
            env = environment if isinstance(environment, Environment) else Environment.parse(environment)
            host = env.value
        self._base_path = _check_host(host or constants.DEFAULT_HOST)
        self.server_index = server_index
        self.server_variables = server_variables or {}
        self.server_operation_index = server_operation_index or {}
        self.server_operation_variables = server_operation_variables or {}
        self.ignore_operation_servers = ignore_operation_servers

        self.access_token = access_token
        self.client_id = client_id
        self.client_secret = client_secret
        self.api_key = api_key or {}
        self.api_key_prefix = api_key_prefix or {}
        self.username = username
        self.password = password

        self.zuora_version = zuora_version
        self.default_headers: dict[str, str] = dict(default_headers or {})

        self.verify_ssl = True
        self.ssl_ca_cert = ssl_ca_cert
        self.cert_file: str | None = None
        self.key_file: str | None = None
        self.assert_hostname: str | bool | None = None
        self.tls_server_name: str | None = None
        self.proxy = proxy
        self.proxy_headers: dict[str, str] | None = dict(proxy_headers) if proxy_headers else None
        self.connection_pool_maxsize = 10
        self.socket_options: list[tuple[int, int, int]] | None = None
        self.allow_insecure_http = allow_insecure_http

        if isinstance(retries, int):
            retries = RetryPolicy(max_retries=retries)
        self.retry_policy: RetryPolicy = retries or RetryPolicy()
        self.timeout = timeout if timeout is not None else (constants.CONNECT_TIMEOUT, constants.READ_TIMEOUT)
        self.upload_timeout = (
            upload_timeout
            if upload_timeout is not None
            else (constants.CONNECT_TIMEOUT, constants.UPLOAD_READ_TIMEOUT)
        )
        # Time each attempt may spend on the network in all (None: three read timeouts), and the
        # largest answer read, once decompressed (None: no ceiling). See bounds.budget_for.
        self.attempt_timeout = _check_positive("attempt_timeout", attempt_timeout)
        self.upload_attempt_timeout = _check_positive("upload_attempt_timeout", upload_attempt_timeout)
        self.max_response_bytes = _check_positive("max_response_bytes", max_response_bytes, whole=True)
        self.trust_server_idempotency = trust_server_idempotency
        self.max_file_bytes = max_file_bytes
        self.client_side_validation = True
        self.safe_chars_for_path_param = ""
        self._debug = False
        if debug is not None:
            self.debug = debug

    # -- defaults shared across the process (as the generated SDKs offer) -----------------
    @classmethod
    def set_default(cls, default: Configuration | None) -> None:
        with cls._default_lock:
            cls._default = default

    @classmethod
    def get_default(cls) -> Configuration:
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls()
            return cls._default

    @classmethod
    def get_default_copy(cls) -> Configuration:
        return copy.deepcopy(cls.get_default())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """Settings from ``ZUORA_HOST`` or ``ZUORA_ENVIRONMENT``, and ``ZUORA_ACCESS_TOKEN``
        or ``ZUORA_CLIENT_ID`` + ``ZUORA_CLIENT_SECRET``. Keyword arguments win."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, Any] = {}
        if env.get("ZUORA_HOST"):
            kwargs["host"] = env["ZUORA_HOST"]
        elif env.get("ZUORA_ENVIRONMENT"):
            kwargs["environment"] = env["ZUORA_ENVIRONMENT"]
        if env.get("ZUORA_ACCESS_TOKEN"):
            kwargs["access_token"] = env["ZUORA_ACCESS_TOKEN"]
        if env.get("ZUORA_CLIENT_ID") or env.get("ZUORA_CLIENT_SECRET"):
            if not (env.get("ZUORA_CLIENT_ID") and env.get("ZUORA_CLIENT_SECRET")):
                raise ApiValueError("set both ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET, or neither")
            kwargs["client_id"] = env["ZUORA_CLIENT_ID"]
            kwargs["client_secret"] = env["ZUORA_CLIENT_SECRET"]
        if env.get("ZUORA_VERSION"):
            kwargs["zuora_version"] = env["ZUORA_VERSION"]
        kwargs.update(overrides)
        return cls(**kwargs)

    # -- hosts ----------------------------------------------------------------------------
    @property
    def host(self) -> str:
        if self.server_index is None:
            return self._base_path
        return self.get_host_from_settings(self.server_index, self.server_variables)

    @host.setter
    def host(self, value: str) -> None:
        self._base_path = _check_host(value)
        self.server_index = None

    def get_host_settings(self) -> list[dict[str, Any]]:
        return [{"url": env.value, "description": env.name, "variables": {}} for env in Environment]

    def get_host_from_settings(
        self,
        index: int | None,
        variables: dict[str, str] | None = None,
        servers: list[dict[str, Any]] | None = None,
    ) -> str:
        if index is None:
            return self._base_path
        servers = self.get_host_settings() if servers is None else servers
        if not 0 <= index < len(servers):
            raise ApiValueError(f"invalid host index {index}; must be 0..{len(servers) - 1}")
        url: str = servers[index]["url"]
        for name, spec in servers[index].get("variables", {}).items():
            url = url.replace("{" + name + "}", (variables or {}).get(name, spec["default_value"]))
        return url

    # -- credentials -----------------------------------------------------------------------
    @property
    def auth_kind(self) -> str:
        if self.access_token:
            return "bearer token"
        if self.client_id and self.client_secret:
            return "oauth client credentials"
        return "none"

    def auth_settings(self) -> dict[str, dict[str, str]]:
        if not self.access_token:
            return {}
        return {"bearerAuth": {"type": "bearer", "in": "header", "key": "Authorization",
                               "value": "Bearer " + self.access_token}}

    # -- logging ---------------------------------------------------------------------------
    @property
    def debug(self) -> bool:
        return self._debug

    @debug.setter
    def debug(self, value: bool) -> None:
        """Debug output goes to the ``zuora_sdk`` logger only; no process-wide setting changes."""
        self._debug = value
        logger.setLevel(logging.DEBUG if value else logging.NOTSET)
        if value and not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
            logger.addHandler(handler)

    def to_debug_report(self) -> str:
        return (
            f"Python SDK Debug Report:\nOS: {sys.platform}\nPython Version: {sys.version.split()[0]}\n"
            f"SDK Package Version: {constants.USER_AGENT.rsplit('/', 1)[-1]}\n"
            f"Host: {self.host}\nAuth: {self.auth_kind}\nZuora-Version: {self.zuora_version}"
        )

    def __repr__(self) -> str:
        # Never show a secret: name the kind of credential only.
        return f"Configuration(host={self.host!r}, auth={self.auth_kind!r}, zuora_version={self.zuora_version!r})"


def _check_positive(name: str, value: Any, whole: bool = False) -> Any:
    """A positive number (an int when ``whole``), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not isinstance(value, int)):
        raise ApiTypeError(f"{name} must be {'an int' if whole else 'a number'} or None, not {type(value).__name__}")
    if not 0 < value < float("inf"):
        raise ApiValueError(f"{name} must be positive and finite, not {value!r}")
    return value


def _check_host(value: Any) -> str:
    """The base URL, its scheme in lower case and without a trailing slash; a clear error for
    anything that is not an http(s) URL (a missing scheme would otherwise mean plain http)."""
    if not isinstance(value, str):
        raise ApiTypeError(f"host must be a str, not {type(value).__name__}")
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ApiValueError(f"host must be a URL such as https://rest.zuora.com, not {value!r}")
    # Parsers disagree on these (urllib3 ends the host at a backslash, urlsplit at the last "@"):
    # refused, so that the host checked is the host connected to. Credentials do not go in the host.
    if any(c in parts.netloc for c in "\\@ \t") or parts.query or parts.fragment:
        raise ApiValueError(
            "host must be scheme://name[:port][/path], without credentials, a query or a fragment"
        )
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path.rstrip("/"), "", ""))
