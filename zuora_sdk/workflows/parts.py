"""Reading a load's input as CSV records and cutting it into job files under the size limit.

Parts are cut at record boundaries (a quoted value may span lines) and written to files in a
work directory, so memory stays small whatever the input size, and a part can be re-read to
retry its upload or to copy out its failed rows.

A CSV file or CSV bytes are cut as bytes, records copied as they are: a record ends at a line
end outside quotes. Other inputs (file objects, rows) are read as CSV records and written out.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Union

from typing_extensions import Self

from zuora_sdk.bodies import csv_records
from zuora_sdk.exceptions import ApiTypeError, ApiValueError

# What a load reads: a path (``str`` or ``os.PathLike``), CSV bytes, a binary or text file object, or
# rows (dicts, or sequences after a header row).
LoadSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes], IO[str], Iterable[Any]]


@dataclass(frozen=True)
class Part:
    """One job file: data records ``first_row`` .. ``first_row + rows - 1`` of the input.

    Rows are numbered as Zuora numbers them in a file: the header is row 1, data starts at row 2.
    """

    index: int
    first_row: int
    rows: int
    path: str
    size: int
    crc: int

    def input_row(self, job_row: int) -> int:
        """The input row of a row number reported for this part's job."""
        return self.first_row + job_row - 2


class LoadInput:
    """A load's input: its header now, its parts as they are needed. Close it when done."""

    def __init__(self, header: list[str], cut: Callable[[str], Iterator[Part]], fh: IO[bytes] | None = None) -> None:
        self.header = header
        self._cut = cut
        self._fh = fh

    def parts(self, workdir: str) -> Iterator[Part]:
        """The parts, written to files in ``workdir`` one at a time as the iterator advances."""
        return self._cut(workdir)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_input(source: LoadSource, part_bytes: int, fieldnames: Sequence[str] | None = None) -> LoadInput:
    """The header and parts of ``source`` (see :func:`open_records`) in parts of ``part_bytes``."""
    fh: IO[bytes]
    owned = True
    if isinstance(source, (str, os.PathLike)):
        try:
            fh = open(source, "rb")  # noqa: SIM115 - closed by LoadInput.close
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            raise ApiValueError(f"source: cannot read {os.fspath(source)!r}: {reason}") from None
    elif isinstance(source, (bytes, bytearray, memoryview)):
        fh = io.BytesIO(source)
    elif hasattr(source, "read") and not _is_text(source):
        # The caller's binary file: read here, closed by the caller.
        fh = source if isinstance(source, io.BufferedIOBase) else _LineReader(source)  # type: ignore[assignment]
        owned = False
    else:
        header, rows = open_records(source, fieldnames)
        return LoadInput(header, lambda workdir: split_parts(header, rows, part_bytes, workdir))
    try:
        records = _byte_records(fh, part_bytes)
        try:
            head = next(records, b"")
        except _UnreadableRecord as exc:
            raise ApiValueError(f"source: the header row cannot be read as CSV: {exc}") from None
        if len(head) >= part_bytes:
            raise ApiValueError(
                f"the header row alone ({len(head)} bytes or more) does not fit in a part of {part_bytes} bytes"
            )
        header = _parse_header(head)
    except BaseException:
        if owned:
            fh.close()
        raise
    return LoadInput(header, lambda workdir: _cut_bytes(head, records, part_bytes, workdir), fh if owned else None)


_BOM = b"\xef\xbb\xbf"
_BLANK = frozenset({b"\n", b"\r\n", b"\r"})
_BATCH = 1 << 18  # bytes of records checked and written at a time
_LINE_ENDS = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


class _RecordTooLarge(Exception):
    pass


def _lines(fh: IO[bytes], limit: int) -> Iterator[bytes]:
    """The lines of a binary CSV input as ``csv`` sees them in a file opened with ``newline=""``:
    ended by LF, CRLF or a lone CR. Memory stays bounded: a line longer than ``limit`` comes cut
    (the caller refuses it)."""
    readline = fh.readline
    size = limit + 1
    pending = b""  # the start of a line whose end has not been read yet
    chunk = readline(size)
    if chunk.startswith(_BOM):
        chunk = chunk[len(_BOM):]
    while chunk:
        data = pending + chunk if pending else chunk
        if data[-1:] == b"\n":
            cr = data.find(b"\r")
            if cr == -1 or cr == len(data) - 2:  # the usual case: one whole line, LF or CRLF
                pending = b""
                yield data
                chunk = readline(size)
                continue
        pieces: list[bytes] = _LINE_ENDS.findall(data)
        # A last piece without its end (or with a CR that a LF may follow) waits for more.
        pending = b"" if pieces[-1].endswith(b"\n") else pieces.pop()
        if len(pending) > limit:
            pieces.append(pending)  # too long to be a record anyway: hand it over to be refused
            pending = b""
        yield from pieces
        chunk = readline(size)
    if pending:
        yield pending


