"""What a bulk load reports: each part's job, and every failed row mapped to its input row."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from typing import Any

from zuora_sdk._core.wording import plural

# Codes for rows that Zuora did not report one by one.
JOB_FAILED = "JOB_FAILED"  # the job failed as a whole (a bad header, say)
NOT_LOADED = "NOT_LOADED"  # the part could not be submitted or uploaded, or its job was cancelled


_FAILED_ROW_KEYS = ("input_row", "code", "message")


@dataclass
class FailedRow:
    """A row that was not loaded. ``input_row`` counts like Zuora: the header is row 1."""

    input_row: int
    code: str
    message: str
    values: dict[str, str] | None = None  # the row as it was read from the input
    record: dict[str, Any] | None = None  # the record Zuora reported, when it did


@dataclass
class LoadNotice:
    """Something about the tenant's jobs the load could not settle itself: check ``job_ids``.

    Made when a submit's answer was lost and the job it may have created could not be proven to
    be this load's (so it was neither used nor cancelled), or when a job processed another number
    of records than its part has rows."""

    reason: str
    job_ids: list[str] = field(default_factory=list)
    part: int | None = None


@dataclass
class PartResult:
    """One job of a load: which input rows it carried and how it ended."""

    index: int
    first_row: int
    rows: int
    job_id: str | None = None
    status: str | None = None
    records_processed: int | None = None
    rows_failed: int = 0
    error: str | None = None

    @property
    def last_row(self) -> int:
        return self.first_row + self.rows - 1


@dataclass
class LoadProgress:
    """What a load has done so far, passed to ``on_progress`` after every step."""

    event: str
    rows_read: int = 0
    parts_started: int = 0
    parts_done: int = 0
    active_jobs: int = 0
    records_processed: int = 0
    rows_failed: int = 0


@dataclass(repr=False)
class LoadReport:
    """The outcome of ``BulkLoader.load`` or ``BulkLoader.delete``."""

    object: str
    operation: str
    parts: list[PartResult] = field(default_factory=list)
    failed_rows: list[FailedRow] = field(default_factory=list)
    failed_rows_path: str | None = None
    resumed_parts: int = 0
    notices: list[LoadNotice] = field(default_factory=list)
    api_requests: int = 0  # every request the load sent, retries and reads of job states included

    @property
    def rows_total(self) -> int:
        return sum(part.rows for part in self.parts)

    @property
    def records_processed(self) -> int:
        return sum(part.records_processed or 0 for part in self.parts)

    @property
    def rows_failed(self) -> int:
        return len(self.failed_rows)

    @property
    def rows_loaded(self) -> int:
        return self.rows_total - self.rows_failed

    @property
    def ok(self) -> bool:
        """Every job completed without an error, no row failed, and nothing is left to check."""
        return (
            not self.failed_rows
            and not self.notices
            and all(part.status == "completed" and not part.error for part in self.parts)
        )

    def summary(self) -> str:
        jobs = plural(len(self.parts), "job")
        text = (
            f"{self.operation} {self.object}: {jobs}, {plural(self.rows_total, 'row')} read, "
            f"{self.rows_loaded:,} loaded, {self.rows_failed:,} failed"
        )
        if self.operation == "delete":
            text = f"delete {self.object}: {jobs}, {plural(self.records_processed, 'record')} processed"
        unfinished = [part for part in self.parts if part.status != "completed"]
        if unfinished:
            text += "; not completed: " + ", ".join(
                f"part {part.index} ({part.status or 'not submitted'}{': ' + part.error if part.error else ''})"
                for part in unfinished
            )
        for notice in self.notices:
            text += f"; check job(s) {', '.join(notice.job_ids) or '(none found)'}: {notice.reason}"
        return text

    def failed_rows_records(self) -> list[dict[str, Any]]:
        """Every failed row as a dict, in input order: ``input_row``, ``code``, ``message``, then
        the row's values as read (a column named like one of the first three gets `` (input)``)."""
        records = []
        for row in sorted(self.failed_rows, key=lambda failed: failed.input_row):
            record: dict[str, Any] = {"input_row": row.input_row, "code": row.code, "message": row.message}
            for name, value in (row.values or {}).items():
                record[f"{name} (input)" if name in _FAILED_ROW_KEYS else name] = value
            records.append(record)
        return records

    def failed_rows_frame(self) -> Any:
        """:meth:`failed_rows_records` as a pandas DataFrame (``ImportError`` with the install
        command when pandas is missing)."""
        from zuora_sdk._core.dataframes import data_frame

        return data_frame(self.failed_rows_records(), None if self.failed_rows else _FAILED_ROW_KEYS)

    def __repr__(self) -> str:
        # A report can hold millions of failed rows: its repr is the summary.
        return f"<LoadReport {self.summary()}>"

    def _repr_html_(self) -> str:
        from zuora_sdk._core.html_table import records_table, table

        parts = table(
            ("part", "input rows", "job", "status", "processed", "failed", "error"),
            ((p.index, f"{p.first_row}-{p.last_row}" if p.rows else "", p.job_id, p.status or "not submitted",
              p.records_processed, p.rows_failed, p.error) for p in self.parts),
            f"{self.summary()} ({plural(self.api_requests, 'API request')})", len(self.parts),
        )
        if not self.failed_rows:
            return parts
        return parts + records_table(self.failed_rows_records(), f"failed rows ({self.rows_failed:,})")

    def write_errors_csv(self, path: str | os.PathLike[str]) -> None:
        """Write ``input_row,code,message`` for every failed row, in input order (owner-only: the
        messages quote row values)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["input_row", "code", "message"])
            for row in sorted(self.failed_rows, key=lambda failed: failed.input_row):
                writer.writerow([row.input_row, row.code, row.message])
