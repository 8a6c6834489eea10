"""The wire: a urllib3 connection pool, streaming request bodies, timeouts, bounded answers.

Everything urllib3 can raise is turned into :class:`~zuora_sdk.exceptions.ApiConnectionError`
or :class:`~zuora_sdk.exceptions.ApiTimeoutError`, noting whether the request may have reached
the server (``sent``), which decides whether a write may be sent again. Every attempt is held to
an :class:`~zuora_sdk._core.bounds.AttemptBudget` of time on the network, and answers are read
(decompressed as they come) up to ``Configuration.max_response_bytes``.
"""

from __future__ import annotations

import http.client
import io
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import urllib3
import urllib3.connection
from urllib3.exceptions import (
    ClosedPoolError,
    LocationParseError,
)
from urllib3.util import parse_url

from zuora_sdk._core.bounds import AttemptBudget, BudgetedReader
from zuora_sdk._core.transport import Transport, TransportResponse
from zuora_sdk._core.validation import check_header_value
from zuora_sdk._core.wire_errors import transport_error
from zuora_sdk.exceptions import (
    ApiException,
    ApiValueError,
    BadRequestException,
    ForbiddenException,
    NotFoundException,
    ServiceException,
    UnauthorizedException,
)

if TYPE_CHECKING:
    from zuora_sdk.configuration import Configuration

# Kept for code written against the generated SDK, which imports these from here.
__all__ = [
    "ApiException",
    "BadRequestException",
    "ForbiddenException",
    "NotFoundException",
    "RESTClientObject",
    "ServiceException",
    "Transport",
    "TransportResponse",
    "UnauthorizedException",
]

Timeout = float | tuple[float, float] | urllib3.Timeout


# Built once: passing False would make urllib3 build a Retry object for every request.
_NO_RETRIES = urllib3.Retry(False, redirect=False)


class _Sending(threading.local):
    started = False  # whether the calling thread's request has begun to leave, after connecting
    budget: AttemptBudget | None = None  # the time the calling thread's attempt has on the network


_sending = _Sending()


class _BudgetedResponse(http.client.HTTPResponse):
    """http.client's response, reading through the attempt's budget: the status line, the
    headers, chunk sizes and the body alike, so no trickle can stretch any of them."""

    def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        budget = _sending.budget
        if budget is not None and budget.seconds is not None:
            self.fp = io.BufferedReader(BudgetedReader(self.fp.detach(), sock, budget))


class _NotesSending(urllib3.connection.HTTPConnection):
    """Notes when request bytes start to leave, once connected (a TLS handshake or a proxy's
    CONNECT is not the request): what decides whether a write may be sent again. Sends and
    reads are held to the attempt's budget."""

    _connecting = False
    _lowered = False  # the socket timeout was lowered to the attempt's deadline
    response_class = _BudgetedResponse

    def connect(self) -> None:
        self._connecting = True
        since = time.monotonic()
        try:
            super().connect()
        finally:
            self._connecting = False
            budget = _sending.budget
            if budget is not None:
                budget.charge(since, 0)  # connecting is part of the attempt's time too

    def send(self, data: Any) -> None:
        if not self._connecting:
            if self.sock is None:
                self.connect()  # failing here, nothing was sent
            _sending.started = True
            budget = _sending.budget
            if budget is not None and budget.seconds is not None and self.sock is not None:
                timeout = budget.timeout_for(self.timeout)
                if timeout != self.timeout or self._lowered:  # a system call: only when the deadline binds
                    self.sock.settimeout(timeout)
                    self._lowered = timeout != self.timeout
                since = time.monotonic()
                try:
                    super().send(data)
                except TimeoutError:
                    if timeout != self.timeout:  # the deadline, not the send timeout, ran out
                        budget.expired = True
                    raise
                finally:
                    budget.charge(since, len(data) if isinstance(data, (bytes, bytearray, memoryview)) else 0)
                return
        super().send(data)


class _HTTPSConnection(_NotesSending, urllib3.connection.HTTPSConnection):
    pass


class _HTTPConnectionPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _NotesSending


class _HTTPSConnectionPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


# Pools of the connections above. urllib3 sets this table on each manager so that it can be
# replaced there (its documented way to choose a pool class per scheme).
_POOL_CLASSES = {"http": _HTTPConnectionPool, "https": _HTTPSConnectionPool}


_HOSTS_KEPT = 4  # connection pools kept, one per host


