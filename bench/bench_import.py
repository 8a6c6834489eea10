"""Import cost: wall time and peak RSS of a fresh ``python -c "import zuora_sdk"`` against a fresh
``python -c "import pydantic, urllib3"`` (the two dependencies any pydantic-v2 urllib3 client pays for).

Each figure is the median of N fresh interpreters, run interleaved so drift hits both sides.
Children share a bytecode cache under bench/_data (PYTHONPYCACHEPREFIX) warmed before timing, so
neither side pays for compiling, as after any normal install.

    python bench/bench_import.py [--quick] [--runs N] [--official]

``--official`` also measures Zuora's generated ``zuora-sdk`` wheel, installed into a throwaway
virtualenv under bench/_data (needs the package registry; skipped with a note if that fails).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import DATA, MB, Row, check, child_env, data_dir, median, parser, ratio_spread, report, run_child, spread

BASELINE = "import pydantic, urllib3"
IMPORT = "import zuora_sdk"
# A client ready to call: what an application builds at start-up. Models load at the first call.
CLIENT = (
    "import zuora_sdk; "
    "zuora_sdk.CustomObjectJobsApi(zuora_sdk.ApiClient(zuora_sdk.Configuration(access_token='t')))"
)
# Everything a first call loads, the network aside: the client, and an answer parsed into its model.
FIRST_CALL = (
    CLIENT + "; zuora_sdk.CustomObjectBulkJobResponse.from_dict({'id': '1', 'status': 'completed', "
    "'operation': 'create', 'createdDate': '2026-01-01T00:00:00Z', 'recordsProcessed': 2})"
)
# `import pydantic` is itself lazy: a client whose answers are pydantic models also pays for its model
# machinery, loaded by the first model made: the floor under any such client's first call.
MODELS_BASELINE = "import urllib3; from pydantic import create_model; create_model('Job', id=(str, None))(id='1')"

TIME_TARGET = 1.5
RSS_TARGET_MB = 25.0


@dataclass
class Sample:
    wall: list[float]
    inner: list[float]  # the import statement alone, timed inside the child
    rss: list[float]


def timed(code: str) -> str:
    # `time` is built in, so timing the statement adds nothing measurable to the process figures.
    return f"import time; _t = time.perf_counter(); {code}; print(time.perf_counter() - _t)"


def measure(
    commands: dict[str, tuple[str, str]], runs: int, env: dict[str, str], cwd: Path, warm: int = 2
) -> dict[str, Sample]:
    """commands: name -> (python executable, code). Interleaved, in a new order each round."""
    for python, code in commands.values():  # warm the bytecode cache and the OS page cache
        for _ in range(warm):
            check(run_child([python, "-c", code], env=env, cwd=cwd)[2])
    samples = {name: Sample([], [], []) for name in commands}
    rng = random.Random(0)
    names = list(commands)
    for _ in range(runs):
        rng.shuffle(names)
        for name in names:
            python, code = commands[name]
            wall, rss, done = run_child([python, "-c", timed(code)], env=env, cwd=cwd)
            samples[name].wall.append(wall)
            samples[name].inner.append(float(check(done).split()[-1]))
            samples[name].rss.append(rss)
    return samples


def bytecode_env(base: dict[str, str]) -> dict[str, str]:
    env = dict(base)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(data_dir() / "pycache")
    return env


def official_python(notes: list[str]) -> str | None:
    """The virtualenv's python with the official wheel installed, or None (with a note) if it cannot be."""
    venv = DATA / "official-venv"
    python = venv / "bin" / "python"
    ready = venv / ".installed"
    if not ready.exists():
        print("installing the official zuora-sdk into bench/_data/official-venv ...", flush=True)
        steps = [
            [sys.executable, "-m", "venv", "--clear", str(venv)],
            [str(python), "-m", "pip", "install", "--quiet", "zuora-sdk"],
        ]
        for step in steps:
            try:
                done = subprocess.run(step, capture_output=True, text=True, timeout=600)
            except (OSError, subprocess.TimeoutExpired) as exc:
                notes.append(f"official zuora-sdk not measured: {' '.join(step[-2:])}: {exc}")
                return None
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["?"])[-1]
                notes.append(f"official zuora-sdk not measured: {' '.join(step[-2:])} failed: {last}")
                return None
        ready.write_text("ok\n")
    return str(python)


