"""Per-call cost: ``get_custom_object_bulk_job`` and a 100-job list page through the SDK, against a
bare ``urllib3.PoolManager().request`` + ``json.loads`` of the same URL, both kept alive to a
ZuoraSimulator, first in this process, then in another.

    python bench/bench_call.py [--quick] [--profile]

Rounds alternate which side goes first and each figure is the median over rounds, so drift and
warm-up hit both sides alike; the notes give each side's range and the ratio of each round's pair.
The simulator's own time is inside both latencies; the client CPU rows (``time.thread_time`` of
the calling thread, which the simulator's threads do not touch) show the client's cost alone.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import urllib3
from _common import Row, median, parser, ratio_spread, report, simulator_process, spread

import zuora_sdk
from zuora_sdk.models.custom_object_bulk_job_response import CustomObjectBulkJobResponse
from zuora_sdk.models.custom_object_bulk_job_response_collection import CustomObjectBulkJobResponseCollection
from zuora_sdk.rest import make_timeout
from zuora_sdk.testing import ZuoraSimulator

CALL_TARGET = 1.2
OWN_SHARE = 0.05  # the SDK's own code, of a get's whole time
PAGE = 100


@dataclass
class Samples:
    """Seconds per call, one sample per round: sample i of every side comes from round i."""

    wall: list[float]
    cpu: list[float]  # the calling thread's CPU time

    def median(self) -> tuple[float, float]:
        return median(self.wall), median(self.cpu)


def rounds(sides: dict[str, Callable[[], Any]], count: int, per_round: int) -> dict[str, Samples]:
    """Seconds per call in each of ``count`` rounds, the side going first alternating: name -> samples."""
    for fn in sides.values():  # warm up: connections, caches, lazy imports
        for _ in range(max(5, per_round // 10)):
            fn()
    walls: dict[str, list[float]] = {name: [] for name in sides}
    cpus: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for i in range(count):
        for name in names if i % 2 == 0 else reversed(names):
            fn = sides[name]
            cpu0, wall0 = time.thread_time(), time.perf_counter()
            for _ in range(per_round):
                fn()
            walls[name].append((time.perf_counter() - wall0) / per_round)
            cpus[name].append((time.thread_time() - cpu0) / per_round)
    return {name: Samples(walls[name], cpus[name]) for name in sides}


def per_call(fn: Callable[[], Any], seconds: float = 0.3) -> float:
    """Median CPU seconds per call of a CPU-only function (the calling thread's CPU time: time spent
    waiting for a core on a busy machine is left out), over repeats of about ``seconds / 5``."""
    loops = 1
    while True:  # find a loop count that takes ~ seconds / 5
        t = time.thread_time()
        for _ in range(loops):
            fn()
        if time.thread_time() - t > seconds / 5:
            break
        loops *= 2
    samples = []
    for _ in range(5):
        t = time.thread_time()
        for _ in range(loops):
            fn()
        samples.append((time.thread_time() - t) / loops)
    return median(samples)


class _Answer:
    """An answer held in memory, read as the request loop reads a urllib3 one."""

    status, reason = 200, "OK"

    def __init__(self, body: bytes) -> None:
        self.headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        self.length_remaining = len(body)
        self._body = body

    def read1(self, amt: int) -> bytes:
        body, self._body = self._body, b""
        self.length_remaining = 0
        return body

    def close(self) -> None:
        pass

    def release_conn(self) -> None:
        pass


class FromMemory:
    """A transport answering every request with the same bytes: what is left of a call is the
    SDK's own code (checks, request building, the loop, reading and parsing)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def request(self, method: str, url: str, headers: Any, body: Any, timeout: Any, budget: Any = None) -> _Answer:
        return _Answer(self.body)

    def clear(self) -> None:
        pass


def own_code(job_raw: bytes, page_raw: bytes, spend: float) -> tuple[float, float]:
    """Seconds of the SDK's own code per get and per list page of 100 (answers from memory)."""
    transport = FromMemory(job_raw)
    config = zuora_sdk.Configuration(host="https://rest.test.zuora.com", access_token="t", transport=transport)
    with zuora_sdk.ApiClient(config) as api_client:
        api = zuora_sdk.CustomObjectJobsApi(api_client)
        job_id = json.loads(job_raw)["Id"]
        get = per_call(lambda: api.get_custom_object_bulk_job(job_id), spend)
        transport.body = page_raw
        page = per_call(lambda: api.get_all_custom_object_bulk_jobs(page_size=PAGE), spend)
    return get, page


