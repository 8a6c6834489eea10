"""Request bodies as streams: Content-Length or chunked framing, gzip decoding, a size limit.

Nothing here reads a whole body into memory; uploads of any size pass through in chunks.
"""

from __future__ import annotations

import io
import json
import math
import zlib
from typing import Any, BinaryIO

CHUNK = 256 * 1024


class BodyError(ValueError):
    """The body cannot be read. `framing` is True when the connection can no longer be trusted."""

    def __init__(self, message: str, *, framing: bool = False) -> None:
        super().__init__(message)
        self.framing = framing


class BodyTooLarge(BodyError):
    """The decoded body is over the configured limit."""


class WireBody(io.RawIOBase):
    """The message body exactly as framed on the connection (Content-Length or chunked)."""

    def __init__(self, rfile: BinaryIO, *, length: int | None, chunked: bool) -> None:
        super().__init__()
        self._rfile = rfile
        self._chunked = chunked
        self._left = 0 if chunked else (length or 0)  # bytes left in the body (or in the current chunk)
        self._done = not chunked and not length
        self.wire_bytes = 0  # payload bytes read, framing excluded

    def readable(self) -> bool:
        return True

    @property
    def done(self) -> bool:
        return self._done

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._done:
            return 0
        if self._chunked and self._left == 0:
            self._next_chunk()
            if self._done:
                return 0
        view = memoryview(buffer).cast("B")
        want = min(len(view), self._left)
        got = self._rfile.readinto(view[:want])  # type: ignore[attr-defined]
        if not got:
            raise BodyError("the connection closed before the whole body arrived", framing=True)
        self._left -= got
        self.wire_bytes += got
        if self._left == 0:
            if self._chunked:
                self._expect_crlf()
            else:
                self._done = True
        return int(got)

    def _line(self) -> bytes:
        line = self._rfile.readline(4096)
        if not line.endswith(b"\n"):
            raise BodyError("malformed chunked body", framing=True)
        return line.rstrip(b"\r\n")

    def _expect_crlf(self) -> None:
        if self._line() != b"":
            raise BodyError("malformed chunked body: data longer than its chunk size", framing=True)

    def _next_chunk(self) -> None:
        size_text = self._line().split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise BodyError("malformed chunk size in a chunked body", framing=True) from None
        if size < 0:
            raise BodyError("malformed chunk size in a chunked body", framing=True)
        if size == 0:
            while self._line() != b"":  # trailers, ignored
                pass
            self._done = True
        self._left = size

    def drain(self) -> None:
        """Read and discard the rest, so the connection can carry the next request."""
        if self._done:
            return
        sink = bytearray(CHUNK)
        while self.readinto(sink):
            pass


class GzipStream(io.RawIOBase):
    """Decompresses a gzip stream (one or more members) as it is read."""

    def __init__(self, raw: io.RawIOBase) -> None:
        super().__init__()
        self._raw = raw
        self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._in_member = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        while True:
            if self._decoder.eof:
                self._pending = self._decoder.unused_data + self._pending
                self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._in_member = False
            data = self._decoder.unconsumed_tail or self._pending
            self._pending = b""
            if not data:
                data = self._raw.read(CHUNK) or b""
                if not data:
                    if self._in_member:
                        raise BodyError("the gzip body is truncated")
                    return 0
            self._in_member = True
            try:
                out = self._decoder.decompress(data, len(view))
            except zlib.error:
                raise BodyError("the body is not valid gzip (Content-Encoding: gzip)") from None
            if out:
                view[: len(out)] = out
                return len(out)


class CountingStream(io.RawIOBase):
    """Counts the bytes read through it and stops at `limit` (None: no limit)."""

    def __init__(self, raw: io.RawIOBase, limit: int | None) -> None:
        super().__init__()
        self._raw = raw
        self.limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        got = self._raw.readinto(buffer) or 0
        self.count += got
        if self.limit is not None and self.count > self.limit:
            raise BodyTooLarge(f"the file is larger than the {self.limit}-byte limit")
        return got


def decoded(wire: WireBody, content_encoding: str | None) -> io.RawIOBase:
    """The body as the application sees it: gunzipped when Content-Encoding says gzip."""
    encoding = (content_encoding or "").strip().lower()
    if encoding in ("", "identity"):
        return wire
    if encoding in ("gzip", "x-gzip"):
        return GzipStream(wire)
    raise BodyError(f"unsupported Content-Encoding {content_encoding!r}; use gzip or none")


def read_small(wire: WireBody, content_encoding: str | None, limit: int = 1024 * 1024) -> bytes:
    """A whole (small) body, such as a JSON request. Over `limit` decoded bytes is an error."""
    stream = CountingStream(decoded(wire, content_encoding), limit)
    parts: list[bytes] = []
    while True:
        part = stream.read(CHUNK)
        if not part:
            return b"".join(parts)
        parts.append(part)


def parse_json(raw: bytes) -> Any:
    """A request's JSON body (None when blank). ValueError for anything a careful server refuses:
    bad UTF-8 or JSON, nesting too deep to parse, NaN, Infinity, or a number too large for a float."""
    if not raw.strip():
        return None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value
