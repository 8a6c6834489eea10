"""``zuora-jobs``: Custom Object bulk jobs from the shell.

Credentials come from the environment as for ``Configuration.from_env()``. Tables for people,
``--json`` for scripts; failures exit non-zero with one line on stderr. Secrets are never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from zuora_sdk._core import (
    constants,
    install_check,  # noqa: F401  (first: refuses a mix with the official zuora-sdk)
)

PROGRAM = "zuora-jobs"
JOB_COLUMNS = ("Id", "object", "operation", "status", "recordsProcessed", "CreatedDate")

# Exit codes (docs/cli.md lists them).
OK, FAILED, USAGE, WAIT_TIMED_OUT, NO_FILE, INTERRUPTED = 0, 1, 2, 3, 4, 130

EPILOG = """\
environment:
  ZUORA_HOST            base URL of the tenant (https://rest.zuora.com, ...), or
  ZUORA_ENVIRONMENT     a named environment instead (us_production, eu_api_sandbox, ...)
  ZUORA_ACCESS_TOKEN    a bearer token, or
  ZUORA_CLIENT_ID       OAuth client id, with
  ZUORA_CLIENT_SECRET   OAuth client secret (never printed)
  ZUORA_VERSION         Zuora-Version header to send (optional)
  ZUORA_PROGRESS        0 to show no progress line on stderr

exit codes:
  0 success; 1 an API error, a failed job or rows not loaded; 2 a usage or local file error, or no
  credentials (nothing sent);
  3 a wait timed out (the job keeps running); 4 the job is waiting for its file; 130 interrupted
"""


def build_parser() -> argparse.ArgumentParser:
    from zuora_sdk import __version__
    from zuora_sdk.testing.__main__ import add_arguments as add_simulator_arguments

    parser = argparse.ArgumentParser(
        prog=PROGRAM, description="Zuora Custom Object bulk jobs.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--version", action="version", version=f"{PROGRAM} {__version__}")
    # Global flags are accepted after the command too (`zuora-jobs list --json`); SUPPRESS keeps a
    # flag given before the command from being reset by the command's default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON instead of tables")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, text: str, parents: Sequence[argparse.ArgumentParser] = (common,)
    ) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=text, description=text, parents=parents, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    listing = command("list", "list jobs, newest first")
    listing.add_argument("--status", choices=("accepted", "pending", "in_progress", "completed", "failed",
                                              "cancelled"), help="only jobs in this status")
    listing.add_argument("--limit", type=int, default=25, metavar="JOBS", help="at most this many jobs (default 25)")

    for name, text in (("get", "show a job"), ("errors", "list a job's row errors"),
                       ("cancel", "cancel an accepted or pending job")):
        command(name, text).add_argument("job_id", metavar="JOB_ID", help="the job's Id")

    submit = command("submit", "submit a job")
    submit.add_argument("object", metavar="OBJECT", help="custom object API name, such as vehicle")
    submit.add_argument("operation", choices=("create", "update", "delete"), help="what the job does")
    submit.add_argument("--namespace", choices=("default", "com_zuora"), default="default",
                        help="object namespace (default: default)")
    submit.add_argument("--filter", metavar="JSON",
                        help='delete filter as JSON: {"conditions": [{"field", "operator", "value"}]}')

    upload = command("upload", "upload a CSV file to a pending job")
    upload.add_argument("job_id", metavar="JOB_ID", help="a pending create or update job")
    upload.add_argument("file", metavar="FILE", help="the CSV file, header first (at most 15 MB)")
    upload.add_argument("--gzip", action="store_true", help="compress the file on the fly")

    wait = command("wait", "wait for a job to finish")
    wait.add_argument("job_id", metavar="JOB_ID", help="the job's Id")
    wait.add_argument("--timeout", type=float, default=900.0, metavar="SECONDS",
                      help="give up (exit 3) after this many seconds; the job keeps running (default 900)")
    wait.add_argument("--pending-timeout", type=float, default=10.0, metavar="SECONDS",
                      help="give up (exit 4) when the job is still waiting for its file after this many "
                           "seconds (default 10)")

    load = command("load", "bulk-load a CSV file through as many jobs as it takes")
    load.add_argument("object", metavar="OBJECT", help="custom object API name, such as vehicle")
    load.add_argument("file", metavar="FILE", help="the CSV file, header first, any size")
    load.add_argument("--operation", choices=("create", "update"), default="create",
                      help="create records, or update them by Id (default create)")
    load.add_argument("--max-active-jobs", type=int, default=5, metavar="JOBS",
                      help="jobs of this load running at once; Zuora allows 5 per tenant (default 5)")
    load.add_argument("--part-bytes", type=int, metavar="BYTES",
                      help="largest job file in bytes (default 15728640, 15 MB)")
    load.add_argument("--gzip", action="store_true", help="compress each job file on the fly")
    load.add_argument("--progress-file", metavar="FILE",
                      help="makes the load resumable: after an interruption run it again with the same file")
    load.add_argument("--failed-rows", metavar="FILE",
                      help="write the rows that were not loaded to this CSV, with the header")
    load.add_argument("--poll-interval", type=float, default=constants.LOAD_POLL_SHORTEST, metavar="SECONDS",
                      help="shortest pause between two reads of the running jobs; the loader waits for when they "
                      f"should finish, and at most 20 s (default {constants.LOAD_POLL_SHORTEST:g})")

    add_simulator_arguments(command("simulator", "run the embedded Zuora simulator until Ctrl-C", ()))
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    if args.command == "simulator":
        from zuora_sdk.testing.__main__ import serve

        return serve(args, out, err)

    import zuora_sdk

    try:
        config = zuora_sdk.Configuration.from_env()
        if config.auth_kind == "none":
            raise zuora_sdk.MissingCredentialsError()
        with zuora_sdk.ApiClient(config) as client:
            api = zuora_sdk.CustomObjectJobsApi(client)
            return _run(api, args, out, err)
    except zuora_sdk.JobWaitTimeout as exc:  # a TimeoutError, hence an OSError: caught before those
        print(f"{PROGRAM}: {_one_line(exc)}; the job keeps running: wait again with `{PROGRAM} wait "
              f"{args.job_id}`", file=err)
        return WAIT_TIMED_OUT
    except _WaitingForFile as exc:
        print(f"{PROGRAM}: job {exc.job_id} is pending: it is waiting for its CSV file and will not start "
              f"without one. Upload it with `{PROGRAM} upload {exc.job_id} FILE`, or cancel it with "
              f"`{PROGRAM} cancel {exc.job_id}`.", file=err)
        return NO_FILE
    except (zuora_sdk.ApiValueError, zuora_sdk.ApiTypeError, OSError, ValueError) as exc:
        print(f"{PROGRAM}: {_one_line(exc)}", file=err)  # refused before anything was sent
        return USAGE
    except zuora_sdk.OpenApiException as exc:
        print(f"{PROGRAM}: {_one_line(exc)}", file=err)
        return FAILED
    except KeyboardInterrupt:
        print(f"\n{PROGRAM}: interrupted. {_after_interrupt(args)}", file=err)
        return INTERRUPTED


def _after_interrupt(args: argparse.Namespace) -> str:
    """What an interruption leaves behind, and how to carry on."""
    if args.command == "wait":
        return f"The job keeps running: follow it again with `{PROGRAM} wait {args.job_id}`."
    if args.command != "load":
        return "A request already sent may have taken effect."
    running = f"Jobs already submitted keep running on Zuora (`{PROGRAM} list` shows them)."
    if args.progress_file:
        return (f"{running} To resume, run the same command again with --progress-file {args.progress_file}: "
                "finished parts are not loaded again.")
    return (f"{running} This load had no --progress-file, so it cannot be resumed: loading the file again "
            "would load the finished parts twice. Next time add --progress-file FILE.")


class _WaitingForFile(Exception):
    def __init__(self, job_id: str) -> None:
        super().__init__(job_id)
        self.job_id = job_id


def _run(api: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import zuora_sdk

    command = args.command
    if command == "list":
        jobs = list(zuora_sdk.iter_jobs(api, status=args.status, limit=args.limit))
        _print_jobs(out, jobs, args.json, one=False)
    elif command == "get":
        _print_jobs(out, [api.get_custom_object_bulk_job(args.job_id)], args.json)
    elif command == "errors":
        errors = list(zuora_sdk.iter_job_errors(api, args.job_id))
        if args.json:
            print(json.dumps([error.to_dict() for error in errors], indent=2, default=str), file=out)
        else:
            rows = [(_text(e.row), _text(e.code), _text(e.message)) for e in errors]
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
        return _wait(api, args, out, err)
    elif command == "load":
        return _load(api, args, out, err)
    return OK


def _wait(api: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import zuora_sdk
    from zuora_sdk.workflows.display import StatusLine, job_text, switched_off
    from zuora_sdk.workflows.waiting import is_terminal

    line = StatusLine(err, enabled=not switched_off())
    started = time.monotonic()
    pending_since: float | None = None

    def show(job: Any) -> None:
        nonlocal pending_since
        now = time.monotonic()
        line.show(job_text(job, now - started), final=is_terminal(job))
        # A pending create/update job starts only once it gets its file: waiting cannot help.
        if str(job.status) != "pending":
            pending_since = None
        elif pending_since is None:
            pending_since = now
        if pending_since is not None and now - pending_since >= args.pending_timeout:
            line.close()
            raise _WaitingForFile(job.id)

    try:
        job = zuora_sdk.wait_for_job(api, args.job_id, timeout=args.timeout, on_progress=show)
    finally:
        line.close()
    _print_jobs(out, [job], args.json)
    return OK if str(job.status) == "completed" else FAILED


def _load(api: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import zuora_sdk
    from zuora_sdk.workflows.display import LoadMeter, StatusLine, switched_off

    line = StatusLine(err, enabled=not switched_off())
    meter = LoadMeter(_count_data_lines(args.file))
    loader = zuora_sdk.BulkLoader(
        api, args.object, max_active_jobs=args.max_active_jobs, part_bytes=args.part_bytes,
        content_encoding="gzip" if args.gzip else None, progress_file=args.progress_file,
        failed_rows_path=args.failed_rows, poll_interval=args.poll_interval,
        on_progress=lambda p: line.show(meter.text(p), final=p.event == "load finished"),
    )
    try:
        report = loader.load(args.file, args.operation)
    finally:
        line.close()
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
            print(f"... and {report.rows_failed - 20:,} more", file=out)
    return OK if report.ok else FAILED


def _count_data_lines(path: str) -> int | None:
    """The input's data rows, for the percent shown: its lines less the header (a value spanning
    lines counts more than once, so the percent stays under the truth). ``None`` if unreadable."""
    lines = 0
    last = b"\n"
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return None  # the loader says why
    lines += last != b"\n"  # a last line without its line end
    return max(0, lines - 1)


def _print_jobs(out: TextIO, jobs: list[Any], as_json: bool, one: bool = True) -> None:
    dicts = [job.to_dict() for job in jobs]
    if as_json:  # `list` prints a list even of one job
        print(json.dumps(dicts[0] if one else dicts, indent=2, default=str), file=out)
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
