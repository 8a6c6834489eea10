"""Reading an uploaded CSV file as it streams in: header checks, per-row validation, row errors.

Row numbers count CSV records, not physical lines: the header is row 1 and the first data record
row 2, and a quoted value spanning several lines is still one row. Blank lines are skipped and
not numbered.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any, NamedTuple

from . import codes
from .fields import PARSERS, InvalidValue, ObjectDefinition, Value, parse_datetime
from .request_body import CHUNK

ID_COLUMNS = ("Id", "id")


class FileRejected(ValueError):
    """The upload is refused as a whole (400); the job keeps waiting for a file."""


@dataclass
class RowError:
    row: int
    code: int
    message: str
    record: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "row": self.row, "record": self.record}


class Change(NamedTuple):
    """A valid row, waiting for the job to run: values typed, absent columns not yet filled in."""

    row: int
    record_id: str | None  # update: the Id column's value
    values: dict[str, Value]
    raw: list[str]


@dataclass
class ParsedFile:
    columns: list[str] = field(default_factory=list)
    failure: tuple[int, str] | None = None  # the job fails as a whole: (code, message)
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def header_failure(columns: list[str], definition: ObjectDefinition, operation: str) -> tuple[int, str] | None:
    """A header that makes the whole job fail: duplicates, blanks, unknown fields, no Id on update."""
    seen: set[str] = set()
    for name in columns:
        if not name:
            return codes.ROW_INVALID_VALUE, "The CSV header has an empty column name."
        key = "id" if name in ID_COLUMNS else name
        if key in seen:
            return codes.ROW_INVALID_VALUE, f"The CSV header names the field {name} twice."
        seen.add(key)
    has_id = "id" in seen
    if has_id and operation == "create":
        return codes.ROW_UNKNOWN_FIELD, "Id cannot be set on create: remove the Id column."
    unknown = [name for name in columns if name not in ID_COLUMNS and name not in definition.fields]
    if unknown:
        return codes.ROW_UNKNOWN_FIELD, (
            f"Unknown field(s) in the CSV header for object {definition.name}: {', '.join(unknown)}."
        )
    if operation == "update" and not has_id:
        return codes.ROW_MISSING_REQUIRED, "An update file needs an Id column with the Id of each record."
    return None


class _LineCounter(io.BufferedReader):
    """Counts the line feeds handed to the text decoder, so that a decoding error can name its line
    (the decoder reads ahead of the csv reader, whose line count is then behind)."""

    newlines = 0

    def read1(self, size: int = -1, /) -> bytes:
        data = super().read1(size)
        self.newlines += data.count(b"\n")
        return data

    def line_of(self, exc: UnicodeDecodeError) -> int:
        # The decoder fails on the bytes it was just handed: what follows the bad byte in them
        # is the end of what was read so far.
        return self.newlines - exc.object[exc.start:].count(b"\n") + 1


def text_stream(raw: io.RawIOBase) -> io.TextIOWrapper:
    """UTF-8 text (a leading byte-order mark is skipped), newlines kept for the csv module."""
    return io.TextIOWrapper(_LineCounter(raw, CHUNK), encoding="utf-8-sig", errors="strict", newline="")


def parse_upload(raw: io.RawIOBase, definition: ObjectDefinition, operation: str, *, keep: bool) -> ParsedFile:
    """Read and check a whole uploaded file. `keep`: hold the valid rows for the job to apply.

    Raises FileRejected for a file refused as a whole; BodyError from the stream passes through.
    """
    text = text_stream(raw)
    reader = csv.reader(text, strict=True)
    result = ParsedFile()
    try:
        for header in reader:
            if header and any(cell.strip() for cell in header):
                result.columns = [cell.strip() for cell in header]
                break
        else:
            raise FileRejected("The file is empty: a header row is required.")
        result.failure = header_failure(result.columns, definition, operation)
        if result.failure is not None:
            for _ in reader:  # read to the end: the whole file must still be valid UTF-8 and within the limit
                pass
            return result
        _check_rows(reader, result, RowChecker(result.columns, definition, keep))
    except UnicodeDecodeError as exc:
        line = text.buffer.line_of(exc) if isinstance(text.buffer, _LineCounter) else reader.line_num + 1
        raise FileRejected(f"The file is not valid UTF-8 ({exc.reason} on line {line}).") from None
    except csv.Error as exc:
        raise FileRejected(f"The file is not valid CSV: {exc} (line {reader.line_num}).") from None
    finally:
        text.detach()
    return result


BATCH = 2048

# Fast whole-column checks. Each accepts only values the per-row parsers also accept, so a batch
# that passes needs no row-by-row look; a batch that fails is checked row by row for its errors.
_FAST = {
    "integer": re.compile(r"(?:[+-]?[0-9]{1,18})?"),
    "number": re.compile(r"(?:[+-]?(?:[0-9]{1,200}(?:\.[0-9]*)?|\.[0-9]{1,200})(?:[eE][+-]?[0-9]{1,2})?)?"),
    "boolean": re.compile(r"(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])?"),
    "date": re.compile(r"(?:[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))?"),
    "datetime": re.compile(
        r"(?:[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[T ](?:[01][0-9]|2[0-3]):[0-5][0-9]"
        r"(?::[0-5][0-9](?:\.[0-9]{1,9})?)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?)?"
    ),
}
# A record Id: a UUID in its canonical 36-character form, any letter case.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_CONVERT: dict[str, Callable[[str], Value]] = {
    "string": lambda v: v or None,
    "integer": lambda v: int(v) if v else None,
    "number": lambda v: float(v) if v else None,
    "boolean": lambda v: v.lower() == "true" if v else None,
    "date": lambda v: v or None,
    "datetime": lambda v: parse_datetime(v) if v else None,
}


def _column_ok(kind: str, column: tuple[str, ...]) -> bool:
    """Every value of the column is valid for its type (empty values are nulls)."""
    if kind == "string":
        return True
    if kind == "integer":
        joined = "".join(column)
        if joined.isdigit() and joined.isascii() and max(map(len, column)) <= 18:
            return True  # plain digits: the common case, checked without a regex
    distinct = set(column)  # real data repeats itself: check each distinct value once
    if not all(map(_FAST[kind].fullmatch, distinct)):
        return False
    if kind in ("date", "datetime"):
        try:
            for value in distinct:
                if value:
                    date.fromisoformat(value[:10])  # no 2024-02-30
        except ValueError:
            return False
    return True


def _convert(kind: str, column: tuple[str, ...]) -> list[Value]:
    """Typed values of a valid column, each distinct value converted once."""
    convert = _CONVERT[kind]
    table = {value: convert(value) for value in set(column)}
    return list(map(table.__getitem__, column))


class RowChecker:
    """Checks data rows against the object definition, a batch at a time."""

    def __init__(self, columns: list[str], definition: ObjectDefinition, keep: bool) -> None:
        self.columns = columns
        self.width = len(columns)
        self.object_name = definition.name
        self.keep = keep
        self.names = ["Id" if name in ID_COLUMNS else name for name in columns]
        self.types = ["string" if name in ID_COLUMNS else definition.fields[name].type for name in columns]
        self.id_index = self.names.index("Id") if "Id" in self.names else -1
        self.required = [name for name, spec in definition.fields.items() if spec.required]
        self.required_indexes = [self.names.index(name) for name in self.required if name in self.names]
        self.all_required_present = len(self.required_indexes) == len(self.required)
        if self.id_index >= 0:
            self.required_indexes.append(self.id_index)

    def check(self, first_row: int, batch: list[list[str]], result: ParsedFile) -> None:
        columns = self._clean_columns(batch)
        if columns is None:
            for offset, values in enumerate(batch):
                self._check_one(first_row + offset, values, result)
        elif self.keep:
            typed_columns = [_convert(kind, column) for kind, column in zip(self.types, columns, strict=True)]
            names = self.names
            has_id = self.id_index >= 0
            changes = result.changes
            for offset, typed in enumerate(zip(*typed_columns, strict=True)):
                record = dict(zip(names, typed, strict=True))
                record_id = record.pop("Id", None) if has_id else None
                changes.append(Change(first_row + offset, record_id, record, batch[offset]))

    def _clean_columns(self, batch: list[list[str]]) -> list[tuple[str, ...]] | None:
        """The batch's columns when every row is valid, else None."""
        if not self.all_required_present or len(set(map(len, batch))) != 1 or len(batch[0]) != self.width:
            return None
        columns = list(zip(*batch, strict=True))
        for index in self.required_indexes:
            if "" in columns[index]:
                return None
        if self.id_index >= 0 and not all(map(_UUID.fullmatch, set(columns[self.id_index]))):
            return None
        for kind, column in zip(self.types, columns, strict=True):
            if not _column_ok(kind, column):
                return None
        return columns

    def _check_one(self, row: int, values: list[str], result: ParsedFile) -> None:
        problems: list[tuple[int, str]] = []
        if 0 <= self.id_index < len(values) and values[self.id_index] and not _UUID.fullmatch(values[self.id_index]):
            # Zuora's documented error for this row: code and message as its example shows them.
            problems.append((codes.ROW_INVALID_ID, f'input string "{values[self.id_index]}" is not a valid UUID'))
        if len(values) != self.width:
            problems.append((codes.ROW_INVALID_VALUE, f"Expected {self.width} values but found {len(values)}."))
        typed: dict[str, Value] = {}
        for name, kind, value in zip(self.names, self.types, values, strict=False):
            if value == "":
                typed[name] = None
            elif kind == "string":
                typed[name] = value
            else:
                try:
                    typed[name] = PARSERS[kind](value)
                except InvalidValue as exc:
                    problems.append((codes.ROW_INVALID_VALUE, f"{name}: the value {value!r} {exc}."))
        for name in self.required:
            if typed.get(name) is None:
                problems.append((codes.ROW_MISSING_REQUIRED, f"{name} is required."))
        record_id = None
        if self.id_index >= 0:
            given = typed.pop("Id", None)
            record_id = given if isinstance(given, str) else None
            if record_id is None:
                problems.append((codes.ROW_MISSING_REQUIRED, "Id is required to update a record."))
        if problems:
            result.errors.append(row_error(row, problems, self.object_name, self.columns, values))
        elif self.keep:
            result.changes.append(Change(row, record_id, typed, values))


def _check_rows(reader: Iterator[list[str]], result: ParsedFile, checker: RowChecker) -> None:
    row = 2  # the first data row
    while True:
        batch = list(islice(reader, BATCH))
        if not batch:
            break
        if [] in batch:
            batch = [values for values in batch if values]  # blank lines are skipped, not numbered
            if not batch:
                continue
        checker.check(row, batch, result)
        row += len(batch)
    result.rows = row - 2


def row_error(
    row: int, problems: list[tuple[int, str]], object_name: str, columns: list[str], values: list[str]
) -> RowError:
    """One error per failed row: the first problem's code, every problem in the message."""
    record: dict[str, Any] = {"type": object_name}
    for name, value in zip(columns, values, strict=False):
        record["Id" if name in ID_COLUMNS else name] = value
    code = problems[0][0]
    message = " ".join(text for _, text in problems)
    return RowError(row, code, message, record)
