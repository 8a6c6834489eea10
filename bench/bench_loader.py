"""Bulk loader: N rows (1M by default) end to end through ``BulkLoader.load`` against the simulator
in another process, keeping Zuora's limits (15 MB per file, 5 active jobs): rows/s and peak RSS.

    python bench/bench_loader.py [--quick] [--rows N]

The baseline is the shortest honest script that does the same load with the SDK's raw calls: cut
the CSV into files under the limit at line ends, then for each one submit a job, upload the file,
poll until the job ends and read its row errors, one after the other. The loader does more for its time (it parses
every row to map failures back to input rows, writes a progress log, keeps 5 jobs busy), so the
ratio is what those features cost. Each load runs in a fresh child process, so its memory figure
is its own (peak RSS during the load minus the RSS just before it).
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (
    Row,
    Server,
    child_result,
    data_dir,
    median,
    parser,
    proc_status_kb,
    report,
    reset_peak_rss,
    simulator_process,
    vehicle_csv_rows,
)

FILE_LIMIT = 15 * 1024 * 1024  # Zuora's limit per job file, and the simulator's default
POLL = 0.05  # the simulator finishes a job by the next request: poll briskly on both sides


def api_for(url: str, token: str) -> Any:
    import zuora_sdk

    config = zuora_sdk.Configuration(host=url, access_token=token)
    api = zuora_sdk.CustomObjectJobsApi(zuora_sdk.ApiClient(config))
    # Models load at the first call: make one before measuring, on both sides alike.
    api.get_all_custom_object_bulk_jobs(page_size=1)
    zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="create")
    return api


def vehicle_dicts(rows: int) -> Iterator[dict[str, Any]]:
    """Rows made on the fly, never all in memory: the loader's input when it is not a file."""
    rng = random.Random(7)
    makes = ("Tesla", "Ford", "Toyota", "Honda", "BMW")
    for _ in range(rows):
        yield {"Name__c": f"Model {rng.randrange(10**7)}", "Make__c": rng.choice(makes),
               "Year__c": rng.randrange(1990, 2026), "Price__c": rng.randrange(500000) / 100,
               "Active__c": rng.random() < 0.5}


def load_with_loader(url: str, token: str, source: str, rows: int) -> dict[str, Any]:
    from zuora_sdk.workflows import BulkLoader

    api = api_for(url, token)
    loader = BulkLoader(api, "vehicle", max_active_jobs=5, poll_interval=POLL)
    before = start_measuring()
    report = loader.load(vehicle_dicts(rows) if source == "rows" else pathlib.Path(source))
    return finish_measuring(before, report.rows_total, report.records_processed, report.rows_failed,
                            len(report.parts), report.ok)


def split_at_line_ends(path: pathlib.Path, limit: int, workdir: str) -> Iterator[pathlib.Path]:
    """Part files of at most ``limit`` bytes, each starting with the header, written as read."""
    with open(path, "rb") as fh:
        header = fh.readline()
        index, out, size = 0, None, 0
        for line in fh:
            if out is not None and size + len(line) > limit:
                out.close()
                yield pathlib.Path(out.name)
                index, out = index + 1, None
            if out is None:
                out = open(pathlib.Path(workdir) / f"part-{index}.csv", "wb")  # noqa: SIM115 - closed above
                size = out.write(header)
            size += out.write(line)
        if out is not None:
            out.close()
            yield pathlib.Path(out.name)


def load_by_hand(url: str, token: str, source: str, rows: int) -> dict[str, Any]:
    import zuora_sdk
    from zuora_sdk.workflows import wait_for_job

    api = api_for(url, token)
    request = zuora_sdk.CustomObjectBulkJobRequest.from_dict(
        {"namespace": "default", "object": "vehicle", "operation": "create"}
    )
    before = start_measuring()
    processed = failed = parts = 0
    ok = True
    with tempfile.TemporaryDirectory(dir=data_dir()) as workdir:
        for part in split_at_line_ends(pathlib.Path(source), FILE_LIMIT, workdir):
            job = api.post_custom_object_bulk_job(request)
            api.post_upload_file_for_custom_object_bulk_job("text/csv", job.id, part)
            job = wait_for_job(api, job.id, poll_interval=POLL)
            processed += job.records_processed or 0
            # Row errors, as the loader collects them (none are expected: every generated row is valid).
            failed += len(api.get_custom_object_bulk_job_errors(job.id).errors or [])
            ok = ok and job.status == "completed"
            parts += 1
            part.unlink()  # as the loader does: at most a few parts on disk at once
    return finish_measuring(before, rows, processed, failed, parts, ok and not failed)