class _TextLines:
    """Lines decoded for ``csv.reader``, starting with ``start(line)``: ``taken`` keeps the lines
    of the record being read; it gives up once they pass ``limit`` bytes."""

    def __init__(self, lines: Iterator[bytes], limit: int) -> None:
        self.lines = lines
        self.limit = limit
        self.first: bytes | None = None
        self.taken: list[bytes] = []
        self.taken_bytes = 0
        self.ended = False  # the input ran out while csv was reading a record

    def start(self, line: bytes) -> None:
        self.first, self.taken, self.taken_bytes = line, [], 0

    def __iter__(self) -> _TextLines:
        return self

    def __next__(self) -> str:
        if self.first is not None:
            line, self.first = self.first, None
        else:
            try:
                line = next(self.lines)
            except StopIteration:
                self.ended = True
                raise
        self.taken.append(line)
        self.taken_bytes += len(line)
        if self.taken_bytes > self.limit:
            raise _RecordTooLarge
        # Undecodable bytes pass through: the part writer reports them with their row number.
        return line.decode("utf-8", "surrogateescape")


def _byte_records(fh: IO[bytes], limit: int) -> Iterator[bytes]:
    """Each CSV record of a binary input as its bytes, line end included, ending where ``csv.reader``
    ends it. A line without a quote is a record by itself; from a line with one, ``csv.reader``
    reads as many lines as the record takes. A record longer than ``limit`` comes cut short there
    (the caller refuses it)."""
    lines = _lines(fh, limit)
    text = _TextLines(lines, limit)
    reader = csv.reader(text)
    for line in lines:
        if b'"' in line:
            text.start(line)
            try:
                next(reader, None)
            except _RecordTooLarge:
                pass  # a quote left open runs on and on: what was read is refused as too large
            except csv.Error as exc:
                raise _UnreadableRecord(str(exc)) from None
            line = b"".join(text.taken)
        if line[-1:] == b"\r" and not text.ended:
            # Ended by a lone CR: sent ended by CRLF, or a record made only of a LF that follows
            # would join it as one CRLF. (At the very end, a CR may be inside an open quote.)
            line += b"\n"
        yield line


class _UnreadableRecord(Exception):
    pass


def _parse_header(head: bytes) -> list[str]:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiValueError("source: the header row is not valid UTF-8") from None
    try:
        return _take_header(csv.reader(io.StringIO(text, newline="")))[0]
    except csv.Error as exc:
        raise ApiValueError(f"source: the header row cannot be read as CSV: {exc}") from None


def _cut_bytes(head: bytes, records: Iterator[bytes], part_bytes: int, workdir: str) -> Iterator[Part]:
    """Part files of at most ``part_bytes`` bytes, each the header then whole records as given."""
    if not head.endswith((b"\n", b"\r")):
        head += b"\r\n"  # a header at the very end of the input: no records follow
    if len(head) >= part_bytes:
        raise ApiValueError(f"the header row alone ({len(head)} bytes) does not fit in a part of {part_bytes} bytes")
    index = 0
    row = 1
    part: _PartWriter | None = None
    try:
        while True:
            try:
                record = next(records, None)
            except (_UnreadableRecord, UnicodeError, csv.Error) as exc:
                raise ApiValueError(f"input row {row + 1} cannot be read: {exc}") from None
            if record is None:
                break
            if record in _BLANK:
                continue  # a blank line is no record: Zuora skips it without numbering it
            row += 1
            if len(head) + len(record) > part_bytes:
                hint = " (is a quote left open?)" if b'"' in record else ""
                raise ApiValueError(
                    f"input row {row} is {len(record)} bytes or more: with the header it does not fit in a part of "
                    f"{part_bytes} bytes{hint}"
                )
            if part is not None and part.size + len(record) > part_bytes:
                yield part.close()
                index += 1
                part = None
            if part is None:
                part = _PartWriter(index, row, os.path.join(workdir, f"part-{index:05d}.csv"), head)
            part.add(record)
        if part is not None:
            yield part.close()
            part = None
    finally:
        if part is not None:
            part.out.close()  # stopped midway: the part file is left for the work directory to remove


