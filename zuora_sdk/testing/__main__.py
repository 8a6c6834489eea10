"""Run the simulator from the shell: python -m zuora_sdk.testing --port 8080

The options are declared once here and shared with ``zuora-jobs simulator``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The simulator's options, on ``parser``."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, metavar="PORT",
                        help="port to listen on; 0 picks a free one (default 8080)")
    parser.add_argument("--access-token", metavar="TOKEN", help="the static bearer token (default: generated)")
    parser.add_argument("--client-id", metavar="ID", help="OAuth client id (default: generated)")
    parser.add_argument("--client-secret", metavar="SECRET", help="OAuth client secret (default: generated)")
    parser.add_argument("--processing-delay", type=float, default=0.0, metavar="SECONDS",
                        help="seconds a job stays in progress after its upload (default 0)")
    parser.add_argument("--idempotency", choices=("ignore", "replay"), default="ignore",
                        help="ignore Idempotency-Key like Zuora does on these paths, or replay stored answers "
                             "(default ignore)")
    parser.add_argument("--max-concurrent-jobs", type=int, default=5, metavar="JOBS",
                        help="jobs a tenant may have accepted, pending or in progress at once (default 5)")
    parser.add_argument("--max-file-bytes", type=int, default=15 * 1024 * 1024, metavar="BYTES",
                        help="largest job file in bytes, 0 for no limit (default 15728640, 15 MB)")
    parser.add_argument("--rate-limit", nargs=2, type=int, metavar=("REQUESTS", "SECONDS"),
                        help="answer 429 past REQUESTS requests per SECONDS seconds (default: no limit)")
    parser.add_argument("--no-store-records", action="store_true",
                        help="validate and count rows but keep no records (for large benchmarks)")


def serve(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run a simulator with the options of :func:`add_arguments` until SIGINT (Ctrl-C) or SIGTERM."""
    from .simulator import ZuoraSimulator

    out = out or sys.stdout
    err = err or sys.stderr
    sim = ZuoraSimulator(
        host=args.host, port=args.port, access_token=args.access_token, client_id=args.client_id,
        client_secret=args.client_secret, processing_delay=args.processing_delay, idempotency=args.idempotency,
        max_concurrent_jobs=args.max_concurrent_jobs, max_file_bytes=args.max_file_bytes or None,
        rate_limit=tuple(args.rate_limit) if args.rate_limit else None, store_records=not args.no_store_records,
    )
    # Set both handlers before anything can arrive: a shell that starts us in the background
    # (`cmd &`) hands SIGINT down ignored, and Python then never raises KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        try:
            sim.start()
        except OSError as exc:
            print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=err)
            return 1
        print(f"ZUORA_HOST={sim.base_url}", file=out)
        print(f"ZUORA_ACCESS_TOKEN={sim.access_token}", file=out)
        print(f"ZUORA_CLIENT_ID={sim.client_id}", file=out)
        print(f"ZUORA_CLIENT_SECRET={sim.client_secret}", file=out)
        print(f"Zuora simulator listening on {sim.base_url} (control endpoint: {sim.base_url}/__sim__/stats); "
              "Ctrl-C to stop.", file=out, flush=True)
        threading.Event().wait()  # until a signal raises KeyboardInterrupt here
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


def _interrupt(*_: Any) -> NoReturn:
    # Raised in the main thread, like Ctrl-C: nothing is waited on from inside a signal handler.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zuora_sdk.testing", description="Run a Zuora simulator.")
    add_arguments(parser)
    return serve(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
