"""A bare HTTP server that reads request bodies and throws them away, answering every request
with the same job JSON: an upload target whose cost is as close to nothing as Python allows, so a
benchmark against it shows the client's cost rather than the simulator's CSV checks.

    python bench/_sink.py   (prints ZUORA_HOST=... and ZUORA_ACCESS_TOKEN=... like the simulator)
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUFFER = 1024 * 1024
JOB = json.dumps(
    {
        "Id": "00000000-0000-4000-8000-000000000000",
        "namespace": "default",
        "object": "vehicle",
        "operation": "create",
        "status": "in_progress",
        "CreatedDate": "2024-01-01T00:00:00.000Z",
        "UpdatedDate": "2024-01-01T00:00:00.000Z",
    }
).encode()


class Discard(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the simulator does

    def do_GET(self) -> None:
        self.answer()

    def do_POST(self) -> None:
        received = self.discard_body()
        self.server.received += received  # type: ignore[attr-defined]
        self.answer()

    def discard_body(self) -> int:
        buffer = bytearray(BUFFER)
        view = memoryview(buffer)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            total = 0
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                        pass
                    return total
                total += self.read_into(view, size)
                self.rfile.readline()  # the CRLF after each chunk
        return self.read_into(view, int(self.headers.get("Content-Length") or 0))

    def read_into(self, view: memoryview, size: int) -> int:
        left = size
        while left:
            got = self.rfile.readinto(view[: min(left, len(view))])
            if not got:
                raise ConnectionError("the client closed the connection mid-body")
            left -= got
        return size

    def answer(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(JOB)))
        self.end_headers()
        self.wfile.write(JOB)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Discard)
    server.daemon_threads = True
    server.received = 0  # type: ignore[attr-defined]
    print(f"ZUORA_HOST=http://127.0.0.1:{server.server_port}")
    print("ZUORA_ACCESS_TOKEN=sink", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
