"""Reading an uploaded CSV file as it streams in: header checks, per-row validation, row errors.

Row numbers count CSV records, not physical lines: the header is row 1 and the first data record
row 2, and a quoted value spanning several lines is still one row. Blank lines are skipped and
not numbered.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import codes
from .fields import PARSERS, InvalidValue, ObjectDefinition, Value
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


@dataclass
class Change:
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


def text_stream(raw: io.RawIOBase) -> io.TextIOWrapper:
    """UTF-8 text (a leading byte-order mark is skipped), newlines kept for the csv module."""
    return io.TextIOWrapper(io.BufferedReader(raw, CHUNK), encoding="utf-8-sig", errors="strict", newline="")


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
        _check_rows(reader, result, definition, operation, keep)
    except UnicodeDecodeError as exc:
        raise FileRejected(f"The file is not valid UTF-8 ({exc.reason} near line {reader.line_num + 1}).") from None
    except csv.Error as exc:
        raise FileRejected(f"The file is not valid CSV: {exc} (line {reader.line_num}).") from None
    finally:
        text.detach()
    return result


def _check_rows(
    reader: Any, result: ParsedFile, definition: ObjectDefinition, operation: str, keep: bool
) -> None:
    columns = result.columns
    width = len(columns)
    plan: list[tuple[str, Callable[[str], Any] | None]] = []
    id_index = -1
    for index, name in enumerate(columns):
        if name in ID_COLUMNS:
            id_index = index
            plan.append(("Id", None))
        else:
            spec = definition.fields[name]
            plan.append((name, None if spec.type == "string" else PARSERS[spec.type]))
    required = [name for name, spec in definition.fields.items() if spec.required]
    object_name = definition.name
    errors = result.errors
    changes = result.changes
    row = 1
    for values in reader:
        if not values:
            continue  # a blank line
        row += 1
        problems: list[tuple[int, str]] = []
        if len(values) != width:
            problems.append((codes.ROW_INVALID_VALUE, f"Expected {width} values but found {len(values)}."))
        typed: dict[str, Value] = {}
        for (name, parse), value in zip(plan, values, strict=False):
            if value == "":
                typed[name] = None
            elif parse is None:
                typed[name] = value
            else:
                try:
                    typed[name] = parse(value)
                except InvalidValue as exc:
                    problems.append((codes.ROW_INVALID_VALUE, f"{name}: the value {value!r} {exc}."))
        for name in required:
            if typed.get(name) is None:
                problems.append((codes.ROW_MISSING_REQUIRED, f"{name} is required."))
        record_id = None
        if id_index >= 0:
            given = typed.pop("Id", None)
            record_id = given if isinstance(given, str) else None
            if record_id is None:
                problems.append((codes.ROW_MISSING_REQUIRED, "Id is required to update a record."))
        if problems:
            errors.append(row_error(row, problems, object_name, columns, values))
        elif keep:
            changes.append(Change(row, record_id, typed, values))
    result.rows = row - 1


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
