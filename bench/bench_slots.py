"""Job slots kept busy: a load of P parts against a simulator whose jobs each take S seconds, with
Zuora's 5 active jobs per tenant. The ideal is ceil(P / 5) x S (every slot refilled the moment it
frees); utilization is ideal / actual.

    python bench/bench_slots.py [--quick] [--loads 12x3,20x1] [--parts P --job-seconds S] [--runs N]

By default two loads are measured, 12 parts x 3 s jobs and 20 parts x 1 s jobs, each against its
own simulator, their samples taken in turns. The loader's own polling and cutting decide how late a
freed slot is refilled. The time is the load's wall time in a fresh child process, from the first
submit to the report; the parts are made small (a few hundred rows each) so upload time is not
what is measured. Each load also says how many API requests it made (its report's count, checked
against the simulator's) and how many of them read job states (list and get).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
import time
import urllib.request
from collections.abc import Sequence
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import Row, child_result, interleaved, median, parser, report, simulator_process, spread, vehicle_csv_rows

SLOTS = 5
TARGET = 0.95
ROWS_PER_PART = 500
LOADS = ((12, 3.0), (20, 1.0))


def child(argv: Sequence[str]) -> int:
    url, token, source, part_bytes, poll = argv
    import zuora_sdk

    def stats() -> dict[str, int]:
        with urllib.request.urlopen(url + "/__sim__/stats") as answer:
            return dict(json.loads(answer.read())["requests"])

    config = zuora_sdk.Configuration(host=url, access_token=token)
    api = zuora_sdk.CustomObjectJobsApi(zuora_sdk.ApiClient(config))
    api.get_all_custom_object_bulk_jobs(page_size=1)  # models loaded before timing
    loader = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=int(part_bytes), max_active_jobs=SLOTS,
                                  **({"poll_interval": float(poll)} if poll else {}))
    before = stats()
    started = time.perf_counter()
    result = loader.load(source)
    seconds = time.perf_counter() - started
    after = stats()
    seen = {route: after.get(route, 0) - before.get(route, 0) for route in after}
    print(json.dumps({"seconds": seconds, "parts": len(result.parts), "ok": result.ok,
                      "requests": result.api_requests, "server_requests": sum(seen.values()),
                      "reads": seen.get("list", 0) + seen.get("get", 0)}))
    return 0


def part_bytes_for(path: Any) -> int:
    """The part size that makes parts of the header and ROWS_PER_PART rows."""
    with open(path, "rb") as fh:
        lines = fh.readlines()
    return len(lines[0]) + max(len(b"".join(lines[1 + i:1 + i + ROWS_PER_PART]))
                               for i in range(0, len(lines) - 1, ROWS_PER_PART))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child(argv[1:])
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--loads", help="loads to measure, PARTSxSECONDS separated by commas (default 12x3,20x1)")
    p.add_argument("--parts", type=int, help="parts in the load (with --job-seconds: one load)")
    p.add_argument("--job-seconds", type=float, help="seconds each job takes")
    p.add_argument("--runs", type=int, help="samples per load (default 3; 1 with --quick)")
    p.add_argument("--poll-interval", help="the loader's poll_interval (default: its own default)")
    args = p.parse_args(argv)
    if args.parts or args.job_seconds:
        loads = [(args.parts or 12, args.job_seconds or 3.0)]
    elif args.loads:
        loads = [(int(n), float(s)) for n, s in (item.split("x") for item in args.loads.split(","))]
    else:
        loads = [(2, 0.05)] if args.quick else list(LOADS)
    runs = args.runs or (1 if args.quick else 3)

    with contextlib.ExitStack() as stack:
        sides = {}
        for parts, job_seconds in loads:
            path = vehicle_csv_rows(parts * ROWS_PER_PART)
            server = stack.enter_context(simulator_process(
                "--processing-delay", str(job_seconds), "--max-concurrent-jobs", str(SLOTS)))

            def one(server: Any = server, path: Any = path, parts: int = parts, size: int = part_bytes_for(path),
                    job_seconds: float = job_seconds) -> dict[str, Any]:
                r = child_result([sys.executable, __file__, "--child", server.base_url, server.access_token,
                                  str(path), str(size), args.poll_interval or ""])
                if not r["ok"] or r["parts"] != parts:
                    raise SystemExit(f"the load did not complete as planned: {r}")
                print(f"  {parts} parts x {job_seconds:g} s jobs: {r['seconds']:.2f} s (ideal "
                      f"{math.ceil(parts / SLOTS) * job_seconds:.2f} s), {r['requests']} API requests", flush=True)
                return r

            sides[(parts, job_seconds)] = one
        samples = interleaved(runs, sides)

    table, notes = [], []
    for (parts, job_seconds), results in samples.items():
        ideal = math.ceil(parts / SLOTS) * job_seconds
        actual = [r["seconds"] for r in results]
        shares = [ideal / seconds * 100 for seconds in actual]
        requests = [r["requests"] for r in results]
        counted = all(r["requests"] == r["server_requests"] for r in results)
        table.append(Row(
            f"slot utilization, {parts} parts x {job_seconds:g} s jobs (ideal / actual time)", median(shares), None,
            "%", f"≥ {TARGET:.0%}", median(shares) / 100 >= TARGET,
            note=f"utilization {spread(shares, '%')}; actual {spread(actual, 's')}, ideal {ideal:.2f} s = "
                 f"ceil({parts}/{SLOTS}) x {job_seconds:g} s; API requests per load {spread(requests)} "
                 f"(job reads {spread([r['reads'] for r in results])}; the report's count "
                 f"{'matches' if counted else 'DOES NOT match'} the simulator's)"))
    notes.append(f"{runs} load(s) per row in fresh processes, taken in turns, against simulators whose jobs take "
                 f"the time shown, {SLOTS} slots; the loader's default polling")
    report(table, args, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
