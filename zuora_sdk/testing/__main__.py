"""Run the simulator from the shell: python -m zuora_sdk.testing --port 8080"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from .simulator import ZuoraSimulator


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zuora_sdk.testing", description="Run a Zuora simulator.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default 8080)")
    parser.add_argument("--access-token", help="the static bearer token (default: generated)")
    parser.add_argument("--client-id", help="OAuth client id (default: generated)")
    parser.add_argument("--client-secret", help="OAuth client secret (default: generated)")
    parser.add_argument("--processing-delay", type=float, default=0.0, metavar="S",
                        help="seconds a job stays in progress (default 0)")
    parser.add_argument("--idempotency", choices=("ignore", "replay"), default="ignore",
                        help="ignore Idempotency-Key like Zuora does on these paths, or replay stored answers")
    parser.add_argument("--max-concurrent-jobs", type=int, default=5)
    parser.add_argument("--max-file-bytes", type=int, default=15 * 1024 * 1024, help="0 for no limit")
    parser.add_argument("--rate-limit", nargs=2, type=int, metavar=("REQUESTS", "SECONDS"))
    parser.add_argument("--no-store-records", action="store_true", help="validate and count rows, keep no records")
    args = parser.parse_args(argv)

    sim = ZuoraSimulator(
        host=args.host, port=args.port, access_token=args.access_token, client_id=args.client_id,
        client_secret=args.client_secret, processing_delay=args.processing_delay, idempotency=args.idempotency,
        max_concurrent_jobs=args.max_concurrent_jobs, max_file_bytes=args.max_file_bytes or None,
        rate_limit=tuple(args.rate_limit) if args.rate_limit else None, store_records=not args.no_store_records,
    )
    try:
        sim.start()
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"ZUORA_HOST={sim.base_url}")
    print(f"ZUORA_ACCESS_TOKEN={sim.access_token}")
    print(f"ZUORA_CLIENT_ID={sim.client_id}")
    print(f"ZUORA_CLIENT_SECRET={sim.client_secret}")
    print(f"Zuora simulator listening on {sim.base_url} (control endpoint: {sim.base_url}/__sim__/stats); "
          "Ctrl-C to stop.", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