def _proxy(url: str, headers: Mapping[str, str] | None) -> tuple[str, dict[str, str]]:
    """The proxy URL without credentials, and its headers with them as ``Proxy-Authorization``
    (urllib3 would otherwise drop ``user:password@`` silently). Errors never repeat the URL."""
    try:
        parts = parse_url(url)
    except LocationParseError:
        raise ApiValueError("proxy is not a valid URL (its text is left out: it may hold a password)") from None
    if parts.scheme not in ("http", "https") or not parts.host:
        raise ApiValueError("proxy must be an http:// or https:// URL")
    merged = {name: check_header_value(f"proxy_headers[{name!r}]", value) for name, value in (headers or {}).items()}
    if parts.auth and not any(name.lower() == "proxy-authorization" for name in merged):
        merged.update(urllib3.make_headers(proxy_basic_auth=unquote(parts.auth)))
    return parts._replace(auth=None).url, merged


def make_timeout(value: Timeout) -> urllib3.Timeout:
    if isinstance(value, urllib3.Timeout):
        return value
    if isinstance(value, tuple):
        return urllib3.Timeout(connect=value[0], read=value[1])
    return urllib3.Timeout(total=value)


class RESTClientObject:
    """The default transport (see :mod:`zuora_sdk._core.transport`): one pool of kept-alive connections
    per host, safe to share between threads."""

    def __init__(self, configuration: Configuration) -> None:
        kwargs: dict[str, Any] = {
            "num_pools": _HOSTS_KEPT,
            "maxsize": configuration.connection_pool_maxsize,
            "retries": False,  # the one retry loop lives in ApiClient
            "cert_reqs": ssl.CERT_REQUIRED if configuration.verify_ssl else ssl.CERT_NONE,
        }
        if configuration.ssl_ca_cert:
            kwargs["ca_certs"] = configuration.ssl_ca_cert
        if configuration.cert_file:
            kwargs["cert_file"] = configuration.cert_file
        if configuration.key_file:
            kwargs["key_file"] = configuration.key_file
        if configuration.assert_hostname is not None:
            kwargs["assert_hostname"] = configuration.assert_hostname
        if configuration.tls_server_name:
            kwargs["server_hostname"] = configuration.tls_server_name
        if configuration.socket_options is not None:
            kwargs["socket_options"] = configuration.socket_options
        self.pool_manager: urllib3.PoolManager
        if configuration.proxy:
            proxy, proxy_headers = _proxy(configuration.proxy, configuration.proxy_headers)
            self.pool_manager = urllib3.ProxyManager(proxy, proxy_headers=proxy_headers, **kwargs)
        else:
            self.pool_manager = urllib3.PoolManager(**kwargs)
        self.pool_manager.pool_classes_by_scheme = _POOL_CLASSES
        self._direct = not configuration.proxy
        # origin ("https://host:port") -> its connection pool. Asking the pool directly skips
        # parsing every URL again and looking its pool up (a tenth of a kept-alive call).
        self._pools: dict[str, urllib3.HTTPConnectionPool] = {}
        self._pools_lock = threading.Lock()

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | Iterator[bytes] | None,
        timeout: urllib3.Timeout,
        budget: AttemptBudget | None = None,
    ) -> urllib3.BaseHTTPResponse:
        """Send a request and read the answer's head; its body is left to read (``read_body``,
        ``iter_body``), still held to ``budget``."""
        options: dict[str, Any] = {
            "body": body,
            "headers": dict(headers),
            "timeout": timeout,
            "preload_content": False,
            "decode_content": True,
            "redirect": False,
            "retries": _NO_RETRIES,
            "chunked": body is not None and not isinstance(body, bytes) and "Content-Length" not in headers,
        }
        _sending.started = False
        _sending.budget = budget
        try:
            if not self._direct:
                return self.pool_manager.urlopen(method, url, **options)
            slash = url.find("/", url.find("//") + 2)
            origin, target = (url, "/") if slash < 0 else (url[:slash], url[slash:])
            try:
                return self._pool(origin).urlopen(method, target, assert_same_host=False, **options)
            except ClosedPoolError:
                # Closed since we cached it (close() on another thread): nothing was sent, ask again.
                self._pools.pop(origin, None)
                return self._pool(origin).urlopen(method, target, assert_same_host=False, **options)
        except urllib3.exceptions.HTTPError as exc:
            raise transport_error(exc, sent=_sending.started, budget=budget) from None
        finally:
            _sending.budget = None

    def _pool(self, origin: str) -> urllib3.HTTPConnectionPool:
        pool = self._pools.get(origin)
        if pool is None:
            pool = self.pool_manager.connection_from_url(origin)
            with self._pools_lock:
                if len(self._pools) >= _HOSTS_KEPT:  # as the manager does: forget the oldest host
                    self._pools.pop(next(iter(self._pools)))
                self._pools[origin] = pool
        return pool

    def clear(self) -> None:
        pools, self._pools = self._pools, {}
        for pool in pools.values():
            pool.close()
        self.pool_manager.clear()
