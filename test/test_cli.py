"""The zuora-jobs command and the README demo, run against the simulator."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zuora_sdk.cli import main
from zuora_sdk.testing import ZuoraSimulator

ROOT = Path(__file__).resolve().parent.parent


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
    assert "50 row(s) read, 49 loaded, 1 failed" in out and "\n7 " in out  # car 5 is input row 7
    assert failed.read_text().splitlines() == ["Name__c,Year__c", "car 5,x"]
    assert "processed" in err
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
