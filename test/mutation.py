"""Mutation testing of the critical modules with cosmic-ray: a development tool, not part of CI.

    pip install -e '.[test,mutation]'
    python test/mutation.py --list              # the modules and the tests that cover each
    python test/mutation.py retry waiting       # mutate these modules (default: all of them)

Each module is mutated in a scratch copy of the project (the work tree is never touched), and
each mutant runs only those of its module's tests that can notice it, stopping at the first
failure: the tests that run the mutated statement (found by one run under coverage, quickest
first) and those that run the module in another process; a statement run while the tests are
collected (a definition, a constant) runs them all. A mutant the tests do not notice "survived":
either a test is missing, or the mutant is equivalent (it cannot change behaviour), which
docs/testing.md records with the reason.

Sessions are kept in ``--workdir``: run again, and only the survivors (and mutants an
interruption left) are tested again, against the current tests, unless the module itself changed
or ``--fresh`` is given.

Skipped without running: mutants inside type annotations (every module has ``from __future__
import annotations``, so annotations are never evaluated) and on lines marked
``# pragma: no mutate``; counted as skipped too, mutants cosmic-ray fails to make (its exception
replacer on some ``except`` tuples). Prints one line per module (mutants, killed, survived, skipped, score)
and writes each survivor's diff to ``<workdir>/<module>.survivors.txt``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import difflib
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# module name -> (its file, the tests that cover it). The tests stop at the first failure, so
# list the quickest and most pointed first.
MODULES: dict[str, tuple[str, list[str]]] = {
    "api_client": ("zuora_sdk/api_client.py", [
        "test/test_api.py", "test/test_loop_edges.py", "test/test_errors_and_validation.py",
        "test/test_auth_security.py", "test/test_token_renewal.py", "test/test_logging_secrets.py",
        "test/test_official_usage.py", "test/test_transport_seam.py",
        "test/test_loader_polling.py::test_the_report_counts_every_request_the_load_made_retries_included",
        "test/test_resilience.py", "test/test_transport.py", "test/test_hostile.py",
    ]),
    "rest": ("zuora_sdk/rest.py", [
        "test/test_loop_edges.py", "test/test_api.py", "test/test_hostile.py", "test/test_transport.py",
        "test/test_transport_seam.py", "test/test_resilience.py", "test/test_auth_security.py",
    ]),
    "retry": ("zuora_sdk/_core/retry.py", ["test/test_loop_edges.py", "test/test_resilience.py"]),
    "auth": ("zuora_sdk/_core/auth.py", [
        "test/test_token_renewal.py", "test/test_auth_security.py", "test/test_logging_secrets.py",
    ]),
    "bodies": ("zuora_sdk/_core/bodies.py", [
        "test/test_bodies.py", "test/test_loop_edges.py", "test/test_api.py", "test/test_resilience.py",
    ]),
    "loader": ("zuora_sdk/workflows/loader.py", [
        "test/test_loader_recovery.py", "test/test_loader_windows.py", "test/test_loader_polling.py",
        "test/test_loader_edges.py", "test/test_loader_integrity.py", "test/test_workflows.py",
    ]),
    "parts": ("zuora_sdk/workflows/parts.py", ["test/test_parts.py", "test/test_workflows.py"]),
    "progress_log": ("zuora_sdk/workflows/progress_log.py", [
        "test/test_progress_log.py", "test/test_loader_edges.py", "test/test_loader_integrity.py",
        "test/test_workflows.py::test_an_interrupted_load_resumes_without_loading_a_part_twice",
    ]),
    "waiting": ("zuora_sdk/workflows/waiting.py", [
        "test/test_waiting_paging.py", "test/test_workflows.py", "test/test_display.py",
    ]),
    "polling": ("zuora_sdk/workflows/polling.py", [
        "test/test_poll_pacing.py", "test/test_loader_polling.py", "test/test_loader_recovery.py",
        "test/test_loader_edges.py", "test/test_workflows.py",
    ]),
    "paging": ("zuora_sdk/workflows/paging.py", [
        "test/test_waiting_paging.py", "test/test_workflows.py", "test/test_hostile.py",
    ]),
    "sim_state": ("zuora_sdk/testing/state.py", [
        "test/test_simulator_state.py", "test/test_simulator.py", "test/test_simulator_faults.py",
        "test/test_simulator_service.py", "test/test_loader_edges.py", "test/test_workflows.py",
    ]),
    "sim_csv_rows": ("zuora_sdk/testing/csv_rows.py", [
        "test/test_csv_rows.py", "test/test_simulator.py", "test/test_simulator_service.py",
        "test/test_loader_edges.py",
    ]),
}
# Tests that run the modules in another process (forked loaders, a child interpreter), where
# coverage does not follow them: every mutant of a module they cover runs them.
OUT_OF_PROCESS = [
    "test/test_loader_integrity.py::test_three_loaders_on_one_tenant_with_lost_submit_and_upload_answers",
    "test/test_loader_integrity.py::test_kill_9_at_random_points_then_resume",
    "test/test_loader_integrity.py::test_part_files_of_a_killed_load_are_owner_only_and_removed_by_the_next_load",
    "test/test_loader_integrity.py::test_a_resumed_load_never_takes_a_job_of_another_user",
    "test/test_hostile.py::test_a_huge_errors_answer_streams_in_bounded_memory",
]
COPIED = ("zuora_sdk", "test", "pyproject.toml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("modules", nargs="*", help=f"some of: {', '.join(MODULES)} (default: all)")
    parser.add_argument("--list", action="store_true", help="show the modules and their tests, run nothing")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "zuora-sdk-mutation",
                        help="scratch copy, sessions and survivor reports (default: %(default)s)")
    parser.add_argument("--fresh", action="store_true", help="forget earlier sessions and test every mutant")
    parser.add_argument("--test-mutant", metavar="MODULE", help=argparse.SUPPRESS)  # the command each mutant runs
    parser.add_argument("--timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.test_mutant:
        return run_mutant_tests(args.test_mutant, args.workdir.resolve(), args.timeout)
    if args.list:
        for name, (path, tests) in MODULES.items():
            print(f"{name:14} {path}\n{'':14} {' '.join(tests)}")
        return 0
    unknown = [name for name in args.modules if name not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; use --list")
    missing = [name for name in ("cosmic_ray", "coverage") if importlib.util.find_spec(name) is None]
    if missing:
        parser.error(f"{' and '.join(missing)} not installed: pip install -e '.[test,mutation]'")

    workdir: Path = args.workdir.resolve()
    source = workdir / "src"
    _fresh_copy(source)  # the current tests (and modules)
    print(f"{'module':14} {'mutants':>7} {'killed':>6} {'survived':>8} {'skipped':>7} {'score':>6}  time")
    for name in args.modules or list(MODULES):
        started = time.monotonic()
        counts = run_module(name, source, workdir, fresh=args.fresh)
        killed, survived, skipped = counts
        total = killed + survived
        score = f"{100 * killed / total:.1f}%" if total else "-"
        print(f"{name:14} {total + skipped:>7} {killed:>6} {survived:>8} {skipped:>7} {score:>6}  "
              f"{time.monotonic() - started:.0f} s", flush=True)
    print(f"survivors' diffs: {workdir}/<module>.survivors.txt")
    return 0


def run_module(name: str, source: Path, workdir: Path, *, fresh: bool) -> tuple[int, int, int]:
    """Mutate one module; (killed, survived, skipped)."""
    path, tests = MODULES[name]
    session = workdir / f"{name}.sqlite"
    config = workdir / f"{name}.toml"
    stamp = workdir / f"{name}.sha256"
    digest = hashlib.sha256((source / path).read_bytes()).hexdigest()
    reuse = not fresh and session.exists() and stamp.exists() and stamp.read_text() == digest
    baseline = _timed([*_PYTEST, *tests], source)
    timeout = max(60.0, 4 * baseline)  # a mutant that makes the tests hang counts as killed
    _map_coverage(name, source, workdir)
    command = [sys.executable, "test/mutation.py", "--test-mutant", name, "--workdir", str(workdir),
               "--timeout", f"{timeout:.0f}"]
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {path!r}\n"
        f"timeout = {2 * timeout:.0f}.0\n"  # a backstop: the test command keeps to `timeout` itself
        "excluded-modules = []\n"
        f"test-command = {_quote(command)!r}\n"
        "\n[cosmic-ray.distributor]\nname = \"local\"\n"
    )
    if reuse:
        with contextlib.closing(sqlite3.connect(session)) as db, db:
            db.execute("DELETE FROM work_results WHERE test_outcome = 'SURVIVED'")  # tested again
    else:
        stamp.unlink(missing_ok=True)
        session.unlink(missing_ok=True)
        _cosmic_ray(["init", str(config), str(session)], source)
        _skip_annotations_and_pragmas(session, source / path)
        stamp.write_text(digest)
    _cosmic_ray(["exec", str(config), str(session)], source)
    return _tally(name, session, workdir)


_PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-n0", "-p", "no:cacheprovider"]
_COVER_ENV = "ZUORA_SDK_MUTATION_COVER"


def _map_coverage(name: str, source: Path, workdir: Path) -> None:
    """Run the module's tests once under coverage: which tests run each of its lines, and how long
    each takes. What runs while the tests are collected (definitions, constants) maps to ""."""
    path, tests = MODULES[name]
    (workdir / f"{name}.pristine.py").write_bytes((source / path).read_bytes())
    env = _env(source)
    env["PYTHONPATH"] = str(source / "test") + os.pathsep + env["PYTHONPATH"]  # this file, as a plugin
    env[_COVER_ENV] = json.dumps({"module": str(source / path), "name": path.removesuffix(".py").replace("/", "."),
                                  "out": str(workdir / f"{name}.coverage.json")})
    result = subprocess.run([*_PYTEST, "-p", "mutation", *tests], cwd=source, env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(f"the tests fail under coverage:\n{result.stdout[-3000:]}")


def run_mutant_tests(name: str, workdir: Path, timeout: float) -> int:
    """The test command of each mutant, run in the scratch copy with the mutant applied.

    A test that never runs the mutated statement cannot notice the mutant, so only those that run
    it are run (quickest first), then the module's tests that run it in another process, where
    coverage does not see it. A statement run while the tests are collected (a definition, a
    default value, a constant) reaches every test: all of the module's tests run."""
    path, tests = MODULES[name]
    text = (workdir / f"{name}.pristine.py").read_text(encoding="utf-8")
    after = Path(path).read_text(encoding="utf-8").splitlines()
    cover = json.loads((workdir / f"{name}.coverage.json").read_text())
    tree = ast.parse(text)
    changed = {line + 1
               for tag, start, end, _, _ in difflib.SequenceMatcher(None, text.splitlines(), after).get_opcodes()
               if tag != "equal" for line in range(start, max(end, start + 1))}
    chosen: set[str] = set()
    for line in changed:
        for own in _statement_lines(tree, line):
            runs = cover["lines"].get(str(own))
            if own == 0 or "" in (runs or ()):  # run while the tests are collected, or outside any statement
                return _run_tests(tests, timeout)
            chosen.update(runs or ())
    elsewhere = [test for test in OUT_OF_PROCESS if any(test.startswith(listed) for listed in tests)]
    ordered = sorted(chosen, key=lambda test: cover["seconds"].get(test, 0.0)) + elsewhere
    if not ordered:
        return 0  # no test runs it: survived
    took = sum(seconds for test, seconds in cover["seconds"].items()
               if test in chosen or test.startswith(tuple(elsewhere)))
    return _run_tests(ordered, min(timeout, max(15.0, 4 * took + 5)))  # four times as long as unmutated


