"""The bulk loader never loses or duplicates a row: other clients, lost answers, kill -9, damaged logs.

The simulator runs in its own process (``python -m zuora_sdk.testing``) and loaders in forked
processes, each its own Zuora user unless a test says otherwise, so a loader can be killed with
SIGKILL at any point. After each scenario every input row is stored exactly once or reported failed
exactly once (in the report and in the failed-rows file), and no job is left pending.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import FAST_RETRIES, submit

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator

ROOT = Path(__file__).resolve().parent.parent
FORK = multiprocessing.get_context("fork")
ROWS = 60
BAD_EVERY = 13
FAST = {"part_bytes": 260, "poll_interval": 0.005, "max_poll_interval": 0.02, "part_attempts": 4}  # 3 lost answers


# ----- a simulator in its own process ----------------------------------------------------------------


class Server:
    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "zuora_sdk.testing", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT,
        )
        assert self.process.stdout is not None
        settings = dict(self.process.stdout.readline().strip().split("=", 1) for _ in range(4))
        self.host = settings["ZUORA_HOST"]

    def control(self, method: str, name: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.host}/__sim__/{name}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def user(self) -> tuple[str, str]:
        made = self.control("POST", "users")
        return made["access_token"], made["user_id"]

    def jobs_of(self, user_id: str) -> int:
        return sum(job["CreatedById"] == user_id for job in self.control("GET", "jobs")["jobs"].values())

    def stored(self, prefix: str) -> list[str]:
        records = self.control("GET", "records/vehicle")["records"]
        return [r["Name__c"] for r in records if r["Name__c"].startswith(prefix)]

    def unfinished_jobs(self) -> list[dict[str, Any]]:
        jobs = self.control("GET", "jobs")["jobs"].values()
        return [job for job in jobs if job["status"] in ("accepted", "pending", "in_progress")]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            assert self.process.stdout is not None
            self.process.stdout.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def tenant(server: Server, tmp_path: Path) -> Iterator[Server]:
    server.control("POST", "reset")
    (tmp_path / "tmp").mkdir(mode=0o700)
    yield server
    server.control("DELETE", "faults")


# ----- loaders in their own processes ----------------------------------------------------------------


class Loader:
    """One load of ``ROWS`` rows named ``<name>-<i>`` (every ``BAD_EVERY``-th one bad), in a process."""

    def __init__(self, tenant: Server, tmp_path: Path, name: str) -> None:
        self.tenant, self.name = tenant, name
        self.token, self.user_id = tenant.user()
        self.source = tmp_path / f"{name}.csv"
        self.progress = tmp_path / f"{name}.progress"
        self.failed = tmp_path / f"{name}-failed.csv"
        self.result = tmp_path / f"{name}.json"
        self.tmp = tmp_path / "tmp"
        with self.source.open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["Name__c", "Year__c"])
            writer.writerows([self.row_name(i), "soon" if i % BAD_EVERY == 0 else 1990 + i % 30] for i in range(ROWS))
        self.process: Any = None

    def row_name(self, i: int) -> str:
        return f"{self.name}-{i:03d}"

    def start(self, kill_at_event: int | None = None) -> Loader:
        self.result.unlink(missing_ok=True)
        self.process = FORK.Process(target=self._run, args=(kill_at_event,), daemon=True)
        self.process.start()
        return self

    def _run(self, kill_at_event: int | None) -> None:
        os.environ["TMPDIR"] = str(self.tmp)
        tempfile.tempdir = None
        events = 0

        def on_progress(progress: zuora_sdk.LoadProgress) -> None:
            nonlocal events
            events += 1
            if events == kill_at_event:
                os.kill(os.getpid(), signal.SIGKILL)

        config = zuora_sdk.Configuration(host=self.tenant.host, access_token=self.token, retries=FAST_RETRIES)
        outcome: dict[str, Any] = {}
        with zuora_sdk.ApiClient(config) as client:
            loader = zuora_sdk.BulkLoader(
                zuora_sdk.CustomObjectJobsApi(client), "vehicle", progress_file=self.progress,
                failed_rows_path=self.failed, on_progress=on_progress, **FAST,  # type: ignore[arg-type]
            )
            try:
                report = loader.load(self.source)
            except zuora_sdk.BulkLoadError as exc:
                report, outcome["error"] = exc.report, str(exc)
            except zuora_sdk.ApiValueError as exc:
                report, outcome["error"] = None, str(exc)
        if report is not None:
            outcome.update(
                failed=[row.input_row for row in report.failed_rows], rows_total=report.rows_total,
                rows_failed=report.rows_failed, records_processed=report.records_processed,
                notices=[notice.reason for notice in report.notices], summary=report.summary(),
                statuses=[part.status for part in report.parts],
            )
        self.result.write_text(json.dumps(outcome))

    def wait(self, timeout: float = 60) -> dict[str, Any]:
        self.process.join(timeout)
        assert self.process.exitcode is not None, f"loader {self.name} hangs"
        if self.process.exitcode == -signal.SIGKILL:
            return {"killed": True}
        assert self.process.exitcode == 0
        outcome: dict[str, Any] = json.loads(self.result.read_text())
        return outcome

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(10)

    def check_exact(self, outcome: dict[str, Any]) -> None:
        """Every row stored once or reported failed once (report and file), and the report true."""
        assert "error" not in outcome, outcome["error"]
        stored = self.tenant.stored(self.name + "-")
        assert len(stored) == len(set(stored)), "a row was stored twice"
        failed = [self.row_name(row - 2) for row in outcome["failed"]]
        assert len(failed) == len(set(failed)), "a row was reported twice"
        assert sorted(stored + failed) == [self.row_name(i) for i in range(ROWS)]
        assert {self.row_name(i) for i in range(0, ROWS, BAD_EVERY)} <= set(failed)
        with self.failed.open(newline="") as fh:
            written = list(csv.reader(fh))
        assert written[0] == ["Name__c", "Year__c"] and sorted(row[0] for row in written[1:]) == sorted(failed)
        assert outcome["rows_total"] == ROWS and outcome["rows_failed"] == len(failed)
        completed = all(status == "completed" for status in outcome["statuses"])
        assert outcome["notices"] == [] and completed, outcome["summary"]
        for path in (self.progress, self.failed):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600


def no_job_left(tenant: Server) -> None:
    assert tenant.unfinished_jobs() == []


# ----- several loaders, lost answers -----------------------------------------------------------------


def test_three_loaders_on_one_tenant_with_lost_submit_and_upload_answers(tenant: Server, tmp_path: Path) -> None:
    for route, action, times in [("submit", "drop_after", 2), ("upload", "drop_after", 2),
                                 ("submit", "drop_before", 1), ("upload", "drop_before", 1)]:
        tenant.control("POST", "faults", {"route": route, "action": action, "times": times})
    loaders = [Loader(tenant, tmp_path, name).start() for name in ("a", "b", "c")]
    outcomes = [loader.wait() for loader in loaders]
    for loader, outcome in zip(loaders, outcomes, strict=True):
        loader.check_exact(outcome)
    assert tenant.control("GET", "faults")["faults"] == []  # every lost answer happened
    no_job_left(tenant)


@pytest.mark.parametrize("seed", [3, 7, 11])  # after a step, mid-submit, mid-upload
def test_kill_9_at_random_points_then_resume(tenant: Server, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    mode = ["event", "submit", "upload"][seed % 3]
    other = Loader(tenant, tmp_path, "other")
    victim = Loader(tenant, tmp_path, "victim")
    if mode == "event":  # killed right after one of its steps, another loader at work meanwhile
        other.start()
        victim.start(kill_at_event=rng.randint(2, 14))
    else:  # killed while a request is held up on the server: it acts after the client died
        quick = rng.randint(1, 3)
        tenant.control("POST", "faults", {"route": mode, "action": "delay", "delay": 0.001, "times": quick})
        tenant.control("POST", "faults", {"route": mode, "action": "delay", "delay": 0.2})
        victim.start()
        held_up(tenant)
        victim.kill()
        settled(tenant, victim, mode, made=quick)
        other.start()
    first = victim.wait()
    killed_pid = victim.process.pid
    if not first.get("killed"):  # it finished before the kill point: still a fine run
        victim.check_exact(first)
    victim.start()
    victim.check_exact(victim.wait())
    other.check_exact(other.wait())
    no_job_left(tenant)
    assert not [p for p in (tmp_path / "tmp").iterdir() if p.name.startswith(f"zuora-load-{killed_pid}-")]


def held_up(tenant: Server) -> None:
    """Wait until the last fault injected holds a request up."""
    deadline = time.monotonic() + 30  # far from a hang, however busy the machine
    while tenant.control("GET", "faults")["faults"]:
        assert time.monotonic() < deadline
        time.sleep(0.002)


def settled(tenant: Server, victim: Loader, route: str, made: int) -> None:
    """Wait until the held-up request of a killed loader took effect: a job made, or a file taken."""
    deadline = time.monotonic() + 30  # far from a hang, however busy the machine
    while (tenant.jobs_of(victim.user_id) <= made) if route == "submit" else tenant.unfinished_jobs():
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_part_files_of_a_killed_load_are_owner_only_and_removed_by_the_next_load(
    tenant: Server, tmp_path: Path
) -> None:
    victim = Loader(tenant, tmp_path, "v")
    victim.start(kill_at_event=3)
    assert victim.wait().get("killed")
    (workdir,) = [p for p in (tmp_path / "tmp").iterdir() if p.name.startswith(f"zuora-load-{victim.process.pid}-")]
    assert stat.S_IMODE(workdir.stat().st_mode) == 0o700
    parts = list(workdir.iterdir())
    assert parts and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in parts)
    victim.start()
    victim.check_exact(victim.wait())
    assert not workdir.exists()


def test_a_resumed_load_never_takes_a_job_of_another_user(tenant: Server, tmp_path: Path) -> None:
    """The victim is killed while its submit is held up on the server; another user submits meanwhile,
    inside the window of the victim's submit."""
    victim, other = Loader(tenant, tmp_path, "v"), Loader(tenant, tmp_path, "o")
    tenant.control("POST", "faults", {"route": "submit", "action": "delay", "delay": 0.001, "times": 1})
    tenant.control("POST", "faults", {"route": "submit", "action": "delay", "delay": 0.2})
    victim.start()
    held_up(tenant)
    victim.kill()
    other.start()
    settled(tenant, victim, "submit", made=1)
    victim.start()
    victim.check_exact(victim.wait())
    other.check_exact(other.wait())
    no_job_left(tenant)


