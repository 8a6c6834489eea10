"""Helpers shared by the benchmark scripts: result rows and the table, child processes, memory
figures, generated data and a simulator running in a process of its own.

Every script imports this module by path (``bench/`` is not a package), so it keeps to the
standard library and never imports ``zuora_sdk`` itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "_data"
# Generated CSVs use the default `vehicle` object's fields (zuora_sdk/testing/fields.py).
CSV_HEADER = "Name__c,Make__c,Year__c,Price__c,Active__c\n"
MB = 1024 * 1024
T = TypeVar("T")


@dataclass
class Row:
    """One line of the results table. ``ratio`` is ours / baseline unless the metric says otherwise."""

    metric: str
    ours: float
    baseline: float | None
    unit: str
    target: str = ""
    met: bool | None = None
    ratio: float | None = None
    reference: float | None = None  # the official zuora-sdk, when measured
    note: str = ""
    compare: bool = True  # False where the target is absolute and a ratio means nothing (near-zero baselines)

    def __post_init__(self) -> None:
        if self.ratio is None and self.baseline and self.compare:
            self.ratio = self.ours / self.baseline


def data_dir() -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    return DATA


def child_env(**overrides: str) -> dict[str, str]:
    """The environment for child Pythons: the repo importable, whether or not it is installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.update(overrides)
    return env


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="small sizes: a few seconds in all")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON (used by run_all.py)")
    return p


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{value:.2f}x" if value >= 0.01 else "< 0.01x"
    magnitude = abs(value)
    text = f"{value:,.0f}" if magnitude >= 100 else f"{value:.1f}" if magnitude >= 10 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def format_table(rows: Sequence[Row]) -> str:
    """A Markdown table, readable in a terminal and pasteable into docs/performance.md."""
    with_reference = any(r.reference is not None for r in rows)
    header = ["metric", "ours", "baseline", "ratio", "target", "met?"]
    if with_reference:
        header.insert(3, "official zuora-sdk")
    lines = [header]
    for r in rows:
        met = "—" if r.met is None else ("yes" if r.met else "NO")
        cells = [r.metric, fmt(r.ours, r.unit), fmt(r.baseline, r.unit), fmt(r.ratio, "ratio"), r.target or "—", met]
        if with_reference:
            cells.insert(3, fmt(r.reference, r.unit))
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

    def render(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [render(lines[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [render(line) for line in lines[1:]]
    return "\n".join(out)


def report(rows: Sequence[Row], args: argparse.Namespace, notes: Sequence[str] = ()) -> None:
    print()
    print(format_table(rows))
    for note in [*notes, *(f"{r.metric}: {r.note}" for r in rows if r.note)]:
        print(f"  - {note}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": [asdict(r) for r in rows], "notes": list(notes)}, indent=1))


def rows_from_json(path: Path) -> tuple[list[Row], list[str]]:
    payload = json.loads(path.read_text())
    return [Row(**r) for r in payload["rows"]], list(payload.get("notes", []))


# -- memory ------------------------------------------------------------------------------------
def proc_status_kb(name: str) -> int:
    """A line of /proc/self/status in kB (VmRSS, VmHWM), or 0 where there is no /proc."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0), so a later VmHWM is the peak of what follows."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (all its threads), or 0.0 without /proc."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    # Fields 14 and 15 of the stat line (utime, stime); the split starts at field 3.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_child(argv: Sequence[str], **kwargs: Any) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Run a child to completion: (wall seconds, its own peak RSS in bytes, the completed process).

    ``os.wait4`` gives this child's rusage alone; RUSAGE_CHILDREN would give the maximum over every
    child waited for so far.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    # Read the pipes after the exit: the children here print a line or two, far below the pipe buffer.
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = proc.stdout.read() if proc.stdout else ""
    stderr = proc.stderr.read() if proc.stderr else ""
    for pipe in (proc.stdout, proc.stderr):
        if pipe:
            pipe.close()
    done = subprocess.CompletedProcess(list(argv), proc.returncode, stdout, stderr)
    return elapsed, usage.ru_maxrss * 1024, done


def check(done: subprocess.CompletedProcess[str]) -> str:
    if done.returncode != 0:
        raise SystemExit(f"child {done.args!r} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


# -- a simulator (or a sink) in its own process ------------------------------------------------
@dataclass
class Server:
    base_url: str
    access_token: str
    process: subprocess.Popen[str]


@contextlib.contextmanager
def server_process(argv: Sequence[str]) -> Iterator[Server]:
    """Start a server that prints ``ZUORA_HOST=...`` and ``ZUORA_ACCESS_TOKEN=...``; stop it after."""
    proc = subprocess.Popen(
        list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(), cwd=REPO
    )
    try:
        found: dict[str, str] = {}
        assert proc.stdout is not None
        while not {"ZUORA_HOST", "ZUORA_ACCESS_TOKEN"} <= found.keys():
            line = proc.stdout.readline()
            if not line:
                err = proc.stderr.read() if proc.stderr else ""
                raise SystemExit(f"server {argv!r} exited before it was ready:\n{err[-3000:]}")
            key, _, value = line.strip().partition("=")
            found[key] = value
        yield Server(found["ZUORA_HOST"], found["ZUORA_ACCESS_TOKEN"], proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdout, proc.stderr):
            if pipe:
                pipe.close()


def simulator_process(*options: str) -> contextlib.AbstractContextManager[Server]:
    """``python -m zuora_sdk.testing`` on a free port, without the 15 MB file limit, storing no records."""
    argv = [sys.executable, "-m", "zuora_sdk.testing", "--port", "0", "--max-file-bytes", "0", "--no-store-records"]
    return server_process([*argv, *options])


# -- generated data ----------------------------------------------------------------------------
_MAKES = ("Tesla", "Ford", "Toyota", "Honda", "BMW", "Audi", "Kia", "Volvo", "Renault", "Skoda")


def vehicle_lines(count: int, seed: int) -> list[str]:
    """``count`` valid CSV lines for `vehicle`, varied so gzip sees realistic (not repeated) text."""
    rng = random.Random(seed)
    rand, choice = rng.randrange, rng.choice
    return [
        f"Model {rand(10**7)},{choice(_MAKES)},{rand(1990, 2026)},{rand(5000, 150000)}.{rand(100):02d},"
        f"{'true' if rand(2) else 'false'}\n"
        for _ in range(count)
    ]


def vehicle_csv(size_mb: float) -> Path:
    """A CSV of about ``size_mb`` MiB under bench/_data, made once and reused by later runs."""
    target = int(size_mb * MB)
    path = data_dir() / f"vehicles-{target}.csv"
    if path.exists() and path.stat().st_size >= target:
        return path
    partial = path.with_suffix(".partial")
    written = 0
    with open(partial, "w", encoding="utf-8", newline="") as fh:
        written += fh.write(CSV_HEADER)
        block = 0
        while written < target:
            text = "".join(vehicle_lines(50_000, seed=block))
            if written + len(text) > target:  # end on a whole row
                text = text[: text.rfind("\n", 0, target - written) + 1] or text[: text.find("\n") + 1]
            written += fh.write(text)
            block += 1
    partial.replace(path)
    return path


def vehicle_csv_rows(rows: int, quoted: float = 0.0) -> Path:
    """A CSV of exactly ``rows`` data rows under bench/_data, made once and reused by later runs.

    ``quoted``: the share of rows whose name is quoted and holds a comma, doubled quotes and a
    line break (every tenth row for 0.1), the rest as :func:`vehicle_lines` makes them.
    """
    every = round(1 / quoted) if quoted else 0
    path = data_dir() / (f"vehicles-{rows}-rows.csv" if not every else f"vehicles-{rows}-rows-quoted-{every}.csv")
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8", newline="") as fh:
        fh.write(CSV_HEADER)
        for block, start in enumerate(range(0, rows, 50_000)):
            lines = vehicle_lines(min(50_000, rows - start), seed=block)
            if every:
                for i in range(0, len(lines), every):
                    name, rest = lines[i].split(",", 1)
                    lines[i] = f'"{name}, ""LR""\nlong range",{rest}'
            fh.write("".join(lines))
    partial.replace(path)
    return path


def interleaved(runs: int, sides: dict[str, Callable[[], T]]) -> dict[str, list[T]]:
    """``runs`` samples of every side, taken in turns (the order reversed every other turn), so a
    machine getting busier or quieter weighs on every side alike."""
    samples: dict[str, list[T]] = {name: [] for name in sides}
    names = list(sides)
    for i in range(runs):
        for name in names if i % 2 == 0 else reversed(names):
            samples[name].append(sides[name]())
    return samples


def spread(values: Sequence[float], unit: str = "") -> str:
    """Median and range of samples, as printed in the notes: ``12.3 (11.9-13.0, n=5)``."""
    return f"{fmt(median(values), unit)} ({fmt(min(values))}-{fmt(max(values), unit)}, n={len(values)})"


def ratio_spread(ours: Sequence[float], baseline: Sequence[float], higher_is_better: bool = True) -> str:
    """The ratio of each interleaved pair of samples: median and range."""
    pairs = [(o / b if higher_is_better else b / o) for o, b in zip(ours, baseline, strict=True)]
    return f"{median(pairs):.2f}x ({min(pairs):.2f}-{max(pairs):.2f}x over {len(pairs)} pairs)"



def child_result(argv: Sequence[str]) -> dict[str, Any]:
    """Run a benchmark's child process; its last output line is a JSON result, to which its peak RSS is added."""
    _, maxrss, done = run_child(argv, env=child_env(), cwd=REPO)
    result: dict[str, Any] = json.loads(check(done).strip().splitlines()[-1])
    result["maxrss_mb"] = maxrss / MB
    return result
