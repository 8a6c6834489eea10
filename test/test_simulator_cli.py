"""The two other ways in: the pytest fixture and `python -m zuora_sdk.testing`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest

from zuora_sdk.testing import ZuoraSimulator

pytest_plugins = ["zuora_sdk.testing.pytest_plugin"]

ROOT = Path(__file__).resolve().parent.parent


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def test_the_fixture_yields_a_running_simulator(zuora_simulator: ZuoraSimulator) -> None:
    assert isinstance(zuora_simulator, ZuoraSimulator) and zuora_simulator.running
    request = urllib.request.Request(f"{zuora_simulator.base_url}/objects/jobs",
                                     headers={"Authorization": f"Bearer {zuora_simulator.access_token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert json.loads(response.read()) == {"count": 0, "jobs": []}


def test_a_user_test_suite_gets_a_fresh_simulator_per_test(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(textwrap.dedent("""
        pytest_plugins = ["zuora_sdk.testing.pytest_plugin"]
        seen = []

        def test_one(zuora_simulator):
            zuora_simulator.inject("list", status=500)
            seen.append(zuora_simulator)

        def test_two(zuora_simulator):
            assert zuora_simulator.faults == [] and zuora_simulator.running
            assert not seen[0].running and seen[0] is not zuora_simulator
    """))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def run_user_suite(tmp_path: Path, code: str, *options: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_user.py").write_text(textwrap.dedent(code))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, str(tmp_path)],
        cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=60,
    )


def test_an_installed_package_gives_a_user_suite_a_ready_client_without_opting_in(tmp_path: Path) -> None:
    result = run_user_suite(tmp_path, """
        import sys
        import zuora_sdk

        def test_nothing_is_loaded_before_a_test_asks():
            assert "zuora_sdk.testing.simulator" not in sys.modules and "zuora_sdk.api_client" not in sys.modules

        def test_a_ready_api(zuora_api, zuora_api_client, zuora_simulator):
            assert zuora_api.api_client is zuora_api_client
            assert zuora_api_client.configuration.host == zuora_simulator.base_url
            request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="create")
            job = zuora_api.post_custom_object_bulk_job(request)
            assert zuora_simulator.stats.jobs_created == 1 and job.status == "pending"
    """)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    off = ("-p", "no:zuora_sdk.testing.pytest_plugin")
    result = run_user_suite(tmp_path, "def test_off(zuora_api):\n    pass\n", *off)
    assert result.returncode == 1 and "fixture 'zuora_api' not found" in result.stdout


def test_python_m_prints_where_and_how_to_connect_then_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "zuora_sdk.testing", "--port", "0", "--processing-delay", "30",
         "--idempotency", "replay"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(), cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(5)]
        settings = dict(line.split("=", 1) for line in lines[:4])
        assert set(settings) == {"ZUORA_HOST", "ZUORA_ACCESS_TOKEN", "ZUORA_CLIENT_ID", "ZUORA_CLIENT_SECRET"}
        assert settings["ZUORA_HOST"].startswith("http://127.0.0.1:") and "Ctrl-C" in lines[4]

        def post(path: str, body: bytes, headers: dict[str, str]) -> dict[str, object]:
            request = urllib.request.Request(settings["ZUORA_HOST"] + path, data=body, method="POST", headers=headers)
            with urllib.request.urlopen(request, timeout=5) as response:
                answer: dict[str, object] = json.loads(response.read())
                return answer

        form = (f"grant_type=client_credentials&client_id={settings['ZUORA_CLIENT_ID']}"
                f"&client_secret={settings['ZUORA_CLIENT_SECRET']}").encode()
        token = post("/oauth/token", form, {"Content-Type": "application/x-www-form-urlencoded"})["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": "k"}
        body = json.dumps({"namespace": "default", "object": "vehicle", "operation": "create"}).encode()
        first, again = post("/objects/jobs", body, headers), post("/objects/jobs", body, headers)
        assert first == again  # --idempotency replay
        headers = {"Authorization": f"Bearer {settings['ZUORA_ACCESS_TOKEN']}", "Content-Type": "text/csv"}
        uploaded = post(f"/objects/jobs/{first['Id']}/files", b"Name__c\nA\n", headers)
        stats = json.loads(urllib.request.urlopen(settings["ZUORA_HOST"] + "/__sim__/stats", timeout=5).read())
        assert uploaded["status"] == "in_progress" and stats["jobs_created"] == 1  # --processing-delay 30
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_python_m_stops_on_a_signal_even_when_started_with_sigint_ignored(signum: int) -> None:
    # A shell starting a command in the background (`cmd &`) hands SIGINT down ignored.
    process = subprocess.Popen(
        ["sh", "-c", 'trap "" INT; exec "$0" -m zuora_sdk.testing --port 0', sys.executable],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment(), cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        assert "Ctrl-C" in [process.stdout.readline() for _ in range(5)][4]
        process.send_signal(signum)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def test_importing_the_simulator_loads_neither_the_client_nor_its_dependencies() -> None:
    code = (
        "import sys\n"
        "from zuora_sdk.testing import FieldSpec, ZuoraSimulator\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('urllib3', 'pydantic', 'dateutil')\n"
        "          or (m.startswith('zuora_sdk.') and not m.startswith('zuora_sdk.testing')\n"
        "              and m not in ('zuora_sdk._core', 'zuora_sdk._core.install_check'))]\n"  # the check: stdlib only
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=environment(), cwd=ROOT, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_python_m_reports_a_port_in_use() -> None:
    with ZuoraSimulator() as sim:
        result = subprocess.run(
            [sys.executable, "-m", "zuora_sdk.testing", "--port", str(sim.port)],
            env=environment(), cwd=ROOT, capture_output=True, text=True, timeout=30,
        )
    assert result.returncode == 1 and "cannot listen" in result.stderr
