"""Job slots kept busy: a load of P parts against a simulator whose jobs each take S seconds, with
Zuora's 5 active jobs per tenant. The ideal is ceil(P / 5) x S (every slot refilled the moment it
frees); utilization is ideal / actual.

    python bench/bench_slots.py [--quick] [--parts P] [--job-seconds S] [--runs N]

The loader's own poll interval and cutting decide how late a freed slot is refilled. The time is
the load's wall time in a fresh child process, from the first submit to the report; the parts are
made small (a few hundred rows each) so upload time is not what is measured.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import Row, child_result, median, parser, report, simulator_process, spread, vehicle_csv_rows

SLOTS = 5
TARGET = 0.95
ROWS_PER_PART = 500


def child(argv: Sequence[str]) -> int:
    url, token, source, part_bytes = argv
    import zuora_sdk

    config = zuora_sdk.Configuration(host=url, access_token=token)
    api = zuora_sdk.CustomObjectJobsApi(zuora_sdk.ApiClient(config))
    api.get_all_custom_object_bulk_jobs(page_size=1)  # models loaded before timing
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=int(part_bytes), max_active_jobs=SLOTS)
    started = time.perf_counter()
    result = loader.load(source)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "parts": len(result.parts), "ok": result.ok}))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child(argv[1:])
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--parts", type=int, help="parts in the load (default 12; 2 with --quick)")
    p.add_argument("--job-seconds", type=float, help="seconds each job takes (default 3; 0.05 with --quick)")
    p.add_argument("--runs", type=int, help="loads (default 3; 1 with --quick)")
    args = p.parse_args(argv)
    parts = args.parts or (2 if args.quick else 12)
    job_seconds = args.job_seconds or (0.05 if args.quick else 3.0)
    runs = args.runs or (1 if args.quick else 3)

    path = vehicle_csv_rows(parts * ROWS_PER_PART)
    # Part size: the header and ROWS_PER_PART rows, so the file makes `parts` parts.
    with open(path, "rb") as fh:
        lines = fh.readlines()
    part_bytes = len(lines[0]) + max(len(b"".join(lines[1 + i:1 + i + ROWS_PER_PART]))
                                     for i in range(0, len(lines) - 1, ROWS_PER_PART))
    ideal = math.ceil(parts / SLOTS) * job_seconds
    results: list[dict[str, Any]] = []
    with simulator_process("--processing-delay", str(job_seconds), "--max-concurrent-jobs", str(SLOTS)) as server:
        for _ in range(runs):
            r = child_result([sys.executable, __file__, "--child", server.base_url, server.access_token, str(path),
                              str(part_bytes)])
            if not r["ok"] or r["parts"] != parts:
                raise SystemExit(f"the load did not complete as planned: {r}")
            results.append(r)
            print(f"  {parts} parts x {job_seconds:g} s jobs: {r['seconds']:.2f} s (ideal {ideal:.2f} s)", flush=True)
    actual = [r["seconds"] for r in results]
    utilization = ideal / median(actual)
    table = [Row(f"slot utilization, {parts} parts x {job_seconds:g} s jobs (ideal / actual time)", utilization * 100,
                 None, "%", f"≥ {TARGET:.0%}", utilization >= TARGET,
                 note=f"actual {spread(actual, 's')}, ideal {ideal:.2f} s = ceil({parts}/{SLOTS}) x {job_seconds:g} s")]
    notes = [f"{runs} load(s) in fresh processes against a simulator whose jobs take {job_seconds:g} s, {SLOTS} slots; "
             f"default poll interval"]
    report(table, args, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
