"""A transport that hands each request to a simulator in the calling thread: no socket, no server
thread, no real waiting. Give it to a client (``Configuration(transport=sim.transport())``) and the
client runs its whole request loop (retries, read-backs, parsing) against the simulator's service.

Faults that live on the wire are played as the urllib3 transport would report them: a reset is an
``ApiConnectionError`` after sending, a delay longer than the read timeout an ``ApiTimeoutError``
(the simulator has then done the work, as a server that answers too late has), a truncated answer
fails while its body is read. What only real sockets show (TLS, trickling servers, proxies) is
left to tests over HTTP.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import urllib3

from zuora_sdk.exceptions import ApiConnectionError, ApiTimeoutError

from .service import Service
from .wire import Request, reason_phrase

if TYPE_CHECKING:
    from zuora_sdk._core.bounds import AttemptBudget

    from .faults import FaultQueue
    from .state import Tenant


class Simulated(Protocol):
    """What the transport needs of a ZuoraSimulator: its tenant and its faults."""

    _tenant: Tenant
    _faults: FaultQueue


class InProcessTransport:
    """A :class:`zuora_sdk.rest.Transport` over a :class:`ZuoraSimulator`, which need not be started."""

    def __init__(self, simulator: Simulated) -> None:
        self._delays = threading.local()
        self._service = Service(simulator._tenant, simulator._faults, pause=self._note_delay)

    def _note_delay(self, seconds: float) -> None:
        self._delays.seconds = getattr(self._delays, "seconds", 0.0) + seconds

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | Iterator[bytes] | None,
        timeout: urllib3.Timeout,
        budget: AttemptBudget | None = None,
    ) -> urllib3.HTTPResponse:
        data = body if isinstance(body, bytes) else b"".join(body or ())
        self._delays.seconds = 0.0
        response = self._service.handle(Request.build(method, url, headers, data))
        if response.connection == "reset":
            raise ApiConnectionError("connection broken: the server reset the connection", sent=True)
        waited = self._delays.seconds
        limit = _read_limit(timeout, budget)
        if limit is not None and waited > limit:
            raise ApiTimeoutError(f"timed out waiting for the response (the answer took {waited:g} s)", sent=True)
        return urllib3.HTTPResponse(
            body=io.BytesIO(response.body), headers=urllib3.HTTPHeaderDict(response.headers), status=response.status,
            reason=reason_phrase(response.status),  # as on the wire
            preload_content=False, decode_content=True, enforce_content_length=True, request_method=method,
            request_url=url,
        )

    def clear(self) -> None:
        """Nothing is kept open."""


def _read_limit(timeout: Any, budget: AttemptBudget | None) -> float | None:
    """How long the client waits for an answer: the read timeout, or less when the attempt's budget is."""
    read = None
    if isinstance(timeout, urllib3.Timeout):
        started = timeout.clone()
        started.start_connect()  # a total timeout counts from here; the answer would start now
        read = started.read_timeout
    limits = [read, budget.seconds if budget is not None else None]
    numbers = [limit for limit in limits if isinstance(limit, (int, float))]
    return min(numbers) if numbers else None
