"""Upload: a generated CSV streamed from disk with ``post_upload_file_for_custom_object_bulk_job``
(plain, and gzipped on the fly) against a bare urllib3 streaming upload of the same file.

    python bench/bench_upload.py [--quick] [--size-mb N] [--runs N]

Each upload runs in a fresh child process, so its memory figure is its own: the peak RSS during the
upload minus the RSS just before it (VmHWM, reset before the upload through /proc/self/clear_refs).
The server runs in another process, with two targets:

- the simulator (``python -m zuora_sdk.testing --max-file-bytes 0 --no-store-records``), which
  parses and checks every CSV row, as Zuora would;
- a sink (bench/_sink.py) that throws the body away, so the client's own cost shows.

The bare gzip upload compresses with zlib at the same level, in the same chunk size, as the SDK.
The sides take turns (the one going first alternating); each figure is the median of N uploads per
side, and the notes give each side's range and the ratio of each pair of uploads.
"""

from __future__ import annotations

import json
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (
    MB,
    Row,
    Server,
    child_result,
    cpu_seconds,
    median,
    parser,
    proc_status_kb,
    ratio_spread,
    report,
    reset_peak_rss,
    server_process,
    simulator_process,
    spread,
    vehicle_csv,
)

RSS_TARGET_MB = 64.0
THROUGHPUT_TARGET = 0.8
CHUNK = 1024 * 1024  # the SDK reads files in 1 MiB chunks (zuora_sdk/_core/bodies.py)
GZIP_LEVEL = 6  # the level the SDK compresses at


# -- the child: one upload, measured from inside ----------------------------------------------
def upload_ours(url: str, token: str, path: Path, gzip: bool) -> dict[str, Any]:
    import zuora_sdk

    config = zuora_sdk.Configuration(host=url, access_token=token, max_file_bytes=None)
    with zuora_sdk.ApiClient(config) as api_client:
        api = zuora_sdk.CustomObjectJobsApi(api_client)
        request = zuora_sdk.CustomObjectBulkJobRequest.from_dict(
            {"namespace": "default", "object": "vehicle", "operation": "create"}
        )
        job_id = api.post_custom_object_bulk_job(request).id
        assert job_id is not None
        before = start_measuring()
        job = api.post_upload_file_for_custom_object_bulk_job(
            "text/csv", job_id, path, content_encoding="gzip" if gzip else None
        )
        return finish_measuring(before, str(job.status))


def gzip_chunks(path: Path) -> Iterator[bytes]:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if out := compressor.compress(chunk):
                yield out
    yield compressor.flush()


def upload_bare(url: str, token: str, path: Path, gzip: bool) -> dict[str, Any]:
    import urllib3

    http = urllib3.PoolManager()
    auth = {"Authorization": f"Bearer {token}"}
    submit = {"namespace": "default", "object": "vehicle", "operation": "create"}
    job = json.loads(http.request("POST", f"{url}/objects/jobs", json=submit, headers=auth).data)
    files_url = f"{url}/objects/jobs/{job['Id']}/files"
    before = start_measuring()
    if gzip:
        headers = {**auth, "Content-Type": "text/csv", "Content-Encoding": "gzip"}
        response = http.request("POST", files_url, body=gzip_chunks(path), headers=headers, chunked=True)
    else:
        headers = {**auth, "Content-Type": "text/csv", "Content-Length": str(path.stat().st_size)}
        with open(path, "rb") as fh:
            response = http.request("POST", files_url, body=fh, headers=headers)
    answer = json.loads(response.data)
    if response.status != 200:
        raise SystemExit(f"upload failed: {response.status} {answer}")
    return finish_measuring(before, str(answer["status"]))


def start_measuring() -> tuple[float, int, bool]:
    reset = reset_peak_rss()
    return time.perf_counter(), proc_status_kb("VmRSS"), reset


def finish_measuring(before: tuple[float, int, bool], status: str) -> dict[str, Any]:
    started, rss_kb, reset = before
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rss_before_kb": rss_kb, "hwm_kb": proc_status_kb("VmHWM"), "hwm_reset": reset,
            "status": status}