class _PartWriter:
    """A part file being written: records are checked (UTF-8) and written a batch at a time."""

    def __init__(self, index: int, first_row: int, path: str, head: bytes) -> None:
        self.index, self.first_row, self.path = index, first_row, path
        self.out = open(path, "wb")  # noqa: SIM115 - closed by close()
        self.out.write(head)
        self.size, self.crc, self.rows = len(head), zlib.crc32(head), 0  # size and rows include the batch
        self.batch: list[bytes] = []
        self.batch_bytes = 0

    def add(self, record: bytes) -> None:
        self.batch.append(record)
        self.batch_bytes += len(record)
        self.size += len(record)
        self.rows += 1
        if self.batch_bytes >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        data = b"".join(self.batch)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            self.out.close()
            self._refuse_bad_text()
        self.out.write(data)
        self.crc = zlib.crc32(data, self.crc)
        self.batch, self.batch_bytes = [], 0

    def _refuse_bad_text(self) -> None:
        first = self.first_row + self.rows - len(self.batch)
        for offset, record in enumerate(self.batch):
            try:
                record.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ApiValueError(
                    f"input row {first + offset} is not valid UTF-8 (byte {exc.start + 1} of the row)"
                ) from None

    def close(self) -> Part:
        self._flush()
        self.out.close()
        return Part(self.index, self.first_row, self.rows, self.path, self.size, self.crc)


def open_records(source: Any, fieldnames: Sequence[str] | None = None) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and an iterator over the data records of a text file object, or of an iterable
    of rows (dicts or sequences, as for uploads). Paths, bytes and binary files go through
    :func:`open_input`'s byte reader."""
    records: Iterator[list[Any]]
    if hasattr(source, "read"):  # a text file: binary ones are read as bytes by open_input
        records = iter(csv.reader(source))
    elif isinstance(source, Iterable) and not isinstance(source, (str, bytes)):
        records = csv_records(source, fieldnames, "source")
    else:
        raise ApiTypeError(
            f"source must be a path, CSV bytes, a file object or an iterable of rows, not {type(source).__name__}"
        )
    return _take_header(records)


def _take_header(records: Iterator[list[Any]]) -> tuple[list[str], Iterator[list[Any]]]:
    try:
        header = next(records, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ApiValueError(f"source: the header row cannot be read: {exc}") from None
    if not header or not any(str(name).strip() for name in header):
        raise ApiValueError("source has no CSV header row")
    names = [str(name) for name in header]
    names[0] = names[0].removeprefix("\ufeff")  # a byte order mark read as text
    return names, records


def _is_text(fh: Any) -> bool:
    return isinstance(fh, io.TextIOBase) or isinstance(fh.read(0), str)


class _LineReader:
    """``readline(limit)`` over any object whose ``read(n)`` gives bytes (an mmap, a raw stream)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.buffer = bytearray()
        self.done = False

    def readline(self, limit: int) -> bytes:
        while True:
            end = self.buffer.find(b"\n", 0, limit)
            if end >= 0 or len(self.buffer) >= limit or self.done:
                size = end + 1 if end >= 0 else min(limit, len(self.buffer))
                line = bytes(self.buffer[:size])
                del self.buffer[:size]
                return line
            chunk = self.raw.read(1 << 16)
            if not chunk:
                self.done = True
            self.buffer += chunk

    def close(self) -> None:
        pass


class _LastLine:
    """A write target that keeps the last string written (what the csv writer made of a row)."""

    line = ""

    def write(self, text: str) -> int:
        self.line = text
        return len(text)


def split_parts(
    header: Sequence[str], records: Iterator[Sequence[Any]], part_bytes: int, workdir: str
) -> Iterator[Part]:
    """Write records to part files of at most ``part_bytes`` bytes (header included), lazily."""
    last = _LastLine()
    writer = csv.writer(last, lineterminator="\r\n")
    writer.writerow(header)

    def encoded() -> Iterator[bytes]:
        for record in records:
            writer.writerow(record)
            yield last.line.encode("utf-8")

    try:
        head = last.line.encode("utf-8")
    except UnicodeError:
        raise ApiValueError("the header row cannot be written as UTF-8 (it holds a lone surrogate)") from None
    return _cut_bytes(head, encoded(), part_bytes, workdir)


def read_part_rows(part: Part, wanted: set[int]) -> Iterator[tuple[int, list[str]]]:
    """The records of ``part`` whose job row numbers are in ``wanted``, with those numbers."""
    if not wanted:
        return  # most parts: nothing failed, nothing to read back
    last = max(wanted)
    with open(part.path, encoding="utf-8", newline="") as fh, contextlib.suppress(csv.Error):
        # A row csv cannot read (a field over csv.field_size_limit) ends the read-back; the rows not
        # read are reported without their values.
        reader = csv.reader(fh)
        next(reader, None)
        for job_row, record in enumerate(reader, start=2):
            if job_row in wanted:
                yield job_row, record
            if job_row >= last:
                return