def start_measuring() -> tuple[float, int]:
    reset_peak_rss()
    return time.perf_counter(), proc_status_kb("VmRSS")


def finish_measuring(
    before: tuple[float, int], rows: int, processed: int, failed: int, parts: int, ok: bool
) -> dict[str, Any]:
    started, rss_kb = before
    return {"seconds": time.perf_counter() - started, "rss_before_kb": rss_kb, "hwm_kb": proc_status_kb("VmHWM"),
            "rows": rows, "processed": processed, "failed": failed, "parts": parts, "ok": ok}


def child(argv: Sequence[str]) -> int:
    how, url, token, source, rows = argv
    run = load_by_hand if how == "raw" else load_with_loader
    print(json.dumps(run(url, token, source, int(rows))))
    return 0


def one_load(how: str, server: Server, source: str, rows: int) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--child", how, server.base_url, server.access_token, source, str(rows)]
    result = child_result(argv)
    if not result["ok"] or result["processed"] != rows:
        raise SystemExit(f"{how}: the load did not complete: {result}")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child(argv[1:])
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, help="rows to load (default 1,000,000; 100,000 with --quick)")
    p.add_argument("--runs", type=int, default=1, help="loads per side; the median is reported")
    args = p.parse_args(argv)
    rows = args.rows or (100_000 if args.quick else 1_000_000)

    print(f"preparing a {rows:,}-row CSV under bench/_data ...", flush=True)
    path = str(vehicle_csv_rows(rows))
    results: dict[str, list[dict[str, Any]]] = {"loader": [], "raw": [], "rows": []}
    # Zuora's limits: 15 MB per file, 5 active jobs; records are checked, not kept.
    with simulator_process("--max-file-bytes", str(FILE_LIMIT), "--max-concurrent-jobs", "5") as server:
        for i in range(args.runs):
            for how in ("loader", "raw", "rows") if i % 2 == 0 else ("raw", "loader", "rows"):
                r = one_load(how, server, "rows" if how == "rows" else path, rows)
                results[how].append(r)
                print(f"  {how}: {r['rows'] / r['seconds']:,.0f} rows/s in {r['seconds']:.1f} s, {r['parts']} job(s), "
                      f"peak RSS +{(r['hwm_kb'] - r['rss_before_kb']) / 1024:.1f} MiB "
                      f"({r['maxrss_mb']:.0f} MiB in all)", flush=True)

    def rate(how: str) -> float:
        return median([r["rows"] / r["seconds"] for r in results[how]])

    def growth(how: str) -> float:
        return median([(r["hwm_kb"] - r["rss_before_kb"]) / 1024 for r in results[how]])

    def peak(how: str) -> float:
        return median([r["maxrss_mb"] for r in results[how]])

    label = f"load {rows:,} rows"
    table = [
        Row(f"{label} from a CSV file: rows/s", rate("loader"), rate("raw"), "rows/s"),
        Row(f"{label} from a CSV file: peak RSS growth", growth("loader"), growth("raw"), "MiB", compare=False),
        Row(f"{label} from a CSV file: peak RSS of the process", peak("loader"), peak("raw"), "MiB"),
        Row(f"{label} from an iterator of dicts: rows/s", rate("rows"), None, "rows/s"),
        Row(f"{label} from an iterator of dicts: peak RSS growth", growth("rows"), None, "MiB"),
    ]
    notes = [
        "baseline: the same file cut at line ends into files under 15 MB, each submitted, uploaded, polled "
        "and its errors read with the SDK's raw calls, one job at a time; higher rows/s is better, so a "
        "ratio under 1 is the loader's cost",
        f"simulator in another process with Zuora's limits (15 MB per file, 5 active jobs), checking every row; "
        f"{results['loader'][0]['parts']} job(s); poll interval {POLL} s on both sides",
        "the iterator rows are generated while loading (their making is in the time) and never all in memory",
    ]
    report(table, args, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
