"""What people see while a job or a load runs: progress lines and counts in words.

``wait_for_job`` and ``BulkLoader`` show progress by themselves only when someone is watching:
a bar when tqdm is installed, otherwise an updating display in a notebook or a line rewritten in
place when stderr is a terminal. Scripts, pipes and CI see nothing unless they pass
``on_progress``; ``ZUORA_PROGRESS=0`` turns the default off. Nothing here is imported by
``import zuora_sdk``, and tqdm and IPython are only used when they are already there.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from zuora_sdk._core.wording import duration, plural

if TYPE_CHECKING:
    from zuora_sdk.models import CustomObjectBulkJobResponse
    from zuora_sdk.workflows.report import LoadProgress

Clock = Callable[[], float]


class StatusLine:
    """One status line on ``stream``.

    On a terminal the line is redrawn in place, at most every ``interval`` seconds. Elsewhere (a
    pipe, a log file) a line is written only when the text changed, at most every
    ``quiet_interval`` seconds, so a log gets a few lines, not one per poll. A ``final`` text is
    always written (unless it was the last one written) and ends the line.
    """

    def __init__(
        self, stream: TextIO, *, clock: Clock = time.monotonic, interval: float = 0.1, quiet_interval: float = 5.0,
        enabled: bool = True,
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.clock = clock
        self.tty = _isatty(stream)
        self.interval = interval if self.tty else quiet_interval
        self.written: str | None = None  # the text on screen (or last written)
        self.written_at: float | None = None
        self.held: str | None = None  # a newer text not written yet (too soon)
        self.open = False  # a terminal line without its newline yet

    def show(self, text: str, final: bool = False) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if text == self.written:
            self.held = None
        elif final or self.written_at is None or now - self.written_at >= self.interval:
            self._write(text, now)
        else:
            self.held = text
        if final:
            self.close()

    def close(self) -> None:
        """Write a text held back and end the line."""
        if self.held is not None:
            self._write(self.held, self.clock())
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False

    def _write(self, text: str, now: float) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K" + text)
            self.open = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.written, self.written_at, self.held = text, now, None


class LoadMeter:
    """Turns ``LoadProgress`` into a line: percent (when the number of input rows is known),
    rows per second, time elapsed and an estimate of the time left."""

    def __init__(self, total_rows: int | None = None, clock: Clock = time.monotonic) -> None:
        self.total_rows = total_rows
        self.clock = clock
        self.started = clock()

    def percent(self, progress: LoadProgress) -> int | None:
        if progress.event == "load finished":
            return 100
        if not self.total_rows:
            return None
        return min(99, progress.records_processed * 100 // self.total_rows)

    def rate(self, progress: LoadProgress) -> float:
        elapsed = self.clock() - self.started
        return progress.records_processed / elapsed if elapsed > 0 else 0.0

    def text(self, progress: LoadProgress) -> str:
        percent = self.percent(progress)
        processed = f"{progress.records_processed:,}"
        if self.total_rows and progress.event != "load finished":
            processed += f"/{self.total_rows:,}"
        head = f"{percent}% " if percent is not None else ""
        parts = [f"{head}{processed} {'row' if progress.records_processed == 1 else 'rows'} processed"
                 f" ({progress.rows_read:,} read, {progress.rows_failed:,} failed)",
                 f"{plural(progress.active_jobs, 'job')} running, {progress.parts_done:,} done"]
        elapsed = self.clock() - self.started
        rate = self.rate(progress)
        if rate > 0:
            parts.append(f"{plural(round(rate), 'row')}/s")
        timing = f"{duration(elapsed)} elapsed"
        if self.total_rows and rate > 0 and progress.event != "load finished":
            left = max(0, self.total_rows - progress.records_processed) / rate
            timing += f", about {duration(left)} left"
        parts.append(timing)
        return " · ".join(parts)


def job_text(job: CustomObjectBulkJobResponse, elapsed: float | None = None) -> str:
    """``job 5d0f…: in_progress, 1,200 records processed · 0:07``."""
    status = str(job.status) if job.status is not None else "unknown status"
    if status == "pending":
        status += " (waiting for its file)"
    text = f"job {job.id}: {status}, {plural(job.records_processed, 'record')} processed"
    return text if elapsed is None else f"{text} · {duration(elapsed)}"


# ----- shown by default when someone watches -----------------------------------------------------


def switched_off() -> bool:
    """``ZUORA_PROGRESS=0`` (or ``off``, ``false``, ``no``): show no progress unless asked by ``on_progress``."""
    return os.environ.get("ZUORA_PROGRESS", "").strip().lower() in ("0", "off", "false", "no")


def watching() -> str | None:
    """How progress is shown by default: ``"tqdm"``, ``"notebook"``, ``"terminal"``, or ``None``
    (nobody watching: a script, a pipe, CI, or ``ZUORA_PROGRESS=0``)."""
    if switched_off():
        return None
    notebook = _in_notebook()
    if not notebook and not _isatty(sys.stderr):
        return None
    if importlib.util.find_spec("tqdm") is not None:
        return "tqdm"
    return "notebook" if notebook else "terminal"


def default_job_progress() -> Callable[[CustomObjectBulkJobResponse], None] | None:
    """The ``on_progress`` that ``wait_for_job`` uses when none is given: ``None`` when nobody watches."""
    how = watching()
    if how is None:
        return None
    sink = _sink(how, unit="record")
    started = time.monotonic()

    def show(job: CustomObjectBulkJobResponse) -> None:
        final = str(job.status) in ("completed", "failed", "cancelled")
        sink.show(job_text(job, time.monotonic() - started), job.records_processed or 0, None, final)

    return show


def default_load_progress() -> Callable[[LoadProgress], None] | None:
    """The ``on_progress`` that ``BulkLoader`` uses when none is given: ``None`` when nobody watches."""
    how = watching()
    if how is None:
        return None
    sink = _sink(how, unit="row")
    meter: LoadMeter | None = None

    def show(progress: LoadProgress) -> None:
        nonlocal meter
        meter = meter or LoadMeter()  # one per load: a loader may run several
        final = progress.event == "load finished"
        sink.show(meter.text(progress), progress.records_processed, None, final)
        if final:
            meter = None

    return show


class _Sink:
    def show(self, text: str, count: int, total: int | None, final: bool) -> None:
        raise NotImplementedError


class _LineSink(_Sink):
    def __init__(self, stream: TextIO) -> None:
        self.line = StatusLine(stream)

    def show(self, text: str, count: int, total: int | None, final: bool) -> None:
        self.line.show(text, final)


class _NotebookSink(_Sink):
    """An output area updated in place, at most five times a second."""

    def __init__(self) -> None:
        self.handle: Any = None
        self.shown_at = 0.0

    def show(self, text: str, count: int, total: int | None, final: bool) -> None:
        now = time.monotonic()
        if self.handle is not None and not final and now - self.shown_at < 0.2:
            return
        self.shown_at = now
        display = importlib.import_module("IPython.display")
        view = _Text(text)
        if self.handle is None:
            self.handle = display.display(view, display_id=True)
        else:
            self.handle.update(view)


class _Text:
    """A line of text for a notebook: plain, and as HTML."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f"<code>{html.escape(self.text)}</code>"


class _TqdmSink(_Sink):
    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.bar: Any = None

    def show(self, text: str, count: int, total: int | None, final: bool) -> None:
        if self.bar is None:
            tqdm = importlib.import_module("tqdm.auto").tqdm
            self.bar = tqdm(total=total, unit=f" {self.unit}s", leave=True)
        self.bar.total = total
        self.bar.n = count
        self.bar.set_postfix_str(text.split(" · ", 1)[0], refresh=False)
        self.bar.refresh()
        if final:
            self.bar.close()
            self.bar = None


def _sink(how: str, unit: str) -> _Sink:
    if how == "tqdm":
        return _TqdmSink(unit)
    if how == "notebook":
        return _NotebookSink()
    return _LineSink(sys.stderr)


def _in_notebook() -> bool:
    ipython = sys.modules.get("IPython")  # only when it is already loaded: never imported here
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    return shell is not None and hasattr(shell, "kernel")


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):  # a closed or stand-in stream
        return False