def complete_jobs(api: zuora_sdk.CustomObjectJobsApi, count: int) -> list[str]:
    """``count`` completed create jobs, so listed jobs carry every field a finished job has."""
    request = zuora_sdk.CustomObjectBulkJobRequest.from_dict(
        {"namespace": "default", "object": "vehicle", "operation": "create"}
    )
    ids = []
    for i in range(count):
        job_id = api.post_custom_object_bulk_job(request).id
        assert job_id is not None
        csv = f"Name__c,Year__c,Price__c\nCar {i},2024,1.5\nCar {i}b,not-a-year,2\n"
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, csv)
        ids.append(job_id)
    return ids


def profile(fn: Callable[[], Any], calls: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        fn()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
    return out.getvalue()


@dataclass
class Figures:
    get: dict[str, Samples]
    page: dict[str, Samples]
    job_raw: bytes
    page_raw: bytes


def measure(base_url: str, token: str, count: int, per_round: int, list_rounds: int, list_per_round: int,
            profile_calls: bool = False) -> Figures:
    config = zuora_sdk.Configuration(host=base_url, access_token=token)
    with zuora_sdk.ApiClient(config) as api_client:
        api = zuora_sdk.CustomObjectJobsApi(api_client)
        job_id = complete_jobs(api, PAGE)[-1]
        http = urllib3.PoolManager()
        auth = {"Authorization": f"Bearer {token}"}
        job_url = f"{base_url}/objects/jobs/{job_id}"
        list_url = f"{base_url}/objects/jobs?pageSize={PAGE}"

        def ours_get() -> Any:
            return api.get_custom_object_bulk_job(job_id)

        def bare_get() -> Any:
            return json.loads(http.request("GET", job_url, headers=auth).data)

        def ours_list() -> Any:
            return api.get_all_custom_object_bulk_jobs(page_size=PAGE)

        def bare_list() -> Any:
            return json.loads(http.request("GET", list_url, headers=auth).data)

        # The bare call doing what the SDK must do too: send its headers and keep a timeout on the
        # socket (a socket with a timeout polls before every send and receive).
        same_headers = {**auth, "Accept": "application/json", "User-Agent": api_client.user_agent,
                        "Zuora-Version": config.zuora_version}
        same_timeout = make_timeout(config.timeout)

        def bare_get_alike() -> Any:
            return json.loads(http.request("GET", job_url, headers=same_headers, timeout=same_timeout).data)

        assert len(ours_list().jobs) == PAGE and len(bare_list()["jobs"]) == PAGE
        assert ours_get().status == "completed" and bare_get()["status"] == "completed"

        get = rounds({"ours": ours_get, "bare": bare_get, "alike": bare_get_alike}, count, per_round)
        page = rounds({"ours": ours_list, "bare": bare_list}, list_rounds, list_per_round)
        if profile_calls:
            print("cProfile of get_custom_object_bulk_job, calling thread only:")
            print(profile(ours_get, 2000))
            print("cProfile of get_all_custom_object_bulk_jobs(page_size=100), calling thread only:")
            print(profile(ours_list, 200))
        return Figures(get, page, http.request("GET", job_url, headers=auth).data,
                       http.request("GET", list_url, headers=auth).data)


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--profile", action="store_true", help="print a cProfile of the SDK's calls (calling thread)")
    args = p.parse_args(argv)
    sizes = (3, 10, 3, 3) if args.quick else (30, 200, 30, 20)
    count, per_round, list_rounds, list_per_round = sizes

    with ZuoraSimulator(max_concurrent_jobs=10 * PAGE) as sim:
        inproc = measure(sim.base_url, sim.access_token, *sizes, profile_calls=args.profile)
    with simulator_process("--max-concurrent-jobs", str(10 * PAGE)) as server:
        apart = measure(server.base_url, server.access_token, *sizes)

    # Parsing alone, off the wire, as the SDK parses (straight from the bytes): what it adds to
    # json.loads is building the models.
    job_raw, page_raw = inproc.job_raw, inproc.page_raw
    spend = 0.03 if args.quick else 0.3  # seconds per parsing figure
    job_loads = per_call(lambda: json.loads(job_raw), spend)
    job_model = per_call(lambda: CustomObjectBulkJobResponse.model_validate_json(job_raw), spend)
    page_loads = per_call(lambda: json.loads(page_raw), spend) / PAGE
    page_model = per_call(lambda: CustomObjectBulkJobResponseCollection.model_validate_json(page_raw), spend) / PAGE

    own_get, own_page = own_code(job_raw, page_raw, spend)

    us = 1e6
    rows = []
    for where, f in (("in-process simulator", inproc), ("simulator in another process", apart)):
        ours, bare, alike = f.get["ours"].median(), f.get["bare"].median(), f.get["alike"].median()
        rows += [
            Row(f"get job, {where}: latency", ours[0] * us, bare[0] * us, "µs",
                f"≤ {CALL_TARGET}x", ours[0] / bare[0] <= CALL_TARGET),
            Row(f"get job, {where}: vs bare with SDK's timeout+headers", ours[0] * us, alike[0] * us, "µs"),
            Row(f"get job, {where}: client CPU", ours[1] * us, bare[1] * us, "µs"),
        ]
    rows.append(Row("get job: parse body (model vs json.loads)", job_model * us, job_loads * us, "µs"))
    # The SDK's own code against the whole call, the simulator in another process (ratio: its share).
    get_latency = apart.get["ours"].median()[0]
    rows.append(Row("get job: the SDK's own code (answers from memory), share of the call", own_get * us,
                    get_latency * us, "µs", f"≤ {OWN_SHARE:.0%}", own_get / get_latency <= OWN_SHARE))
    for where, f in (("in-process simulator", inproc), ("simulator in another process", apart)):
        ours, bare = f.page["ours"].median(), f.page["bare"].median()
        rows += [
            Row(f"list {PAGE}, {where}: latency per job", ours[0] / PAGE * us, bare[0] / PAGE * us, "µs",
                f"≤ {CALL_TARGET}x", ours[0] / bare[0] <= CALL_TARGET),
            Row(f"list {PAGE}, {where}: client CPU per job", ours[1] / PAGE * us, bare[1] / PAGE * us, "µs"),
        ]
    rows.append(Row(f"list {PAGE}: parse per job (models vs json.loads)", page_model * us, page_loads * us, "µs"))
    page_latency = apart.page["ours"].median()[0]
    rows.append(Row(f"list {PAGE}: the SDK's own code per page (answers from memory), share of the call",
                    own_page * us, page_latency * us, "µs"))

    def overhead(f: Figures) -> str:
        ours, bare = f.get["ours"].median(), f.get["bare"].median()
        return f"{(ours[0] - bare[0]) * us:.0f} µs wall, {(ours[1] - bare[1]) * us:.0f} µs client CPU"

    get_cpu = apart.get["bare"].median()[1]
    notes = [
        f"the SDK's own code per get is {own_get * us:.1f} µs: {own_get / get_latency:.1%} of the call's latency and "
        f"{own_get / get_cpu:.1%} of a bare get's client CPU (simulator in another process); "
        f"per list page {own_page * us:.0f} µs, of which parsing {page_model * PAGE * us:.0f} µs",
        "one kept-alive connection per side; the simulator's server time is inside both latencies alike. "
        "In-process, the simulator's threads share the interpreter lock with the client; in another "
        "process they do not, but each exchange pays for waking a second process",
        f"SDK overhead per get: {overhead(inproc)} (in-process); {overhead(apart)} (other process); "
        f"medians of {count} rounds of {per_round} calls, sides alternating",
        f"the list page is {len(page_raw):,} bytes of JSON for {PAGE} completed jobs; medians of {list_rounds} "
        f"rounds of {list_per_round} pages",
    ]
    for where, f in (("in-process simulator", inproc), ("simulator in another process", apart)):
        for what, sides, scale in (("get job", f.get, us), (f"list {PAGE} per job", f.page, us / PAGE)):
            for clock in ("wall", "cpu"):
                o = [x * scale for x in getattr(sides["ours"], clock)]
                b = [x * scale for x in getattr(sides["bare"], clock)]
                notes.append(f"{what}, {where}, {'latency' if clock == 'wall' else 'client CPU'}: "
                             f"ours {spread(o, 'µs')}, bare {spread(b, 'µs')}; per pair {ratio_spread(o, b)}")
    report(rows, args, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
