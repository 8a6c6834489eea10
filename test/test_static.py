"""The package, the examples and typical user code pass ``mypy --strict`` and ``ruff``."""

from __future__ import annotations

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


def test_ruff() -> None:
    done = run("ruff", "check", "zuora_sdk", "test", "bench", "examples")
    assert done.returncode == 0, done.stdout + done.stderr
