"""Reading a load's input as CSV records and cutting it into job files under the size limit.

Parts are cut at record boundaries (a quoted value may span lines) and written to files in a
work directory, so memory stays small whatever the input size, and a part can be re-read to
retry its upload or to copy out its failed rows.
"""

from __future__ import annotations

import csv
import io
import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from zuora_sdk.bodies import csv_records
from zuora_sdk.exceptions import ApiTypeError, ApiValueError


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
