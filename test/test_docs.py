"""Every Python example in README.md and docs/ runs, and so do the official SDK's examples, unchanged."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import tokenize
from pathlib import Path

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk._core import constants
from zuora_sdk.testing import ZuoraSimulator

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
API_PAGE = ROOT / "docs" / "CustomObjectJobsApi.md"
SEED = Path(__file__).resolve().parent / "data" / "seed_CustomObjectJobsApi.md"


@pytest.fixture
def sim(sim: ZuoraSimulator) -> ZuoraSimulator:
    """The tests here reach the simulator over HTTP (``sim.base_url``): started."""
    return sim.start()


def blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


def run(code: str, name: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, name, "exec"), {"__name__": "__docs__", "os": os})
    return out.getvalue()


STANDALONE = [
    (path, i)
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    if path != API_PAGE
    for i in range(len(blocks(path)))
]


def shown_output(code: str) -> list[tuple[int, str]]:
    """The output the example says it prints: ``print(...)  # text`` gives (line number, text)."""
    shown = []
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    printing = {t.start[0] for t in tokens if t.type == tokenize.NAME and t.string == "print"}
    for token in tokens:
        if token.type == tokenize.COMMENT and token.start[0] in printing:
            shown.append((token.start[0], token.string.removeprefix("#").strip()))
    return shown


def matches(shown: str, line: str) -> bool:
    """``...`` in the text shown stands for anything."""
    pattern = ".*".join(re.escape(part) for part in shown.split("..."))
    return re.fullmatch(pattern, line.rstrip()) is not None


@pytest.mark.parametrize(("path", "index"), STANDALONE, ids=[f"{p.name}[{i}]" for p, i in STANDALONE])
def test_standalone_example_runs_and_prints_what_it_shows(path: Path, index: int) -> None:
    code = blocks(path)[index]
    for module in ("pandas", "pyarrow"):
        if f"import {module}" in code and importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed: pip install 'zuora-sdk-jobs[frames]'")
    printed = run(code, f"{path.name}[{index}]").splitlines()
    position = 0  # printed lines are matched in order, a loop's later lines skipped
    for number, text in shown_output(code):
        found = next((i for i in range(position, len(printed)) if matches(text, printed[i])), None)
        assert found is not None, f"{path.name}[{index}] line {number} shows {text!r}; printed: {printed[position:]}"
        position = found + 1


def test_every_model_and_the_api_have_a_page() -> None:
    for name in (*zuora_sdk._MODELS, "CustomObjectJobsApi"):
        assert (ROOT / "docs" / f"{name}.md").exists(), name


@pytest.mark.parametrize("index", range(6))
def test_api_page_example_runs_against_the_simulator(
    index: int, sim: ZuoraSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    with zuora_sdk.ApiClient(make_config(sim)) as client:
        job_id = submit(zuora_sdk.CustomObjectJobsApi(client))
    monkeypatch.setenv("ZUORA_HOST", sim.base_url)
    monkeypatch.setenv("ZUORA_ACCESS_TOKEN", sim.access_token)
    monkeypatch.setenv("JOB_ID", job_id)
    output = run(blocks(API_PAGE)[index], f"CustomObjectJobsApi.md[{index}]")
    assert "Exception when calling" not in output
    assert output.strip()
    assert sim.request_log[-1].status == 200


@pytest.mark.parametrize("index", range(6))
def test_official_examples_run_unchanged(
    index: int, sim: ZuoraSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed's examples, byte for byte: they reach the server (and are refused for the placeholder
    `authorization` value they pass) or are refused before sending for placeholder values we can check."""
    monkeypatch.setattr(constants, "DEFAULT_HOST", sim.base_url)
    monkeypatch.setenv("BEARER_TOKEN", sim.access_token)
    code = blocks(SEED)[index]
    output = run(code, f"seed[{index}]")
    assert "Exception when calling" in output or "The response of" in output
    if "content_encoding = 'content_encoding_example'" in code and ("file =" in code or "request =" in code):
        assert "content_encoding must be" in output or "content_type must be" in output
        assert sim.request_log == []
    else:
        assert "(401)" in output
        [entry] = sim.request_log
        assert entry.headers["Zuora-Track-Id"] == "zuora_track_id_example"
        assert entry.headers["Zuora-Version"] == "2024-05-20"