def _run_tests(tests: list[str], timeout: float) -> int:
    """Their exit status; a run past ``timeout`` is a hang, which the tests noticed."""
    try:
        return subprocess.run([*_PYTEST, *tests], timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return 1


def _statement_lines(tree: ast.Module, line: int) -> set[int]:
    """The lines of the innermost statement holding ``line``, without those of the statements
    nested in it (its decorators included); {0} when no statement holds it."""
    holding = [node for node in ast.walk(tree) if isinstance(node, ast.stmt) and line in _span(node)]
    if not holding:
        return {0}
    inner = min(holding, key=lambda node: len(_span(node)))
    lines = set(_span(inner))
    for node in ast.walk(inner):
        if node is not inner and isinstance(node, ast.stmt):
            lines -= set(_span(node))
    for decorator in getattr(inner, "decorator_list", []):
        lines |= set(_span(decorator))
    return lines | {line}


def _span(node: ast.stmt | ast.expr) -> range:
    return range(node.lineno, (node.end_lineno or node.lineno) + 1)


# While the coverage map is made, this file is a pytest plugin (`-p mutation`).
_cover: object = None
_seconds: dict[str, float] = {}


def pytest_configure(config: object) -> None:
    global _cover
    if _COVER_ENV in os.environ:
        import coverage

        spec = json.loads(os.environ[_COVER_ENV])
        _cover = coverage.Coverage(data_file=None, include=[spec["module"]], config_file=False)
        _cover.start()
        __import__(spec["name"])  # now, before any test: what runs on import maps to no test


def pytest_runtest_logstart(nodeid: str, location: object) -> None:
    if _cover is not None:
        _cover.switch_context(nodeid)  # type: ignore[attr-defined]


def pytest_runtest_logreport(report: object) -> None:
    nodeid, duration = report.nodeid, report.duration  # type: ignore[attr-defined]
    _seconds[nodeid] = _seconds.get(nodeid, 0.0) + duration


def pytest_unconfigure(config: object) -> None:
    if _cover is None:
        return
    _cover.stop()  # type: ignore[attr-defined]
    spec = json.loads(os.environ[_COVER_ENV])
    data = _cover.get_data()  # type: ignore[attr-defined]
    lines: dict[str, list[str]] = {}
    for measured in data.measured_files():
        for line, contexts in data.contexts_by_lineno(measured).items():
            lines[str(line)] = sorted(contexts)  # "": while the tests were collected
    Path(spec["out"]).write_text(json.dumps({"lines": lines, "seconds": _seconds}))


def _fresh_copy(source: Path) -> None:
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=ignore)
        else:
            shutil.copy2(item, source / name)


