"""HTTP/1.1 on a socket: reading a request head, writing a response, resetting a connection."""

from __future__ import annotations

import contextlib
import socket
import struct
from dataclasses import dataclass
from http import HTTPStatus
from typing import BinaryIO

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
    connection = headers.get("Connection", "").lower()
    keep_alive = "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection
    chunked = "chunked" in headers.get("Transfer-Encoding", "").lower()
    length = None
    if not chunked and "Content-Length" in headers:
        text = headers["Content-Length"]
        if not text.isdigit():
            raise MalformedRequest("malformed Content-Length")
        length = int(text)
    # A server must accept the absolute form (RFC 9112 3.2.2): what a client sends through a proxy.
    origin_form = target
    if target.startswith(("http://", "https://")):
        slash = target.find("/", target.index("//") + 2)
        origin_form = "/" if slash < 0 else target[slash:]
    path, _, query = origin_form.partition("?")
    return Request(method, target, path, query, version, headers, WireBody(rfile, length=length, chunked=chunked),
                   keep_alive)


def response_head(status: int, headers: list[tuple[str, str]]) -> bytes:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def reset(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0): the client sees 'connection reset by peer'."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()