# ----- one process: other clients, refusals, retries, damaged logs ------------------------------------


def rows(count: int, bad_every: int = 0) -> list[dict[str, object]]:
    """Rows long enough for a part of 64 bytes to carry one each."""
    return [{"Name__c": f"r{i}".ljust(40, "."), "Year__c": "soon" if bad_every and i % bad_every == 0 else 2000}
            for i in range(count)]


def names(sim: ZuoraSimulator) -> list[str]:
    return sorted(str(record["Name__c"]).rstrip(".") for record in sim.records("vehicle"))


def test_a_refused_upload_is_never_counted_as_loaded(
    sim: ZuoraSimulator, wire_api: zuora_sdk.CustomObjectJobsApi
) -> None:
    """Another client uploads into the loader's job first: the loader's 400 must not count as loaded."""
    api = wire_api
    sim.inject("upload", action="delay", delay=0.3)

    def intruder() -> None:
        while not sim.jobs or sim.faults:  # the loader's upload is on the server, held up
            time.sleep(0.005)
        (job_id,) = sim.jobs
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nintruder\n")

    thread = threading.Thread(target=intruder)
    thread.start()
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(rows(3))
    thread.join()
    assert names(sim) == ["intruder", "r0", "r1", "r2"]  # before, the loader took the 400 for success
    assert report.ok and report.rows_loaded == 3 and len(sim.jobs) == 2