def _timed(command: list[str], cwd: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=_env(cwd))
    if result.returncode != 0:
        sys.exit(f"the tests fail before any mutation ({' '.join(command)}):\n{result.stdout[-3000:]}")
    return time.monotonic() - started


def _quote(command: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(part) for part in command)


def _cosmic_ray(arguments: list[str], cwd: Path) -> None:
    # The scratch copy comes first on the path, before the installed (editable) project.
    subprocess.run([sys.executable, "-m", "cosmic_ray.cli", *arguments], cwd=cwd, check=True,
                   env=_env(cwd))


def _env(cwd: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(cwd) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _annotation_spans(module: Path) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) positions of every annotation, and of `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        found: list[ast.AST | None] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append(node.returns)
            every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg,
                     node.args.kwarg]
            found += [arg.annotation for arg in every if arg is not None]
        elif isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
        elif isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            found.append(node)
        for part in found:
            if part is not None and part.end_lineno is not None and part.end_col_offset is not None:
                yield (part.lineno, part.col_offset), (part.end_lineno, part.end_col_offset)


def _skip_annotations_and_pragmas(session: Path, module: Path) -> None:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = list(_annotation_spans(module))
    lines = module.read_text(encoding="utf-8").splitlines()
    pragma = re.compile(r"#.*pragma:.*no mutate")
    skipped = WorkResult(worker_outcome=WorkerOutcome.SKIPPED)
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.work_items:
            for mutation in item.mutations:
                start, end = tuple(mutation.start_pos), tuple(mutation.end_pos)
                in_annotation = any(low <= start and end <= high for low, high in spans)
                if in_annotation or pragma.search(lines[start[0] - 1]):
                    db.set_result(item.job_id, skipped)


def _tally(name: str, session: Path, workdir: Path) -> tuple[int, int, int]:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    killed = survived = skipped = 0
    report: list[str] = []
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome is WorkerOutcome.SKIPPED or result.test_outcome is TestOutcome.INCOMPETENT:
                skipped += 1  # not run, or cosmic-ray could not make the mutant
            elif result.test_outcome is TestOutcome.SURVIVED:
                survived += 1
                mutation = item.mutations[0]
                report.append(f"# {mutation.operator_name} at line {mutation.start_pos[0]} "
                              f"(in {mutation.definition_name})\n{result.diff}\n")
            else:
                killed += 1  # a failing test, a hang (timeout) or a module that no longer imports
    (workdir / f"{name}.survivors.txt").write_text("\n".join(report) or "no survivors\n")
    return killed, survived, skipped


if __name__ == "__main__":
    sys.exit(main())
