"""Run every benchmark, each in its own process, and print one table of all their figures.

    python bench/run_all.py [--quick] [--no-official] [--upload-size-mb N] [--loader-rows N]

``--quick`` is passed on to every script (small sizes, seconds in all). The official ``zuora-sdk``
reference column is measured in a full run (it takes about a minute: its import alone takes
seconds) unless ``--no-official`` is given; never with ``--quick``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import DATA, REPO, Row, child_env, data_dir, format_table, parser, rows_from_json

SCRIPTS = (
    "bench_import.py", "bench_call.py", "bench_upload.py", "bench_cutter.py", "bench_loader.py", "bench_slots.py"
)


def machine() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        cpu = ""
    return (f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs{f' ({cpu})' if cpu else ''}")


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--no-official", action="store_true", help="skip the official zuora-sdk reference column")
    p.add_argument("--upload-size-mb", type=float, help="passed to bench_upload.py as --size-mb")
    p.add_argument("--loader-rows", type=int, help="passed to bench_loader.py as --rows")
    args = p.parse_args(argv)

    extra: dict[str, list[str]] = {name: [] for name in SCRIPTS}
    if not args.quick and not args.no_official:
        extra["bench_import.py"].append("--official")
    if args.upload_size_mb:
        extra["bench_upload.py"] += ["--size-mb", str(args.upload_size_mb)]
    if args.loader_rows:
        extra["bench_loader.py"] += ["--rows", str(args.loader_rows)]

    rows: list[Row] = []
    notes: list[str] = []
    failed: list[str] = []
    for name in SCRIPTS:
        result = data_dir() / f"result-{name.removesuffix('.py')}.json"
        result.unlink(missing_ok=True)  # never report a previous run's figures
        argv_ = [sys.executable, str(REPO / "bench" / name), "--json", str(result), *extra[name]]
        if args.quick:
            argv_.append("--quick")
        print(f"== {name} {' '.join(argv_[2:])}", flush=True)
        started = time.perf_counter()
        done = subprocess.run(argv_, cwd=REPO, env=child_env())
        print(f"== {name}: exit {done.returncode} after {time.perf_counter() - started:.1f} s\n", flush=True)
        if done.returncode != 0 or not result.exists():
            failed.append(name)
            continue
        script_rows, script_notes = rows_from_json(result)
        rows += script_rows
        notes += [f"{name}: {note}" for note in script_notes]

    print(format_table(rows))
    targeted = [r for r in rows if r.met is not None]
    print(f"\n{sum(bool(r.met) for r in targeted)} of {len(targeted)} targets met; {machine()}")
    if args.json:
        payload = {"machine": machine(), "rows": [asdict(r) for r in rows], "notes": notes}
        args.json.write_text(json.dumps(payload, indent=1))
    if failed:
        print(f"failed: {', '.join(failed)} (see their output above; results under {DATA})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
