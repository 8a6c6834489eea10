"""Where and how to connect: host, credentials, TLS, proxy, timeouts, retries, Zuora-Version."""

from __future__ import annotations

import copy
import enum
import logging
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from typing_extensions import Self

from zuora_sdk._core import constants
from zuora_sdk._core.retry import RetryPolicy
from zuora_sdk._core.validation import check_mapping, check_timeout
from zuora_sdk.exceptions import ApiTypeError, ApiValueError

if TYPE_CHECKING:
    from zuora_sdk._core.transport import Transport

logger = logging.getLogger("zuora_sdk")

_BEARER_KEYS = ("bearerauth", "authorization")  # api_key entries that can only mean the bearer token
_NOT_BY_HAND = "client_id= and client_secret= (tokens are fetched and renewed for you) or access_token="
# Settings of the generated SDK's Configuration that mean nothing for this API, with what to use instead.
# They are accepted (code written for it keeps running) but never silently: setting one warns once.
_UNUSED: dict[str, str] = {
    "api_key": "access_token= (api_key is used only as {'bearerAuth': token} or {'Authorization': token})",
    "api_key_prefix": "access_token= (only the prefix 'Bearer' of a bearer api_key is understood)",
    "username": _NOT_BY_HAND + ": this API takes bearer tokens, not a user name and password",
    "password": _NOT_BY_HAND + ": this API takes bearer tokens, not a user name and password",
    "server_variables": "host= or environment=: Zuora's hosts have no variables",
    "server_operation_index": "host=, server_index= or a call's _host_index: these operations have no hosts "
    "of their own",
    "server_operation_variables": "host= or environment=: these operations have no hosts of their own",
    "refresh_api_key_hook": _NOT_BY_HAND + " (or replace access_token when it changes)",
    "temp_folder_path": "nothing: no operation of this API downloads a file",
    "logger_file": "a logging.FileHandler added to the 'zuora_sdk' logger",
    "logger_format": "a logging.Formatter on a handler of the 'zuora_sdk' logger",
    "datetime_format": "nothing: models read and write ISO 8601 timestamps as datetime objects",
    "date_format": "nothing: models read and write ISO 8601 dates",
}
_warned: set[str] = set()
_warned_lock = threading.Lock()


def _bearer_from_api_key(api_key: Mapping[str, str], prefixes: Mapping[str, str]) -> str | None:
    """The bearer token an api_key dict carries under a bearer-only name, else None."""
    for name, value in api_key.items():
        if name.lower() in _BEARER_KEYS and isinstance(value, str) and value:
            prefix = prefixes.get(name)
            if prefix is not None and prefix.lower() != "bearer":
                return None
            return value[len("bearer "):] if value.lower().startswith("bearer ") else value
    return None


def _warn_unused(name: str, stacklevel: int) -> None:
    with _warned_lock:
        if name in _warned:
            return
        _warned.add(name)
    warnings.warn(
        f"Configuration.{name} is not used by zuora_sdk (Custom Object Jobs API); use {_UNUSED[name]}",
        UserWarning,
        stacklevel=stacklevel + 1,
    )