def test_a_job_that_processed_another_number_of_rows_is_reported(
    sim: ZuoraSimulator, wire_api: zuora_sdk.CustomObjectJobsApi
) -> None:
    """The answer to the loader's upload is lost and, before the client reads the job back, another
    client's file lands in it: the read-back cannot tell, the row count can."""
    api = wire_api
    sim.inject("upload", action="drop_before")
    sim.inject("get", action="delay", delay=0.3)

    def intruder() -> None:
        while sim.faults:  # the loader's read-back is on the server, held up
            time.sleep(0.005)
        (job_id,) = sim.jobs
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nintruder\n")

    thread = threading.Thread(target=intruder)
    thread.start()
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(rows(3))
    thread.join()
    assert not report.ok and report.parts[0].error == "the job processed 1 record(s) but the part has 3 row(s)"
    assert [notice.job_ids for notice in report.notices] == [[report.parts[0].job_id]]


def test_a_job_of_the_same_user_outside_the_submits_window_is_not_adopted(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    theirs = submit(api)  # another program of the same user, waiting to upload
    sim.advance(300)  # the server's clock now runs 5 minutes ahead of ours
    sim.inject("submit", action="delay", delay=0.001)  # the first submit is answered
    sim.inject("submit", action="drop_before")  # the second one's answer is lost (nothing made)
    report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005).load(rows(2))
    assert report.ok and names(sim) == ["r0", "r1"]
    assert sim.jobs[theirs]["status"] == "pending"


