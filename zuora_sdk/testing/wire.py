"""HTTP/1.1 messages: a request (read from a socket, or built from bytes in process), a response,
and the socket's side of them: reading a request head, writing a response head, resetting a connection."""

from __future__ import annotations

import contextlib
import io
import socket
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import BinaryIO, Literal

from .headers import Headers
from .request_body import WireBody

MAX_LINE = 65536
MAX_HEADERS = 200


class MalformedRequest(ValueError):
    """The request head cannot be parsed; the connection is answered 400 and closed."""


@dataclass
class Request:
    method: str
    target: str
    path: str
    query: str
    version: str
    headers: Headers
    body: WireBody
    keep_alive: bool

    @classmethod
    def build(
        cls,
        method: str,
        target: str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> Request:
        """A request made in process, without a socket. `target` is the path with its query
        ("/objects/jobs?pageSize=5") or a whole URL; `body` is the body as sent (gzipped if so declared)."""
        if isinstance(headers, Mapping):
            headers = headers.items()
        framing = ("content-length", "transfer-encoding")  # the body is whole: its length is known
        pairs = [(name, value) for name, value in headers if name.lower() not in framing]
        pairs.append(("Content-Length", str(len(body))))
        path, _, query = _origin_form(target).partition("?")
        head = Headers(pairs)
        return cls(method, target, path, query, "HTTP/1.1", head,
                   WireBody(io.BytesIO(body), length=len(body), chunked=False), _keep_alive(head, "HTTP/1.1"))


@dataclass
class Response:
    """The answer to one request exactly as it goes on the wire.

    `connection` says what becomes of the connection afterwards: "keep", "close", or "reset" (a TCP reset; then
    `status` is 0 and nothing at all is sent). A truncating fault leaves `body` shorter than its Content-Length.
    """

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    connection: Literal["keep", "close", "reset"]

    def head(self) -> bytes:
        return response_head(self.status, self.headers)


def read_request(rfile: BinaryIO) -> Request | None:
    """The next request on the connection, or None when the client closed it between requests."""
    line = rfile.readline(MAX_LINE + 1)
    while line in (b"\r\n", b"\n"):  # tolerate stray blank lines between requests
        line = rfile.readline(MAX_LINE + 1)
    if not line:
        return None
    if len(line) > MAX_LINE or not line.endswith(b"\n"):
        raise MalformedRequest("request line too long")
    parts = line.decode("latin-1").split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise MalformedRequest("malformed request line")
    method, target, version = parts
    pairs: list[tuple[str, str]] = []
    while True:
        raw = rfile.readline(MAX_LINE + 1)
        if not raw:
            raise MalformedRequest("the connection closed inside the request head")
        if raw in (b"\r\n", b"\n"):
            break
        if len(raw) > MAX_LINE or len(pairs) >= MAX_HEADERS:
            raise MalformedRequest("request head too large")
        name, sep, value = raw.decode("latin-1").partition(":")
        if not sep or not name or name != name.strip():
            raise MalformedRequest("malformed header line")
        pairs.append((name, value.strip()))
    headers = Headers(pairs)
    chunked = "chunked" in headers.get("Transfer-Encoding", "").lower()
    length = None
    if not chunked and "Content-Length" in headers:
        text = headers["Content-Length"]
        if not text.isdigit():
            raise MalformedRequest("malformed Content-Length")
        length = int(text)
    path, _, query = _origin_form(target).partition("?")
    return Request(method, target, path, query, version, headers, WireBody(rfile, length=length, chunked=chunked),
                   _keep_alive(headers, version))


def _origin_form(target: str) -> str:
    """A server must accept the absolute form (RFC 9112 3.2.2): what a client sends through a proxy."""
    if target.startswith(("http://", "https://")):
        slash = target.find("/", target.index("//") + 2)
        return "/" if slash < 0 else target[slash:]
    return target


def _keep_alive(headers: Headers, version: str) -> bool:
    connection = headers.get("Connection", "").lower()
    return "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection


def reason_phrase(status: int) -> str:
    """The reason phrase of the status line."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def response_head(status: int, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason_phrase(status)}"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def reset(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0): the client sees 'connection reset by peer'."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()
