"""``zuora-jobs``: Custom Object bulk jobs from the shell.

Credentials come from the environment as for ``Configuration.from_env()``. Tables for people,
``--json`` for scripts; failures exit non-zero with one line on stderr. Secrets are never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from zuora_sdk import _install_check  # noqa: F401  (first: refuses a mix with the official zuora-sdk)

PROGRAM = "zuora-jobs"
JOB_COLUMNS = ("Id", "object", "operation", "status", "recordsProcessed", "CreatedDate")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROGRAM, description="Zuora Custom Object bulk jobs.")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="list jobs, newest first")
    listing.add_argument("--status", help="only jobs in this status")
    listing.add_argument("--limit", type=int, default=25, help="at most this many jobs (default 25)")

    for name, text in (("get", "show a job"), ("errors", "list a job's row errors"), ("cancel", "cancel a job")):
        commands.add_parser(name, help=text).add_argument("job_id")

    submit = commands.add_parser("submit", help="submit a job")
    submit.add_argument("object")
    submit.add_argument("operation", choices=("create", "update", "delete"))
    submit.add_argument("--namespace", default="default")
    submit.add_argument("--filter", help='delete filter as JSON: {"conditions": [{"field", "operator", "value"}]}')

    upload = commands.add_parser("upload", help="upload a CSV file to a pending job")
    upload.add_argument("job_id")
    upload.add_argument("file")
    upload.add_argument("--gzip", action="store_true", help="compress the file on the fly")

    wait = commands.add_parser("wait", help="wait for a job to finish")
    wait.add_argument("job_id")
    wait.add_argument("--timeout", type=float, default=900.0, help="seconds (default 900)")

    load = commands.add_parser("load", help="bulk-load a CSV file through as many jobs as it takes")
    load.add_argument("object")
    load.add_argument("file")
    load.add_argument("--operation", choices=("create", "update"), default="create")
    load.add_argument("--max-active-jobs", type=int, default=5)
    load.add_argument("--part-bytes", type=int, help="largest job file in bytes (default 15 MB)")
    load.add_argument("--gzip", action="store_true")
    load.add_argument("--progress-file", help="makes the load resumable: run again with the same file")
    load.add_argument("--failed-rows", help="write rows that were not loaded to this CSV")
    load.add_argument("--poll-interval", type=float, default=1.0)

    sim = commands.add_parser("simulator", help="run the embedded Zuora simulator")
    sim.add_argument("--port", type=int, default=8080)
    sim.add_argument("--processing-delay", type=float, default=0.0)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    if args.command == "simulator":
        from zuora_sdk.testing.__main__ import main as simulator_main

        return simulator_main(["--port", str(args.port), "--processing-delay", str(args.processing_delay)])

    import zuora_sdk

    try:
        config = zuora_sdk.Configuration.from_env()
        if config.auth_kind == "none":
            raise zuora_sdk.MissingCredentialsError()
        with zuora_sdk.ApiClient(config) as client:
            api = zuora_sdk.CustomObjectJobsApi(client)
            return _run(api, args, out, err)
    except (zuora_sdk.ApiValueError, zuora_sdk.ApiTypeError, OSError, ValueError) as exc:
        print(f"{PROGRAM}: {_one_line(exc)}", file=err)  # refused before anything was sent
        return 2
    except zuora_sdk.OpenApiException as exc:
        print(f"{PROGRAM}: {_one_line(exc)}", file=err)
        return 1
    except KeyboardInterrupt:
        print(f"{PROGRAM}: interrupted", file=err)
        return 130


def _run(api: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import zuora_sdk

    command = args.command
    if command == "list":
        jobs = list(zuora_sdk.iter_jobs(api, status=args.status, limit=args.limit))
        _print_jobs(out, jobs, args.json)
    elif command == "get":
        _print_jobs(out, [api.get_custom_object_bulk_job(args.job_id)], args.json)
    elif command == "errors":
        errors = list(zuora_sdk.iter_job_errors(api, args.job_id))
        if args.json:
            print(json.dumps([error.to_dict() for error in errors], indent=2, default=str), file=out)
        else:
            rows = [(str(e.row), str(e.code), e.message or "") for e in errors]
            _print_table(out, ("row", "code", "message"), rows)
    elif command == "cancel":
        _print_jobs(out, [api.cancel_custom_object_bulk_job(args.job_id)], args.json)
    elif command == "submit":
        body: dict[str, Any] = {"namespace": args.namespace, "object": args.object, "operation": args.operation}
        if args.filter:
            body["filter"] = json.loads(args.filter)
        request = zuora_sdk.CustomObjectBulkJobRequest.from_dict(body)
        _print_jobs(out, [api.post_custom_object_bulk_job(request)], args.json)
    elif command == "upload":
        import pathlib

        job = zuora_sdk.upload_csv(
            api, args.job_id, pathlib.Path(args.file), content_encoding="gzip" if args.gzip else None
        )
        _print_jobs(out, [job], args.json)
    elif command == "wait":
        line = _ProgressLine(err)
        job = zuora_sdk.wait_for_job(
            api, args.job_id, timeout=args.timeout,
            on_progress=lambda seen: line.show(f"job {seen.id}: {seen.status}, {seen.records_processed} processed"),
        )
        line.done()
        _print_jobs(out, [job], args.json)
        return 0 if str(job.status) == "completed" else 1
    elif command == "load":
        return _load(api, args, out, err)
    return 0


def _load(api: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import zuora_sdk

    line = _ProgressLine(err)
    loader = zuora_sdk.BulkLoader(
        api, args.object, max_active_jobs=args.max_active_jobs, part_bytes=args.part_bytes,
        content_encoding="gzip" if args.gzip else None, progress_file=args.progress_file,
        failed_rows_path=args.failed_rows, poll_interval=args.poll_interval,
        on_progress=lambda p: line.show(
            f"{p.rows_read} rows read, {p.parts_done} job(s) done, {p.active_jobs} running, "
            f"{p.records_processed} processed, {p.rows_failed} failed"
        ),
    )
    report = loader.load(args.file, args.operation)
    line.done()
    if args.json:
        print(json.dumps({
            "object": report.object, "operation": report.operation, "rows_total": report.rows_total,
            "rows_failed": report.rows_failed, "records_processed": report.records_processed, "ok": report.ok,
            "parts": [vars(part) for part in report.parts],
            "failed_rows": [
                {"input_row": row.input_row, "code": row.code, "message": row.message} for row in report.failed_rows
            ],
        }, indent=2), file=out)
    else:
        print(report.summary(), file=out)
        _print_table(out, ("input row", "code", "message"),
                     [(str(r.input_row), r.code, r.message) for r in report.failed_rows[:20]])
        if report.rows_failed > 20:
            print(f"... and {report.rows_failed - 20} more", file=out)
    return 0 if report.ok else 1


class _ProgressLine:
    """One status line, rewritten in place on a terminal (plain lines otherwise)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.shown = False

    def show(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.tty and self.shown:
            self.stream.write("\n")


def _print_jobs(out: TextIO, jobs: list[Any], as_json: bool) -> None:
    dicts = [job.to_dict() for job in jobs]
    if as_json:
        print(json.dumps(dicts[0] if len(dicts) == 1 else dicts, indent=2, default=str), file=out)
        return
    _print_table(out, JOB_COLUMNS, [tuple(_text(d.get(column)) for column in JOB_COLUMNS) for d in dicts])


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _print_table(out: TextIO, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max([len(header[i])] + [len(row[i]) for row in rows]) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(), file=out)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
