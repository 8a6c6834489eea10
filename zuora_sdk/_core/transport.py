"""The seam between the request loop and the wire: what the ApiClient asks of a transport, and how
it reads the answers one gives back.

The ApiClient sends every attempt through ``transport.request(...)`` and reads the answer with
``read1``. The default transport is :class:`zuora_sdk.rest.RESTClientObject` (urllib3); tests and
tools may pass their own (the protocols are public as ``zuora_sdk.rest.Transport`` and
``zuora_sdk.rest.TransportResponse``) (``Configuration(transport=...)`` or ``ApiClient(transport=...)``):
the simulator's in-process one, a recorder, a stub.

A transport's contract:

- ``request`` sends one attempt and returns once the answer's status and headers are in; the
  body is left to read. A redirect is returned as it is, never followed; nothing is retried.
- When no answer arrives, it raises :class:`~zuora_sdk.exceptions.ApiConnectionError` (or
  :class:`~zuora_sdk.exceptions.ApiTimeoutError`) with ``sent`` False only when no byte of the
  request can have reached the server: what decides whether a write may be sent again.
- ``budget`` is the time the attempt may spend on the network (see :mod:`zuora_sdk._core.bounds`); a
  transport that cannot hang may ignore it.
- ``clear`` closes what it keeps open (the ApiClient's ``close()``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import urllib3

from zuora_sdk._core.wire_errors import transport_error
from zuora_sdk.exceptions import ResponseTooLargeError

if TYPE_CHECKING:
    from zuora_sdk._core.bounds import AttemptBudget

READ_CHUNK = 64 * 1024


class TransportResponse(Protocol):
    """An answer whose head has arrived: what the loop reads (a urllib3 response is one)."""

    @property
    def status(self) -> int: ...

    @property
    def reason(self) -> str | None: ...

    @property
    def headers(self) -> Mapping[str, str]: ...  # looked up case-insensitively

    def read1(self, amt: int) -> bytes:
        """Up to ``amt`` bytes of the body, decompressed; b"" at its end."""

    def close(self) -> None: ...

    def release_conn(self) -> None: ...


class Transport(Protocol):
    """Sends one attempt (see the module's text for the contract)."""

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | Iterator[bytes] | None,
        timeout: urllib3.Timeout,
        budget: AttemptBudget | None = None,
    ) -> TransportResponse: ...

    def clear(self) -> None: ...


class Answer:
    """An answer read whole: what a preloaded urllib3 response offered (``status``, ``reason``,
    ``headers``, ``data``); ``body`` is the same bytes without a copy."""

    __slots__ = ("body", "headers", "reason", "status")

    def __init__(self, response: TransportResponse, body: bytearray) -> None:
        self.status = response.status
        self.reason = response.reason
        self.headers = response.headers
        self.body = body

    @property
    def data(self) -> bytes:
        return bytes(self.body)


def iter_body(response: TransportResponse, limit: int | None, budget: AttemptBudget | None = None) -> Iterator[bytes]:
    """The answer's body, decompressed as it is read, in chunks; ResponseTooLargeError past
    ``limit`` bytes. A body not read to its end closes the connection (it cannot carry another)."""
    size = 0
    done = False
    try:
        while chunk := response.read1(READ_CHUNK):
            size += len(chunk)
            if limit is not None and size > limit:
                raise ResponseTooLargeError(limit, response)
            yield chunk
            if _complete(response):
                break
        done = True
    except urllib3.exceptions.HTTPError as exc:  # the urllib3 transport's reads; others raise ours
        raise transport_error(exc, budget=budget) from None
    finally:
        if not done:
            abandon(response)


def _complete(response: TransportResponse) -> bool:
    """Whether the answer is known to be all read: urllib3 counts down its Content-Length (and gives
    the connection back at 0), and with no Content-Encoding nothing is left in a decoder. Asking
    for the end instead costs an empty read, about 4 µs of a kept-alive get."""
    return getattr(response, "length_remaining", None) == 0 and "Content-Encoding" not in response.headers


def read_body(
    response: TransportResponse, limit: int | None, budget: AttemptBudget | None = None, *, cut: bool = False
) -> bytearray:
    """The whole body (see ``iter_body``). With ``cut``, a body over ``limit`` is cut there rather
    than refused (for error answers: the start says what went wrong)."""
    data = bytearray()
    for chunk in iter_body(response, None if cut else limit, budget):
        data += chunk
        if cut and limit is not None and len(data) >= limit:
            del data[limit:]
            abandon(response)
            break
    return data


def abandon(response: Any) -> None:
    """Give the connection of an answer left unread back, closed."""
    response.close()
    response.release_conn()
