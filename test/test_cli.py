"""The zuora-jobs command and the README demo, run against the simulator."""

from __future__ import annotations

import _thread
import argparse
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import zuora_sdk
from zuora_sdk._core.wording import plural
from zuora_sdk.cli import build_parser, main
from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.testing.__main__ import add_arguments
from zuora_sdk.workflows.display import LoadMeter, StatusLine, job_text
from zuora_sdk.workflows.report import LoadProgress

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sim(sim: ZuoraSimulator) -> ZuoraSimulator:
    """The tests here reach the simulator over HTTP (``sim.base_url``): started."""
    return sim.start()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def env(sim: ZuoraSimulator, monkeypatch: pytest.MonkeyPatch) -> ZuoraSimulator:
    for name in ("ZUORA_ENVIRONMENT", "ZUORA_CLIENT_ID", "ZUORA_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZUORA_HOST", sim.base_url)
    monkeypatch.setenv("ZUORA_ACCESS_TOKEN", sim.access_token)
    return sim


def test_submit_upload_wait_errors_get_list_and_cancel(env: ZuoraSimulator, tmp_path: Path) -> None:
    code, out, _ = run("--json", "submit", "vehicle", "create")
    assert code == 0
    job_id = json.loads(out)["Id"]
    csv_file = tmp_path / "cars.csv"
    csv_file.write_text("Name__c,Year__c\nA,2020\nB,later\n")
    assert run("upload", job_id, str(csv_file))[0] == 0
    code, out, err = run("wait", job_id)
    assert code == 0 and "completed" in out and job_id in err  # the progress line goes to stderr
    code, out, _ = run("errors", job_id)
    assert code == 0 and out.splitlines()[0].split() == ["row", "code", "message"] and "later" in out
    code, out, _ = run("--json", "get", job_id)
    assert json.loads(out)["recordsProcessed"] == 2
    pending = json.loads(run("--json", "submit", "vehicle", "update")[1])["Id"]
    assert json.loads(run("--json", "cancel", pending)[1])["status"] == "cancelled"
    code, out, _ = run("list", "--limit", "5")
    assert code == 0 and job_id in out and pending in out and out.startswith("Id")
    assert env.access_token not in out


def test_load_prints_a_summary_and_the_failed_rows(env: ZuoraSimulator, tmp_path: Path) -> None:
    source = tmp_path / "cars.csv"
    source.write_text("Name__c,Year__c\n" + "".join(f"car {i},{'x' if i == 5 else 2000}\n" for i in range(50)))
    failed = tmp_path / "failed.csv"
    code, out, err = run("load", "vehicle", str(source), "--part-bytes", "300", "--poll-interval", "0.01",
                         "--failed-rows", str(failed))
    assert code == 1  # a row failed
    assert "50 rows read, 49 loaded, 1 failed" in out and "\n7 " in out  # car 5 is input row 7
    assert failed.read_text().splitlines() == ["Name__c,Year__c", "car 5,x"]
    assert "100% 50 rows processed (50 read, 1 failed)" in err and "rows/s" in err and "None" not in err
    code, out, err = run("--json", "load", "vehicle", str(failed.with_name("none.csv")))
    assert code == 2 and out == "" and "cannot read" in err  # a local file error


def test_failures_are_one_line_and_never_show_the_token(env: ZuoraSimulator) -> None:
    code, out, err = run("get", "no-such-job")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and err.startswith("zuora-jobs: ")
    assert env.access_token not in err


def test_demo_runs_the_whole_lifecycle_on_the_simulator() -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ZUORA_")}
    environment["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")], env=environment, capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "embedded simulator" in result.stdout and result.stdout.rstrip().endswith("Done.")
    assert "None" not in result.stdout  # people-facing text, not Python's
    for step in ("row 4:", "row 6:", "update completed", "delete completed", "create cancelled", "8. List jobs"):
        assert step in result.stdout


@pytest.mark.parametrize(("argv", "host"), [(["list"], "rest.zuora.com"), (["get", " "], None)])
def test_usage_errors_exit_2_before_anything_is_sent(
    env: ZuoraSimulator, monkeypatch: pytest.MonkeyPatch, argv: list[str], host: str | None
) -> None:
    if host is not None:
        monkeypatch.setenv("ZUORA_HOST", host)
    code, out, err = run(*argv)
    assert code == 2 and out == "" and err.startswith("zuora-jobs: ") and env.request_log == []