_SHARED_BY_COPIES = frozenset({"clock", "sleep", "transport"})


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
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: Transport | None = None,
    ) -> None:
        object.__setattr__(self, "_built", False)
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
        self.api_key_prefix = api_key_prefix or {}
        self.api_key = api_key or {}
        if access_token is None:
            self.access_token = _bearer_from_api_key(self.api_key, self.api_key_prefix)
        self.username = username
        self.password = password

        self.zuora_version = zuora_version
        self.default_headers: dict[str, str] = dict(check_mapping("default_headers", default_headers or {}))

        self.verify_ssl = True
        self.ssl_ca_cert = ssl_ca_cert
        self.cert_file: str | None = None
        self.key_file: str | None = None
        self.assert_hostname: str | bool | None = None
        self.tls_server_name: str | None = None
        self.proxy = proxy
        self.proxy_headers: dict[str, str] | None = (
            dict(check_mapping("proxy_headers", proxy_headers)) if proxy_headers else None
        )
        self.connection_pool_maxsize = 10
        self.socket_options: list[tuple[int, int, int]] | None = None
        self.allow_insecure_http = allow_insecure_http

        self.retry_policy: RetryPolicy = RetryPolicy()
        self.retries = retries
        self.timeout = timeout if timeout is not None else (constants.CONNECT_TIMEOUT, constants.READ_TIMEOUT)
        self.upload_timeout = (
            upload_timeout
            if upload_timeout is not None
            else (constants.CONNECT_TIMEOUT, constants.UPLOAD_READ_TIMEOUT)
        )
        check_timeout("timeout", self.timeout)
        check_timeout("upload_timeout", self.upload_timeout)
        if max_file_bytes is not None and (isinstance(max_file_bytes, bool) or not isinstance(max_file_bytes, int)):
            raise ApiTypeError(f"max_file_bytes must be an int or None, not {type(max_file_bytes).__name__}")
        # Time each attempt may spend on the network in all (None: three read timeouts), and the
        # largest answer read, once decompressed (None: no ceiling). See bounds.budget_for.
        self.attempt_timeout = _check_positive("attempt_timeout", attempt_timeout)
        self.upload_attempt_timeout = _check_positive("upload_attempt_timeout", upload_attempt_timeout)
        self.max_response_bytes = _check_positive("max_response_bytes", max_response_bytes, whole=True)
        self.trust_server_idempotency = trust_server_idempotency
        self.max_file_bytes = max_file_bytes
        self.client_side_validation = True
        # What the request loop reads the time with and waits between attempts with: a test can
        # pass a fake pair so that retries take no real time.
        self.clock = clock
        self.sleep = sleep
        # What the ApiClients made from this configuration send through (None: urllib3's pool);
        # see zuora_sdk.rest.Transport.
        self.transport = transport
        self.safe_chars_for_path_param = ""
        self._debug = False
        if debug is not None:
            self.debug = debug
        self._built = True

    def __deepcopy__(self, memo: dict[int, Any]) -> Configuration:
        # The clock, sleep and transport are things the configuration uses, not settings: a copy
        # shares them (a transport may hold a pool or a simulator, which must not be duplicated).
        clone = object.__new__(type(self))
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            shared = name in _SHARED_BY_COPIES
            object.__setattr__(clone, name, value if shared else copy.deepcopy(value, memo))
        return clone

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _UNUSED and value not in (None, {}, "") and not self._understood(name, value):
            # Point at the caller's line: the constructor's, or the assignment's.
            _warn_unused(name, stacklevel=3 if self.__dict__.get("_built", True) is False else 2)
        object.__setattr__(self, name, value)

    def _understood(self, name: str, value: Any) -> bool:
        if name == "api_key":
            return all(key.lower() in _BEARER_KEYS for key in value) and _bearer_from_api_key(
                value, getattr(self, "api_key_prefix", {})
            ) is not None
        if name == "api_key_prefix":
            return all(key.lower() in _BEARER_KEYS and str(v).lower() == "bearer" for key, v in value.items())
        return False

    @property
    def retries(self) -> RetryPolicy:
        """The retry policy (``retry_policy``). Set it to a :class:`RetryPolicy`, an int (the number
        of retries; 0 turns them off), ``None`` (the default policy), or a ``urllib3.Retry`` as the
        generated SDK takes (its ``total``, ``backoff_factor`` and ``status_forcelist`` are used)."""
        return self.retry_policy

    @retries.setter
    def retries(self, value: RetryPolicy | int | Any | None) -> None:
        self.retry_policy = _retry_policy(value)

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
        if isinstance(index, bool) or not isinstance(index, int):
            raise ApiTypeError(f"the host index must be an int, not {type(index).__name__}")
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

    def get_api_key_with_prefix(self, identifier: str, alias: str | None = None) -> str | None:
        """The ``api_key`` entry ``identifier`` (else ``alias``) behind its ``api_key_prefix``, as the
        generated SDK gives it (after calling ``refresh_api_key_hook``, when one is set); None when
        the entry is missing or empty."""
        hook = getattr(self, "refresh_api_key_hook", None)
        if hook is not None:
            hook(self)
        if identifier in self.api_key:
            key: str | None = self.api_key[identifier]
        else:
            key = self.api_key.get(alias) if alias is not None else None
        if not key:
            return None
        prefix = self.api_key_prefix.get(identifier)
        return f"{prefix} {key}" if prefix else key

    def get_basic_auth_token(self) -> str:
        """The ``Authorization`` value of HTTP basic authentication from ``username`` and
        ``password`` (either may be unset), as the generated SDK builds it. This API never sends it."""
        import base64  # only here: nothing else needs it

        pair = f"{self.username or ''}:{self.password or ''}"
        return "Basic " + base64.b64encode(pair.encode("latin-1")).decode("ascii")

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


def _retry_policy(value: Any) -> RetryPolicy:
    if value is None:
        return RetryPolicy()
    if isinstance(value, RetryPolicy):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ApiValueError(f"retries must be 0 or more, not {value}")
        return RetryPolicy(max_retries=value)
    if hasattr(value, "total") and hasattr(value, "backoff_factor"):  # a urllib3.Retry
        total = value.total  # an int, None (no overall limit: ours is kept) or False (no retries)
        retries = 0 if total is False else total if isinstance(total, int) and total >= 0 else constants.MAX_RETRIES
        policy = RetryPolicy(max_retries=retries)
        if value.backoff_factor:
            policy = replace(policy, backoff_initial=float(value.backoff_factor))
        if value.status_forcelist:
            policy = replace(policy, statuses=frozenset(value.status_forcelist))
        return policy
    raise ApiTypeError(f"retries must be a RetryPolicy, an int or a urllib3.Retry, not {type(value).__name__}")


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
