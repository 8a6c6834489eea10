"""The loader's cutter alone: a CSV file cut into part files under 15 MB (and the files removed as
they come, as the loader does), in MB/s of input, against hand-written cutters in the same run.

    python bench/bench_cutter.py [--quick] [--rows N] [--runs N]

Two inputs of the same rows: quote-free, and with every tenth row's name quoted, holding a comma,
doubled quotes and a line break. Baselines:

- quote-free: a plain block cutter (1 MiB reads, each part cut at the last line end under the
  limit), which knows nothing of quotes, row numbers or UTF-8: about as fast as Python cuts a file;
- quoted: a line cutter that counts quotes so a record's line breaks stay in one part (the
  shortest correct hand-written cutter for such input).

The cutter also numbers rows, checks UTF-8, and computes each part's CRC; its samples and the
baseline's alternate in one process, the file in the page cache (one pass of each first).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (
    REPO,
    Row,
    data_dir,
    interleaved,
    median,
    parser,
    ratio_spread,
    report,
    spread,
    vehicle_csv_rows,
)

PART_BYTES = 15 * 1024 * 1024  # Zuora's limit per job file
TARGET_MB_S = 250.0
BLOCK = 1 << 20


def cut_with_loader(path: Path, workdir: str) -> int:
    from zuora_sdk.workflows.parts import open_input

    rows = 0
    with open_input(path, PART_BYTES) as data:
        for part in data.parts(workdir):
            rows += part.rows
            os.remove(part.path)
    return rows


class _Parts:
    """Part files written by the hand-written cutters: the header first, removed once closed."""

    def __init__(self, workdir: str, header: bytes) -> None:
        self.workdir, self.header = workdir, header
        self.out: IO[bytes] | None = None
        self.index = self.size = 0

    def write(self, data: bytes) -> None:
        if self.out is None:
            self.out = open(os.path.join(self.workdir, f"part-{self.index}.csv"), "wb")  # noqa: SIM115
            self.size = self.out.write(self.header)
        self.size += self.out.write(data)

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            os.remove(self.out.name)
            self.out, self.index = None, self.index + 1


def cut_in_blocks(path: Path, workdir: str) -> int:
    """Whole lines a block at a time, each part cut at the last line end that fits."""
    with open(path, "rb") as fh:
        parts = _Parts(workdir, fh.readline())
        room = PART_BYTES - len(parts.header)
        carry = b""
        while True:
            block = fh.read(BLOCK)
            data = carry + block
            end = len(data) if not block else data.rfind(b"\n") + 1
            carry, pos = data[end:], 0
            while pos < end:
                free = room - (parts.size - len(parts.header) if parts.out is not None else 0)
                cut = end if end - pos <= free else data.rfind(b"\n", pos, pos + free) + 1
                if cut <= pos:
                    parts.close()
                    continue
                parts.write(data[pos:cut])
                pos = cut
            if not block:
                break
        parts.close()
    return 0


def cut_counting_quotes(path: Path, workdir: str) -> int:
    """Line by line; a record goes on while the quotes seen in it are odd in number."""
    with open(path, "rb") as fh:
        parts = _Parts(workdir, fh.readline())
        record: list[bytes] = []
        quotes = 0
        for line in fh:
            record.append(line)
            quotes += line.count(b'"')
            if quotes % 2:
                continue
            data = b"".join(record) if len(record) > 1 else line
            record, quotes = [], 0
            if parts.out is not None and parts.size + len(data) > PART_BYTES:
                parts.close()
            parts.write(data)
        parts.close()
    return 0


def rate(cut: Callable[[Path, str], int], path: Path, size: int) -> Callable[[], dict[str, float]]:
    """A sample: MB/s of wall time and MB/s of this process's CPU time (user and system)."""

    def sample() -> dict[str, float]:
        with tempfile.TemporaryDirectory(prefix="bench-cut-", dir=data_dir()) as workdir:
            wall, cpu = time.perf_counter(), time.process_time()
            cut(path, workdir)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return {"wall": size / 1e6 / wall, "cpu": size / 1e6 / cpu}

    return sample


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, help="rows per input (default 2,000,000; 20,000 with --quick)")
    p.add_argument("--runs", type=int, help="samples per side (default 5; 3 with --quick)")
    args = p.parse_args(argv)
    rows = args.rows or (20_000 if args.quick else 2_000_000)
    runs = args.runs or (3 if args.quick else 5)
    sys.path.insert(0, str(REPO))

    table: list[Row] = []
    notes: list[str] = []
    cases = [
        ("quote-free", 0.0, "a plain block cutter", cut_in_blocks),
        ("10% of rows quoted with a comma and a line break", 0.1, "a quote-counting line cutter", cut_counting_quotes),
    ]
    for label, quoted, baseline_name, baseline in cases:
        path = vehicle_csv_rows(rows, quoted=quoted)
        size = path.stat().st_size
        sides = {"ours": rate(cut_with_loader, path, size), "baseline": rate(baseline, path, size)}
        for sample in sides.values():
            sample()  # the file into the page cache, the code warmed up
        samples = interleaved(runs, sides)
        metric = f"cut {rows:,} rows ({size / 1e6:.0f} MB), {label}"
        for clock, what in (("cpu", "MB/s of CPU time"), ("wall", "MB/s of wall time")):
            ours = [s[clock] for s in samples["ours"]]
            base = [s[clock] for s in samples["baseline"]]
            print(f"  {label}, {what}: ours {spread(ours, 'MB/s')}, baseline {spread(base, 'MB/s')}", flush=True)
            targeted = not quoted and clock == "cpu"
            table.append(Row(
                f"{metric}: {what}", median(ours), median(base), "MB/s",
                f"≥ {TARGET_MB_S:.0f} MB/s" if targeted else "", (median(ours) >= TARGET_MB_S) if targeted else None,
                note=f"ours {spread(ours, 'MB/s')}, {baseline_name} {spread(base, 'MB/s')}; "
                     f"ratio per pair {ratio_spread(ours, base)}",
            ))
    notes.append(f"parts of at most {PART_BYTES:,} bytes written to disk and removed as they come; "
                 f"{runs} interleaved samples per side, medians in the table; CPU time is the cutting process's "
                 "user and system time, the fairer figure on a shared machine (wall time also counts waiting "
                 "for a CPU)")
    report(table, args, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
