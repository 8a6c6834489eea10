"""Bulk loader: N rows (1M by default) end to end through ``BulkLoader.load`` against the simulator
in another process, keeping Zuora's limits (15 MB per file, 5 active jobs): rows/s against a
hand-written script in the same run, on quote-free input and on input where every tenth row holds
a quoted comma and line break; and the peak RSS of a 10M-row load (Zuora's cap per object).

    python bench/bench_loader.py [--quick] [--rows N] [--runs N] [--rss-rows N] [--rss-runs N]

The baseline is the shortest honest script that does the same load with the SDK's raw calls: cut
the CSV into files under the limit at record ends (a line end where the quotes seen are even in
number), then for each one submit a job, upload the file, poll until the job ends and read its row
errors, one after the other. The loader does more for its time (it numbers every row to map
failures back to input rows, checks UTF-8, writes a progress log, keeps 5 jobs busy), so the ratio
is what those features cost or save. Each load runs in a fresh child process, so its memory figure
is its own (the child's peak RSS from ``wait4``'s rusage; growth is the peak during the load minus
the RSS just before it). Samples of the sides alternate, the order reversed every other round.
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
from functools import partial
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (
    Row,
    Server,
    child_result,
    data_dir,
    interleaved,
    median,
    parser,
    proc_status_kb,
    ratio_spread,
    report,
    reset_peak_rss,
    simulator_process,
    spread,
    vehicle_csv_rows,
)

FILE_LIMIT = 15 * 1024 * 1024  # Zuora's limit per job file, and the simulator's default
RSS_TARGET_MB = 64.0
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


def split_at_record_ends(path: pathlib.Path, limit: int, workdir: str) -> Iterator[pathlib.Path]:
    """Part files of at most ``limit`` bytes, each starting with the header, written as read; a
    record goes on over lines while the quotes seen in it are odd in number."""
    with open(path, "rb") as fh:
        header = fh.readline()
        index, out, size = 0, None, 0
        record: list[bytes] = []
        quotes = 0
        for line in fh:
            quotes += line.count(b'"')
            if quotes % 2:
                record.append(line)
                continue
            if record:
                line = b"".join([*record, line])
                record, quotes = [], 0
            quotes = 0
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
        for part in split_at_record_ends(pathlib.Path(source), FILE_LIMIT, workdir):
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


def rows_per_second(result: dict[str, Any]) -> float:
    return float(result["rows"] / result["seconds"])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child(argv[1:])
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, help="rows per load (default 1,000,000; 2,000 with --quick)")
    p.add_argument("--runs", type=int, help="loads per side and input (default 3; 1 with --quick)")
    p.add_argument("--rss-rows", type=int, help="rows of the memory load (default 10,000,000; --rows with --quick)")
    p.add_argument("--rss-runs", type=int, help="memory loads per side (default 3; 1 with --quick)")
    args = p.parse_args(argv)
    rows = args.rows or (2_000 if args.quick else 1_000_000)
    runs = args.runs or (1 if args.quick else 3)
    rss_rows = args.rss_rows or (rows if args.quick else 10_000_000)
    rss_runs = args.rss_runs or (1 if args.quick else 3)

    table: list[Row] = []
    notes: list[str] = []
    # Zuora's limits: 15 MB per file, 5 active jobs; records are checked, not kept.
    with simulator_process("--max-file-bytes", str(FILE_LIMIT), "--max-concurrent-jobs", "5") as server:
        for label, quoted, target in (("quote-free", 0.0, 0.95), ("10% of rows quoted", 0.1, 0.8)):
            print(f"preparing a {rows:,}-row CSV ({label}) under bench/_data ...", flush=True)
            path = str(vehicle_csv_rows(rows, quoted=quoted))
            sides = {"loader": partial(one_load, "loader", server, path, rows),
                     "script": partial(one_load, "raw", server, path, rows)}
            if not quoted:
                sides["rows"] = partial(one_load, "rows", server, "rows", rows)
            samples = interleaved(runs, sides)
            for how, results in samples.items():
                print(f"  {label}, {how}: {spread([rows_per_second(r) for r in results], 'rows/s')}, "
                      f"{results[0]['parts']} job(s), peak RSS {spread([r['maxrss_mb'] for r in results], 'MiB')}",
                      flush=True)
            ours = [rows_per_second(r) for r in samples["loader"]]
            base = [rows_per_second(r) for r in samples["script"]]
            ratio = median(ours) / median(base)
            metric = f"load {rows:,} rows from a CSV file, {label}"
            table.append(Row(f"{metric}: rows/s", median(ours), median(base), "rows/s", f"≥ {target:.2f}x",
                             ratio >= target, note=f"loader {spread(ours, 'rows/s')}, script {spread(base, 'rows/s')}; "
                             f"ratio per pair {ratio_spread(ours, base)}"))
            if not quoted:
                dicts = [rows_per_second(r) for r in samples["rows"]]
                table.append(Row(f"load {rows:,} rows from an iterator of dicts: rows/s", median(dicts), None,
                                 "rows/s", note=spread(dicts, "rows/s")))

        print(f"preparing a {rss_rows:,}-row CSV under bench/_data ...", flush=True)
        path = str(vehicle_csv_rows(rss_rows))
        samples = interleaved(rss_runs, {"loader": partial(one_load, "loader", server, path, rss_rows),
                                         "script": partial(one_load, "raw", server, path, rss_rows)})
        peak = {how: [r["maxrss_mb"] for r in results] for how, results in samples.items()}
        growth = {how: [(r["hwm_kb"] - r["rss_before_kb"]) / 1024 for r in results] for how, results in samples.items()}
        for how in samples:
            print(f"  {rss_rows:,} rows, {how}: peak RSS {spread(peak[how], 'MiB')}, growth during the load "
                  f"{spread(growth[how], 'MiB')}, {spread([rows_per_second(r) for r in samples[how]], 'rows/s')}",
                  flush=True)
        label = f"load {rss_rows:,} rows from a CSV file"
        table += [
            Row(f"{label}: peak RSS of the process", median(peak["loader"]), median(peak["script"]), "MiB",
                f"≤ {RSS_TARGET_MB:.0f} MiB", median(peak["loader"]) <= RSS_TARGET_MB,
                note=f"loader {spread(peak['loader'], 'MiB')}, script {spread(peak['script'], 'MiB')}"),
            Row(f"{label}: peak RSS growth", median(growth["loader"]), median(growth["script"]), "MiB", compare=False,
                note=f"loader {spread(growth['loader'], 'MiB')}, script {spread(growth['script'], 'MiB')}"),
        ]
    notes += [
        "baseline: the same file cut at record ends into files under 15 MB, each submitted, uploaded, polled "
        "and its errors read with the SDK's raw calls, one job at a time; higher rows/s is better, so a "
        "ratio under 1 is the loader's cost",
        f"simulator in another process with Zuora's limits (15 MB per file, 5 active jobs), parsing and checking "
        f"every row in Python: it bounds both sides' rows/s; poll interval {POLL} s on both sides",
        f"{runs} interleaved load(s) per side and input, {rss_runs} per side for memory, each in a fresh process",
        "the iterator rows are generated while loading (their making is in the time) and never all in memory",
    ]
    report(table, args, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
