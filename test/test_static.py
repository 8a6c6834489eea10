"""The package, the examples and typical user code pass ``mypy --strict`` and ``ruff``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_mypy_strict_on_the_package_the_examples_and_user_code() -> None:
    done = run("mypy", "--strict", "zuora_sdk", "examples", "test/typed_usage.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_catches_a_misspelt_enum_value_in_user_code() -> None:
    code = "from zuora_sdk.models import CustomObjectBulkJobRequest\nCustomObjectBulkJobRequest(operation='crete')\n"
    done = run("mypy", "--strict", "-c", code)
    assert done.returncode == 1 and "'crete'" in done.stdout, done.stdout + done.stderr


def test_mypy_catches_a_misspelt_name_of_the_package() -> None:
    code = "import zuora_sdk\nzuora_sdk.Configuratoin()\nzuora_sdk.models.CustomObjectBulkJobRequst()\n"
    done = run("mypy", "--strict", "-c", code)
    assert done.returncode == 1 and done.stdout.count("[attr-defined]") == 2, done.stdout + done.stderr


def test_mypy_catches_misused_workflow_helpers() -> None:
    code = (
        "import zuora_sdk\n"
        "def f(api: zuora_sdk.CustomObjectJobsApi) -> None:\n"
        "    zuora_sdk.BulkLoader(api, 'vehicle').load(12345)\n"
        "    zuora_sdk.load_records(api, 'vehicle', 'x.csv', 'upsert')\n"
        "    zuora_sdk.load_records(api, 'vehicle', 'x.csv', max_active_jobz=2)\n"
        "    zuora_sdk.wait_for_job(api, 'id', _request_timeoutt=3)\n"
        "    zuora_sdk.upload_csv(api, 'id', 12345)\n"
        "    zuora_sdk.BulkLoader(api, 'vehicle', namespace='nope')\n"
    )
    done = run("mypy", "--strict", "-c", code)
    flagged = {line.split(":")[1] for line in done.stdout.splitlines() if ": error:" in line}
    assert flagged == {"3", "4", "5", "6", "7", "8"}, done.stdout + done.stderr


def test_ruff() -> None:
    done = run("ruff", "check", "zuora_sdk", "test", "bench", "examples")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_run_outside_the_clone_finds_the_installed_package(tmp_path: Path) -> None:
    # After `pip install -e .`, as a user checks their own project against the SDK.
    (tmp_path / "user.py").write_text(
        "import zuora_sdk\n\n"
        "config = zuora_sdk.Configuration(host='https://rest.zuora.com', access_token='t')\n"
        "reveal_type(config)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "user.py"], cwd=tmp_path,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'Revealed type is "zuora_sdk.configuration.Configuration"' in done.stdout
