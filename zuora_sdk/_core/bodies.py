"""Request bodies that stream: from bytes, text, a path, a file object or rows, optionally gzipped.

A body knows its length when it can (sent with ``Content-Length``; otherwise chunked) and
whether it can be sent again on a retry: bytes and paths always, seekable files by rewinding,
one-shot streams never.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, Union

from zuora_sdk._core.frames import frame_records, is_frame
from zuora_sdk.exceptions import ApiTypeError, ApiValueError

CHUNK_SIZE = 1024 * 1024

UploadSource = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]", IO[bytes], IO[str], Iterable[Any]]


class FileTooLargeError(ApiValueError):
    """The file is over the size limit set by ``Configuration.max_file_bytes``."""


class Body:
    """A request body. ``chunks()`` starts from the beginning each time it is called."""

    length: int | None = None
    replayable: bool = True

    def chunks(self) -> Iterator[bytes]:
        raise NotImplementedError

    def payload(self) -> bytes | Iterator[bytes]:
        """What the transport sends: bytes when small and known, else an iterator of chunks."""
        return self.chunks()


class BytesBody(Body):
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.length = len(data)

    def chunks(self) -> Iterator[bytes]:
        yield self.data

    def payload(self) -> bytes:
        return self.data


class PathBody(Body):
    def __init__(self, path: os.PathLike[str] | str) -> None:
        self.path = os.fspath(path)
        try:
            self.length = os.path.getsize(self.path)
        except OSError as exc:
            raise ApiValueError(f"file: cannot read {self.path!r}: {exc.strerror}") from None

    def chunks(self) -> Iterator[bytes]:
        with open(self.path, "rb") as fh:
            while chunk := fh.read(CHUNK_SIZE):
                yield chunk


class FileObjectBody(Body):
    """An open file, binary or text. Seekable files are rewound for a retry."""

    def __init__(self, fh: IO[Any]) -> None:
        self.fh = fh
        self.text = isinstance(fh, io.TextIOBase) or "b" not in getattr(fh, "mode", "b")
        seekable = getattr(fh, "seekable", None)  # an object with only read() is a one-shot stream
        try:
            self.start: int | None = fh.tell() if seekable is not None and seekable() else None
        except (OSError, ValueError):
            self.start = None
        self.replayable = self.start is not None
        self._used = False
        if self.start is not None and not self.text:
            end = fh.seek(0, os.SEEK_END)
            fh.seek(self.start)
            self.length = end - self.start

    def chunks(self) -> Iterator[bytes]:
        if self.start is not None:
            self.fh.seek(self.start)
        elif self._used:
            raise ApiValueError("file: a one-shot stream cannot be sent twice")
        self._used = True
        encoder = codecs.getincrementalencoder("utf-8")() if self.text else None
        while chunk := self.fh.read(CHUNK_SIZE):
            yield encoder.encode(chunk) if encoder else chunk
        if encoder:
            yield encoder.encode("", final=True)


class RowsBody(Body):
    """Rows (dicts, or sequences whose first row is the header) encoded to CSV on the fly."""

    def __init__(self, rows: Iterable[Any], fieldnames: Sequence[str] | None = None) -> None:
        self.rows = rows
        self.fieldnames = fieldnames
        self.replayable = isinstance(rows, Sequence) or is_frame(rows)
        self._used = False

    def chunks(self) -> Iterator[bytes]:
        if self._used and not self.replayable:
            raise ApiValueError("file: an iterator of rows cannot be sent twice")
        self._used = True
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for record in csv_records(self.rows, self.fieldnames):
            writer.writerow(record)
            if buffer.tell() >= CHUNK_SIZE:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue().encode("utf-8")


def csv_records(
    rows: Iterable[Any], fieldnames: Sequence[str] | None = None, param: str = "file"
) -> Iterator[list[Any]]:
    """The header, then each row as a list of CSV cells (errors name the parameter ``param``).

    A pandas DataFrame or Arrow table gives its columns and rows (see :mod:`zuora_sdk._core.frames`).
    Rows are dicts (the header is ``fieldnames`` or the first dict's keys; a missing key or
    ``None`` is an empty cell) or sequences (the first one is the header unless ``fieldnames``
    is given). Booleans become ``true``/``false``, dates and datetimes ISO 8601.
    """
    if is_frame(rows):  # a pandas DataFrame or an Arrow table: values converted on purpose
        columns, cells = frame_records(rows, param)
        yield columns
        yield from cells
        return
    header = [str(name) for name in fieldnames] if fieldnames else None
    known = frozenset(header or ())
    if header is not None:
        yield header
    for row in rows:
        if isinstance(row, Mapping):
            if header is None:
                header = [str(key) for key in row]
                known = frozenset(header)
                yield header
            if not known.issuperset(row):
                unknown = sorted(str(key) for key in set(row) - known)
                raise ApiValueError(f"{param}: row has columns not in the header: {unknown}")
            yield [_cell(row.get(key)) for key in header]
        elif isinstance(row, (list, tuple)):
            if header is None:
                header = [str(x) for x in row]
                yield header
                continue
            yield [_cell(value) for value in row]
        else:
            raise ApiTypeError(f"{param}: rows must be dicts or sequences, not {type(row).__name__}")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else value


class GzipBody(Body):
    """Compresses another body on the fly. Length is unknown, so it goes chunked."""

    def __init__(self, inner: Body) -> None:
        self.inner = inner
        self.replayable = inner.replayable

    def chunks(self) -> Iterator[bytes]:
        compressor = gzip_compressor()
        for chunk in self.inner.chunks():
            out = compressor.compress(chunk)
            if out:
                yield out
        yield compressor.flush()


class LimitedBody(Body):
    """Stops a stream of unknown length once it grows past ``limit`` bytes (before compression)."""

    def __init__(self, inner: Body, limit: int) -> None:
        self.inner = inner
        self.limit = limit
        self.replayable = inner.replayable

    def chunks(self) -> Iterator[bytes]:
        sent = 0
        for chunk in self.inner.chunks():
            sent += len(chunk)
            if sent > self.limit:
                raise _too_large(sent, self.limit, at_least=True)
            yield chunk


def _too_large(size: int, limit: int, at_least: bool = False) -> FileTooLargeError:
    more = "at least " if at_least else ""
    return FileTooLargeError(
        f"file: {more}{size} bytes is over the {limit}-byte limit per job file; split it into several jobs "
        "(the bulk loader does), or raise Configuration.max_file_bytes if your tenant allows more"
    )


def upload_body(file: Any, *, gzip: bool, max_bytes: int | None) -> Body:
    """The body for an upload's ``file`` argument."""
    body: Body
    if isinstance(file, str):
        body = BytesBody(file.encode("utf-8"))
    elif isinstance(file, (bytes, bytearray, memoryview)):
        body = BytesBody(bytes(file))
    elif isinstance(file, os.PathLike):
        body = PathBody(file)
    elif hasattr(file, "read"):
        body = FileObjectBody(file)
    elif isinstance(file, Iterable):
        body = RowsBody(file)
    else:
        raise ApiTypeError(
            "file must be CSV text (str), bytes, a path, a file object or an iterable of rows, "
            f"not {type(file).__name__}"
        )
    if body.length == 0:
        raise ApiValueError("file is empty: a CSV header row is required")
    if max_bytes is not None:
        if body.length is not None and body.length > max_bytes:
            raise _too_large(body.length, max_bytes)
        if body.length is None:
            body = LimitedBody(body, max_bytes)
    if gzip:
        return json_body(body.data, gzip=True) if isinstance(body, BytesBody) else GzipBody(body)
    return body


def json_body(data: bytes, *, gzip: bool) -> BytesBody:
    if gzip:
        compressor = gzip_compressor()
        data = compressor.compress(data) + compressor.flush()
    return BytesBody(data)


def gzip_compressor() -> zlib._Compress:
    return zlib.compressobj(6, zlib.DEFLATED, 31)  # level 6, as gzip's default; 31: the gzip format