def version_of(python: str, package: str, env: dict[str, str], cwd: Path) -> str:
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)
    return done.stdout.strip() or "?"


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, help="fresh interpreters per command (default 15; 1 with --quick)")
    p.add_argument("--official", action="store_true", help="also measure the official zuora-sdk (reference)")
    args = p.parse_args(argv)
    runs = args.runs or (1 if args.quick else 15)
    notes: list[str] = []

    env = bytecode_env(child_env())
    ours = measure(
        {"baseline": (sys.executable, BASELINE), "models baseline": (sys.executable, MODELS_BASELINE),
         "import": (sys.executable, IMPORT), "client": (sys.executable, CLIENT),
         "first call": (sys.executable, FIRST_CALL)},
        runs, env, Path(DATA), warm=1 if args.quick else 2,
    )

    official: dict[str, Sample] = {}
    if args.official and (python := official_python(notes)):
        # Outside the repo and without PYTHONPATH, so `zuora_sdk` is the official package.
        venv_env = bytecode_env({k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
        official_runs = max(3, runs // 5)  # each run takes seconds
        official = measure(
            {"baseline": (python, BASELINE), "import": (python, IMPORT), "client": (python, CLIENT),
             "first call": (python, FIRST_CALL)},
            official_runs, venv_env, Path(DATA), warm=1,
        )
        notes.append(
            f"official zuora-sdk {version_of(python, 'zuora-sdk', venv_env, DATA)}, median of {official_runs} runs; "
            f"its virtualenv's own `{BASELINE}` took {median(official['baseline'].wall) * 1000:.0f} ms and "
            f"{median(official['baseline'].rss) / MB:.1f} MiB; its `{IMPORT}` "
            f"{spread([w * 1000 for w in official['import'].wall], 'ms')}"
        )

    def ref(name: str, attr: str, scale: float) -> float | None:
        return median(getattr(official[name], attr)) * scale if official else None

    def row(name: str, label: str, baseline: str = "baseline", targeted: bool = True,
            reference: bool = True) -> list[Row]:
        sample, base = ours[name], ours[baseline]
        wall, base_wall = median(sample.wall) * 1000, median(base.wall) * 1000
        rss, base_rss = median(sample.rss) / MB, median(base.rss) / MB
        time_row = Row(f"{label}: process wall time", wall, base_wall, "ms")
        rss_row = Row(f"{label}: peak RSS", rss, base_rss, "MiB")
        if reference:  # the official SDK's figures once per command
            time_row.reference, rss_row.reference = ref(name, "wall", 1000), ref(name, "rss", 1 / MB)
        if targeted:
            time_row.target, time_row.met = f"< {TIME_TARGET}x", wall / base_wall < TIME_TARGET
            rss_row.target, rss_row.met = f"< +{RSS_TARGET_MB:.0f} MiB", rss - base_rss < RSS_TARGET_MB
        return [time_row, rss_row]

    rows = [
        *row("import", "`import zuora_sdk`"),
        # The lazy import alone would flatter us: also what is paid before and at the first call.
        *row("client", "client built (Api + ApiClient + Configuration)"),
        # No target: pydantic's own model machinery, loaded by the first model, is most of it.
        *row("first call", "first call's code (client + a job parsed)", targeted=False),
        *row("first call", "first call's code vs one pydantic model made and used", "models baseline",
             targeted=False, reference=False),
    ]
    for name, label, baseline in (("import", "import zuora_sdk", "baseline"), ("client", "client built", "baseline"),
                                  ("first call", "first call's code", "baseline"),
                                  ("first call", "first call's code vs one pydantic model", "models baseline")):
        # Sample i of every command comes from the same round, so each pair saw the machine alike.
        ms = [w * 1000 for w in ours[name].wall]
        base_ms = [w * 1000 for w in ours[baseline].wall]
        mib, base_mib = [r / MB for r in ours[name].rss], [r / MB for r in ours[baseline].rss]
        notes.append(f"{label}, process wall time: {spread(ms, 'ms')} against {spread(base_ms, 'ms')}; "
                     f"per pair {ratio_spread(ms, base_ms)}; peak RSS {spread(mib, 'MiB')} "
                     f"against {spread(base_mib, 'MiB')}")
    notes.append(
        "the import statement alone, timed inside the child: "
        + ", ".join(f"{name} {median(s.inner) * 1000:.1f} ms" for name, s in ours.items())
    )
    notes.append(
        f"median of {runs} fresh interpreters per command, interleaved; baseline: `{BASELINE}`, and for "
        f"the first call also `{MODELS_BASELINE}` (`import pydantic` alone defers its model machinery, "
        "which the first model loads); "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    notes.append("the process figures include interpreter start-up (the same on both sides)")
    report(rows, args, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