def test_a_lost_submit_answer_before_the_user_is_known_cancels_its_job_later(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("submit", action="drop_after")  # the very first submit makes a job, its answer is lost
    report = zuora_sdk.BulkLoader(api, "vehicle", part_bytes=64, poll_interval=0.005).load(rows(3))
    assert report.ok and names(sim) == ["r0", "r1", "r2"] and report.notices == []
    statuses = sorted(job["status"] for job in sim.jobs.values())
    assert statuses == ["cancelled", "completed", "completed", "completed"]


def test_the_client_owns_upload_retries(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    sim.inject("upload", status=503, times=100)
    failed = tmp_path / "failed.csv"
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005, failed_rows_path=failed).load(rows(3))
    sim.clear_faults()
    assert sim.stats.requests["upload"] == FAST_RETRIES.max_retries + 1  # not part_attempts times more
    assert sim.stats.jobs_created == 1 and [job["status"] for job in sim.jobs.values()] == ["cancelled"]
    assert [row.code for row in report.failed_rows] == ["NOT_LOADED"] * 3
    assert len(failed.read_text().splitlines()) == 4


def test_an_empty_answer_ends_the_load_with_its_report(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    sim.inject("get", status=200, body="", times=100)
    with pytest.raises(zuora_sdk.BulkLoadError) as caught:
        zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(rows(3))
    assert caught.value.report is not None and "empty" in str(caught.value)
    sim.clear_faults()
    sim.advance(10)  # the job above is well before the next load's submits
    sim.inject("submit", status=200, body="")  # a submit answered with nothing: as good as lost
    sim.inject("upload", status=200, body={})  # an upload answered with no job: settled by cancelling
    report = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(rows(2))
    assert report.ok and names(sim) == ["r0", "r0", "r1", "r1", "r2"]  # the first load stored r0-r2


def _interrupted_load(api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path) -> tuple[dict[str, Any], Path]:
    progress = tmp_path / "load.progress"
    options: dict[str, Any] = {"part_bytes": 64, "poll_interval": 0.005, "progress_file": progress,
                               "failed_rows_path": tmp_path / "failed.csv"}

    def stop(event: zuora_sdk.LoadProgress) -> None:
        if event.parts_done >= 4 and " completed" in event.event:  # every job started has its file
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        zuora_sdk.BulkLoader(api, "vehicle", on_progress=stop, **options).load(rows(8, bad_every=3))
    return options, progress


@pytest.mark.parametrize("damage", ["truncated", "cut after a submit", "emptied", "garbage", "not an object",
                                    "header only"])
def test_a_damaged_progress_log_never_loads_a_row_twice(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path, damage: str
) -> None:
    options, progress = _interrupted_load(api, tmp_path)
    lines = progress.read_bytes().splitlines(keepends=True)
    if damage == "truncated":
        progress.write_bytes(b"".join(lines[: len(lines) * 6 // 10]))
    elif damage == "cut after a submit":  # the part's job, and a later one, hold rows the file lost
        submits = [n for n, line in enumerate(lines) if b'"state":"submitting"' in line]
        progress.write_bytes(b"".join(lines[: submits[3] + 1]))
    elif damage == "emptied":
        progress.write_bytes(b"")
    elif damage == "garbage":
        progress.write_bytes(b"".join([*lines[:3], b"\xff\xfe garbage\n", *lines[3:]]))
    elif damage == "not an object":
        progress.write_bytes(b"".join([*lines[:3], b"[1, 2]\n", *lines[3:]]))
    else:
        progress.write_bytes(lines[0])
    stored = names(sim)
    with pytest.raises((zuora_sdk.BulkLoadError, zuora_sdk.ApiValueError)) as caught:
        zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows(8, bad_every=3))
    message = str(caught.value)
    assert str(progress) in message
    if damage in ("garbage", "not an object"):
        assert "damaged at line 4" in message
    if damage in ("truncated", "cut after a submit", "header only"):
        assert isinstance(caught.value, zuora_sdk.BulkLoadError) and "does not account for job(s)" in message
    assert names(sim) == stored  # nothing loaded twice
    assert not [job for job in sim.jobs.values() if job["status"] in ("pending", "accepted", "in_progress")]


def test_a_torn_last_line_is_dropped_and_the_load_resumes_exactly(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    options, progress = _interrupted_load(api, tmp_path)
    with progress.open("ab") as fh:
        fh.write(b'{"part":7,"state":"subm')  # a crash in the middle of a line
    report = zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows(8, bad_every=3))
    bad = ["r0", "r3", "r6"]
    assert names(sim) == sorted(f"r{i}" for i in range(8) if f"r{i}" not in bad)
    assert [str(row.values["Name__c"]).rstrip(".") for row in report.failed_rows if row.values] == bad, report
    failed = options["failed_rows_path"].read_text().splitlines()
    assert failed[0] == "Name__c,Year__c" and sorted(line.split(",")[0].rstrip(".") for line in failed[1:]) == bad


def test_foreign_jobs_let_a_load_go_on_past_jobs_it_cannot_account_for(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    options, progress = _interrupted_load(api, tmp_path)
    other = submit(api)  # the same user loads another file meanwhile
    api.post_upload_file_for_custom_object_bulk_job("text/csv", other, "Name__c\nsomeone else\n")
    with pytest.raises(zuora_sdk.BulkLoadError, match=other):
        zuora_sdk.BulkLoader(api, "vehicle", **options).load(rows(8, bad_every=3))
    report = zuora_sdk.BulkLoader(api, "vehicle", foreign_jobs=[other], **options).load(rows(8, bad_every=3))
    assert report.rows_failed == 3 and names(sim).count("r1") == 1 and len(names(sim)) == 6
    errors = tmp_path / "errors.csv"
    errors.write_text("")
    report.write_errors_csv(errors)
    for path in (progress, options["failed_rows_path"], errors):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_progress_file_in_use_is_refused(api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path) -> None:
    progress = tmp_path / "load.progress"

    def again(event: zuora_sdk.LoadProgress) -> None:
        with pytest.raises(zuora_sdk.ApiValueError, match="in use"):
            zuora_sdk.BulkLoader(api, "vehicle", progress_file=progress).load(rows(1))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        zuora_sdk.BulkLoader(api, "vehicle", progress_file=progress, on_progress=again).load(rows(1))


def test_a_delete_goes_through_the_same_submit_flow(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    loader = zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005)
    assert loader.load(rows(4)).ok  # the loader learns its user
    theirs = submit(api, "delete", filter={"conditions": [{"field": "Year__c", "operator": "EQ", "value": 1}]})
    sim.inject("submit", action="drop_after")  # our delete's answer is lost: its job is found by its filter
    report = loader.delete({"conditions": [{"field": "Year__c", "operator": "EQ", "value": 2000}]})
    assert report.parts[0].status == "completed" and report.records_processed == 4 and not report.notices
    assert sim.stats.jobs_created == 3 and report.parts[0].job_id != theirs


def test_a_progress_file_that_cannot_be_written_is_refused_before_sending(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="cannot be used"):
        zuora_sdk.BulkLoader(api, "vehicle", progress_file=tmp_path / "missing" / "load.progress").load(rows(1))
    assert sim.stats.requests.get("submit") is None


def test_find_submitted_job_needs_our_user_and_a_single_candidate(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    from datetime import datetime, timedelta, timezone

    from zuora_sdk.workflows import find_submitted_job

    now = datetime.now(timezone.utc)
    ours = api.get_custom_object_bulk_job(submit(api))
    assert ours.created_by_id is not None
    window = (now - timedelta(seconds=1), now + timedelta(seconds=1))
    assert find_submitted_job(api, "vehicle", "create", *window, ours.created_by_id) == ours
    assert find_submitted_job(api, "vehicle", "create", *window, "someone else") is None
    assert find_submitted_job(api, "vehicle", "update", *window, ours.created_by_id) is None
    submit(api)
    assert find_submitted_job(api, "vehicle", "create", *window, ours.created_by_id) is None


def test_a_stopped_load_without_a_progress_file_leaves_no_pending_job(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("upload", status=403, body={"code": 71012515, "message": "No permission"})
    with pytest.raises(zuora_sdk.BulkLoadError, match="No permission"):
        zuora_sdk.BulkLoader(api, "vehicle", poll_interval=0.005).load(rows(2))
    assert [job["status"] for job in sim.jobs.values()] == ["cancelled"]
