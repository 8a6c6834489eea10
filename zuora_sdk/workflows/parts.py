"""Reading a load's input as CSV records and cutting it into job files under the size limit.

Parts are cut at record boundaries (a quoted value may span lines) and written to files in a
work directory, so memory stays small whatever the input size, and a part can be re-read to
retry its upload or to copy out its failed rows.

A CSV file or CSV bytes are cut as bytes, records copied as they are: a record ends at a line
end outside quotes. Other inputs (file objects, rows) are read as CSV records and written out.
"""

from __future__ import annotations

import csv
import io
import os
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
    if isinstance(source, (str, os.PathLike)):
        try:
            fh = open(source, "rb")  # noqa: SIM115 - closed by LoadInput.close
        except OSError as exc:
            raise ApiValueError(f"source: cannot read {os.fspath(source)!r}: {exc.strerror}") from None
    elif isinstance(source, (bytes, bytearray, memoryview)):
        fh = io.BytesIO(source)
    else:
        header, rows = open_records(source, fieldnames)
        return LoadInput(header, lambda workdir: split_parts(header, rows, part_bytes, workdir))
    try:
        records = _byte_records(fh, part_bytes)
        head = next(records, b"")
        if head.startswith(_BOM):
            head = head[len(_BOM):]
        if b"\r" in head.rstrip(b"\r\n"):
            # Lines end with a lone CR (or the header holds one): read it as CSV text instead.
            fh.seek(0)
            header, rows = _take_header(_detaching(io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")))
            return LoadInput(header, lambda workdir: split_parts(header, rows, part_bytes, workdir), fh)
        header = _parse_header(head)
    except BaseException:
        fh.close()
        raise
    return LoadInput(header, lambda workdir: _cut_bytes(head, records, part_bytes, workdir), fh)


_BOM = b"\xef\xbb\xbf"
_BATCH = 1 << 18  # bytes of records checked and written at a time


def _byte_records(fh: IO[bytes], limit: int) -> Iterator[bytes]:
    """Each record of a CSV file as bytes, its line end included: a record goes on over lines while
    a quote is open. A record longer than ``limit`` is cut short there (so memory stays bounded);
    the caller refuses it."""
    pending: list[bytes] = []
    size = quotes = 0
    for line in iter(lambda: fh.readline(limit + 1), b""):
        if pending:
            pending.append(line)
            size += len(line)
            quotes += line.count(b'"')
            if quotes % 2 == 0 or size > limit:
                yield b"".join(pending)
                pending = []
        elif b'"' in line and line.count(b'"') % 2:
            pending = [line]
            size, quotes = len(line), line.count(b'"')
        else:
            yield line
    if pending:
        yield b"".join(pending)  # a quote left open at the end: the service reports that row


def _parse_header(head: bytes) -> list[str]:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiValueError("source: the header row is not valid UTF-8") from None
    return _take_header(csv.reader(io.StringIO(text, newline="")))[0]


def _cut_bytes(head: bytes, records: Iterator[bytes], part_bytes: int, workdir: str) -> Iterator[Part]:
    """``split_parts`` for records already in bytes: the same parts, the records copied as they are."""
    if not head.endswith(b"\n"):
        head += b"\r\n"  # a header at the very end of the input: no records follow
    if len(head) >= part_bytes:
        raise ApiValueError(f"the header row alone ({len(head)} bytes) does not fit in a part of {part_bytes} bytes")
    index = 0
    row = 1
    part: _PartWriter | None = None
    for record in records:
        row += 1
        if len(head) + len(record) > part_bytes:
            raise ApiValueError(
                f"input row {row} is {len(record)} bytes or more: with the header it does not fit in a part of "
                f"{part_bytes} bytes"
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
                    f"input row {first + offset} is not valid UTF-8 (byte {exc.start} of the row)"
                ) from None

    def close(self) -> Part:
        self._flush()
        self.out.close()
        return Part(self.index, self.first_row, self.rows, self.path, self.size, self.crc)


def open_records(source: Any, fieldnames: Sequence[str] | None = None) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and an iterator over the data records of a load's input.

    ``source`` is a path (``str`` or ``os.PathLike``), CSV ``bytes``, a binary or text file object,
    or an iterable of rows (dicts or sequences, as for uploads).
    """
    records: Iterator[list[Any]]
    if isinstance(source, (str, os.PathLike)):
        records = _path_records(source)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        records = iter(csv.reader(io.StringIO(bytes(source).decode("utf-8-sig"), newline="")))
    elif hasattr(source, "read"):
        records = _file_records(source)
    elif isinstance(source, Iterable):
        records = csv_records(source, fieldnames)
    else:
        raise ApiTypeError(
            f"source must be a path, CSV bytes, a file object or an iterable of rows, not {type(source).__name__}"
        )
    return _take_header(records)


def _take_header(records: Iterator[list[Any]]) -> tuple[list[str], Iterator[list[Any]]]:
    header = next(records, None)
    if not header or not any(str(name).strip() for name in header):
        raise ApiValueError("source has no CSV header row")
    return [str(name) for name in header], records


def _path_records(path: str | os.PathLike[str]) -> Iterator[list[str]]:
    try:
        fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed when the generator ends
    except OSError as exc:
        raise ApiValueError(f"source: cannot read {os.fspath(path)!r}: {exc.strerror}") from None
    return _closing(fh, csv.reader(fh))


def _closing(fh: IO[str], reader: Iterator[list[str]]) -> Iterator[list[str]]:
    with fh:
        yield from reader


def _file_records(fh: IO[Any]) -> Iterator[list[str]]:
    if isinstance(fh, io.TextIOBase) or "b" not in getattr(fh, "mode", "b"):
        return iter(csv.reader(fh))
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    return _detaching(text)


def _detaching(text: io.TextIOWrapper) -> Iterator[list[str]]:
    try:
        yield from csv.reader(text)
    finally:
        text.detach()  # the caller's file stays open


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
    head = last.line.encode("utf-8")
    if len(head) >= part_bytes:
        raise ApiValueError(f"the header row alone ({len(head)} bytes) does not fit in a part of {part_bytes} bytes")
    index = 0
    row = 1
    out: IO[bytes] | None = None
    path = ""
    size = crc = rows = first = 0
    for record in records:
        row += 1
        writer.writerow(record)
        line = last.line.encode("utf-8")
        if len(head) + len(line) > part_bytes:
            raise ApiValueError(
                f"input row {row} is {len(line)} bytes: with the header it does not fit in a part of {part_bytes} bytes"
            )
        if out is not None and size + len(line) > part_bytes:
            out.close()
            yield Part(index, first, rows, path, size, crc)
            index += 1
            out = None
        if out is None:
            path = os.path.join(workdir, f"part-{index:05d}.csv")
            out = open(path, "wb")  # noqa: SIM115 - closed when the part is complete
            out.write(head)
            size, crc, rows, first = len(head), zlib.crc32(head), 0, row
        out.write(line)
        size += len(line)
        crc = zlib.crc32(line, crc)
        rows += 1
    if out is not None:
        out.close()
        yield Part(index, first, rows, path, size, crc)


def read_part_rows(part: Part, wanted: set[int]) -> Iterator[tuple[int, list[str]]]:
    """The records of ``part`` whose job row numbers are in ``wanted``, with those numbers."""
    if not wanted:
        return  # most parts: nothing failed, nothing to read back
    last = max(wanted)
    with open(part.path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        for job_row, record in enumerate(reader, start=2):
            if job_row in wanted:
                yield job_row, record
            if job_row >= last:
                return