@pytest.fixture
def slow_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[ZuoraSimulator]:
    """A simulator whose jobs stay in progress for a minute."""
    with ZuoraSimulator(processing_delay=60) as sim:
        for name in ("ZUORA_ENVIRONMENT", "ZUORA_CLIENT_ID", "ZUORA_CLIENT_SECRET"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("ZUORA_HOST", sim.base_url)
        monkeypatch.setenv("ZUORA_ACCESS_TOKEN", sim.access_token)
        yield sim


def test_global_flags_work_after_the_command_too(env: ZuoraSimulator) -> None:
    job_id = json.loads(run("submit", "vehicle", "create", "--json")[1])["Id"]
    for argv in (("list", "--json"), ("--json", "list")):
        code, out, _ = run(*argv)
        assert code == 0 and [job["Id"] for job in json.loads(out)] == [job_id]
    assert not run("list")[1].startswith("[")  # a table without --json


def test_version_and_help_list_the_environment_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.strip() == f"zuora-jobs {zuora_sdk.__version__}"
    for argv in (["--help"], ["load", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        text = capsys.readouterr().out
        for name in ("ZUORA_HOST", "ZUORA_ENVIRONMENT", "ZUORA_ACCESS_TOKEN", "ZUORA_CLIENT_ID",
                     "ZUORA_CLIENT_SECRET", "ZUORA_PROGRESS", "exit codes", "3 a wait timed out"):
            assert name in text


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [action for action in parser._actions if action.option_strings and action.dest != "help"]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


def test_every_option_says_what_it_is_with_its_unit() -> None:
    for name, command in _subcommands(build_parser()).items():
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings or action.dest}"
            if action.type in (int, float) and action.nargs is None:
                assert action.metavar in ("SECONDS", "BYTES", "JOBS", "PORT", "REQUESTS"), (name, action.dest)


def test_the_simulator_command_has_the_options_of_python_m_zuora_sdk_testing() -> None:
    alone = argparse.ArgumentParser()
    add_arguments(alone)
    command = _subcommands(build_parser())["simulator"]
    assert {o for a in _options(command) for o in a.option_strings} == {
        o for a in _options(alone) for o in a.option_strings
    }
    assert len(_options(alone)) == 11


def test_wait_for_a_job_without_its_file_says_so_at_once(env: ZuoraSimulator) -> None:
    job_id = json.loads(run("--json", "submit", "vehicle", "create")[1])["Id"]
    code, out, err = run("wait", job_id, "--pending-timeout", "0")
    assert code == 4 and out == ""
    assert "waiting for its CSV file" in err and f"zuora-jobs upload {job_id} FILE" in err


def test_a_wait_timeout_has_its_own_exit_code(slow_env: ZuoraSimulator, tmp_path: Path) -> None:
    job_id = json.loads(run("--json", "submit", "vehicle", "create")[1])["Id"]
    (tmp_path / "one.csv").write_text("Name__c\nA\n")
    assert run("upload", job_id, str(tmp_path / "one.csv"))[0] == 0
    code, out, err = run("wait", job_id, "--timeout", "0")
    assert code == 3 and out == "" and "keeps running" in err and f"zuora-jobs wait {job_id}" in err
    assert "None" not in err and "in_progress" in err


@pytest.mark.parametrize("progress_file", [True, False])
def test_ctrl_c_during_a_load_says_jobs_still_run_and_how_to_resume(
    slow_env: ZuoraSimulator, tmp_path: Path, progress_file: bool
) -> None:
    source = tmp_path / "cars.csv"
    source.write_text("Name__c\n" + "".join(f"car {i}\n" for i in range(20)))
    argv = ["load", "vehicle", str(source), "--part-bytes", "100", "--poll-interval", "0.01"]
    if progress_file:
        argv += ["--progress-file", str(tmp_path / "cars.progress")]
    err = io.StringIO()

    def interrupt_once_jobs_run() -> None:
        deadline = time.monotonic() + 30
        while slow_env.stats.jobs_created < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        _thread.interrupt_main()

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
    try:
        threading.Thread(target=interrupt_once_jobs_run, daemon=True).start()
        code = main(argv, io.StringIO(), err)
    finally:
        signal.signal(signal.SIGINT, previous)
    text = err.getvalue()
    assert code == 130 and "interrupted" in text and "keep running" in text
    if progress_file:
        assert f"--progress-file {tmp_path / 'cars.progress'}" in text and "not loaded again" in text
    else:
        assert "cannot be resumed" in text


def test_a_one_row_load_says_1_row_and_1_job(env: ZuoraSimulator, tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text("Name__c\nA\n")
    code, out, _ = run("load", "vehicle", str(tmp_path / "one.csv"), "--poll-interval", "0.01")
    assert code == 0 and out.startswith("create vehicle: 1 job, 1 row read, 1 loaded, 0 failed")


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_when_piped_prints_only_changes_and_not_too_often() -> None:
    clock, out = _Clock(), io.StringIO()
    line = StatusLine(out, clock=clock, quiet_interval=5)
    for text, at in (("a", 0), ("a", 1), ("b", 2), ("c", 3), ("c", 6), ("c", 20), ("d", 21), ("e", 22)):
        clock.now = at
        line.show(text)
    line.show("f", final=True)
    assert out.getvalue().splitlines() == ["a", "c", "d", "f"]  # b and e were superseded before their turn


def test_the_progress_line_on_a_terminal_is_redrawn_in_place_and_ended() -> None:
    clock, out = _Clock(), _Terminal()
    line = StatusLine(out, clock=clock, interval=0.1)
    line.show("one")
    clock.now = 1
    line.show("two")
    line.close()
    assert out.getvalue() == "\r\x1b[Kone\r\x1b[Ktwo\n"


def test_the_load_progress_shows_percent_rate_and_time_left() -> None:
    clock = _Clock()
    meter = LoadMeter(total_rows=1000, clock=clock)
    clock.now = 10
    text = meter.text(LoadProgress("x", rows_read=600, parts_done=2, active_jobs=1, records_processed=250,
                                   rows_failed=1))
    assert text == ("25% 250/1,000 rows processed (600 read, 1 failed) · 1 job running, 2 done · 25 rows/s · "
                    "0:10 elapsed, about 0:30 left")
    assert LoadMeter(clock=clock).text(LoadProgress("x", rows_read=1)).startswith("0 rows processed (1 read")
    assert meter.text(LoadProgress("load finished", records_processed=990)).startswith("100% 990 rows processed")


def test_people_read_counts_in_words_and_never_none() -> None:
    assert [plural(n, "row") for n in (0, 1, 2, 30000, None)] == ["0 rows", "1 row", "2 rows", "30,000 rows",
                                                                   "0 rows"]
    job = zuora_sdk.CustomObjectBulkJobResponse(id="j", status="pending")
    assert job_text(job) == "job j: pending (waiting for its file), 0 records processed"