def child(argv: Sequence[str]) -> int:
    side, mode, url, token, path = argv
    run = upload_ours if side == "ours" else upload_bare
    print(json.dumps(run(url, token, Path(path), gzip=mode == "gzip")))
    return 0


# -- the parent --------------------------------------------------------------------------------
def one_upload(side: str, mode: str, server: Server, path: Path) -> dict[str, Any]:
    cpu_before = cpu_seconds(server.process.pid)
    result = child_result(
        [sys.executable, __file__, "--child", side, mode, server.base_url, server.access_token, str(path)]
    )
    result["server_cpu"] = cpu_seconds(server.process.pid) - cpu_before
    return result


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child(argv[1:])
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--size-mb", type=float, help="CSV size in MiB (default 1024; 2 with --quick)")
    p.add_argument("--runs", type=int, help="uploads per side and mode, interleaved (default 3; 1 with --quick)")
    p.add_argument("--no-sink", action="store_true", help="only upload to the simulator")
    args = p.parse_args(argv)
    size_mb = args.size_mb or (2 if args.quick else 1024)
    runs = args.runs or (1 if args.quick else 3)

    print(f"preparing a {size_mb:g} MiB CSV under bench/_data ...", flush=True)
    path = vehicle_csv(size_mb)
    size = path.stat().st_size
    targets: list[tuple[str, Callable[[], AbstractContextManager[Server]]]] = [
        ("simulator", lambda: simulator_process("--max-concurrent-jobs", "1000"))
    ]
    if not args.no_sink:
        targets.append(("sink", lambda: server_process([sys.executable, str(Path(__file__).with_name("_sink.py"))])))

    rows: list[Row] = []
    notes: list[str] = []
    for target, start in targets:
        with start() as server:
            for mode in ("plain", "gzip"):
                results: dict[str, list[dict[str, Any]]] = {"ours": [], "bare": []}
                for i in range(runs):
                    for side in ("ours", "bare") if i % 2 == 0 else ("bare", "ours"):
                        r = one_upload(side, mode, server, path)
                        results[side].append(r)
                        print(f"  {target} {mode} {side}: {size / MB / r['seconds']:.1f} MiB/s, "
                              f"peak RSS +{(r['hwm_kb'] - r['rss_before_kb']) / 1024:.1f} MiB, "
                              f"server CPU {r['server_cpu'] / r['seconds']:.0%} of the upload's time, "
                              f"status {r['status']}", flush=True)
                rate = {s: size / MB / median([r["seconds"] for r in rs]) for s, rs in results.items()}
                growth = {s: median([(r["hwm_kb"] - r["rss_before_kb"]) / 1024 for r in rs])
                          for s, rs in results.items()}
                label = f"upload {size / MB:.0f} MiB {mode}, {target}"
                rows += [
                    Row(f"{label}: throughput", rate["ours"], rate["bare"], "MiB/s",
                        f"≥ {THROUGHPUT_TARGET:.0%} of bare", rate["ours"] / rate["bare"] >= THROUGHPUT_TARGET),
                    Row(f"{label}: peak RSS growth", growth["ours"], growth["bare"], "MiB",
                        f"≤ {RSS_TARGET_MB:.0f} MiB", growth["ours"] <= RSS_TARGET_MB, compare=False),
                ]
                mibs = {s: [size / MB / r["seconds"] for r in rs] for s, rs in results.items()}
                notes.append(f"{label}: ours {spread(mibs['ours'], 'MiB/s')}, bare {spread(mibs['bare'], 'MiB/s')}; "
                             f"per pair {ratio_spread(mibs['ours'], mibs['bare'])}")
                busy = median([r["server_cpu"] / r["seconds"] for r in results["bare"]])
                if target == "simulator":
                    notes.append(f"{mode}: the simulator process was busy {busy:.0%} of a CPU during the bare "
                                 "upload (it parses and checks every row, in Python)")
    notes.append(f"{size:,} bytes of CSV; median of {runs} per side and mode, each upload in a fresh "
                 "process; peak RSS growth is the upload's peak RSS minus the RSS just before it")
    report(rows, args, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
