"""The benchmarks run: ``bench/run_all.py --quick`` runs every script and prints one table.

No figure is checked against a number here (timings depend on the machine); only that every
benchmark ran to the end and reported every row it promises, with a value.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The start of a metric each script reports; every one must be in the table.
EXPECTED = {
    "bench_import.py": ["`import zuora_sdk`: process wall time", "`import zuora_sdk`: peak RSS",
                        "client built (Api + ApiClient + Configuration): process wall time",
                        "first call's code (client + a job parsed): process wall time"],
    "bench_call.py": ["get job, in-process simulator: latency", "get job, simulator in another process: latency",
                      "list 100, in-process simulator: latency per job", "list 100: parse per job"],
    "bench_upload.py": [f"upload 2 MiB {mode}, {target}: {what}" for mode in ("plain", "gzip")
                        for target in ("simulator", "sink") for what in ("throughput", "peak RSS growth")],
    "bench_cutter.py": [f"cut 20,000 rows (1 MB), {data}: MB/s of {clock} time" for clock in ("CPU", "wall")
                        for data in ("quote-free", "10% of rows quoted with a comma and a line break")],
    "bench_loader.py": ["load 2,000 rows from a CSV file, quote-free: rows/s",
                        "load 2,000 rows from a CSV file, 10% of rows quoted: rows/s",
                        "load 2,000 rows from a CSV file: peak RSS",
                        "load 2,000 rows from an iterator of dicts: rows/s"],
    "bench_slots.py": ["slot utilization, 2 parts x 0.05 s jobs"],
}


def test_run_all_quick_runs_every_benchmark_and_prints_one_table(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run_all.py"), "--quick", "--json", str(results)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    for script in EXPECTED:
        assert f"== {script}: exit 0" in done.stdout
    table = done.stdout[done.stdout.rindex("| metric"):]
    header = [cell.strip() for cell in table.splitlines()[0].strip("|").split("|")]
    assert header == ["metric", "ours", "baseline", "ratio", "target", "met?"]
    payload = json.loads(results.read_text())
    metrics = [row["metric"] for row in payload["rows"]]
    for script, wanted in EXPECTED.items():
        for start in wanted:
            assert any(m.startswith(start) for m in metrics), f"{script} did not report {start!r}: {metrics}"
            assert any(line.startswith(f"| {start}") for line in table.splitlines()), start
    for row in payload["rows"]:
        assert math.isfinite(row["ours"]) and (row["baseline"] is None or math.isfinite(row["baseline"])), row
        if row["target"]:
            assert isinstance(row["met"], bool), row
    assert "targets met" in done.stdout
