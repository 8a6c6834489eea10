"""HTTP handling: routing, faults, authentication, idempotency, gzip and the standard headers."""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
import time
import uuid
import zlib
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import unquote

from . import codes
from .control import control
from .csv_rows import FileRejected, parse_upload
from .faults import Fault, FaultQueue
from .replies import JSON, Reply, json_reply, zuora_error
from .request_body import BodyError, BodyTooLarge, CountingStream, decoded, parse_json, read_small
from .state import Tenant
from .stats import RequestLogEntry
from .wire import MalformedRequest, Request, read_request, reset, response_head

if TYPE_CHECKING:
    from .simulator import ZuoraSimulator

GZIP_THRESHOLD = 1000  # bodies over this many bytes are compressed for clients that accept gzip
IDEMPOTENT_ROUTES = ("submit", "upload", "cancel")
HIDDEN_HEADERS = ("Authorization", "Proxy-Authorization", "Cookie")
PROXY_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
ALLOWED = {
    "/objects/jobs": {"POST": "submit", "GET": "list"},
    "get": {"GET": "get"},
    "errors": {"GET": "errors"},
    "cancel": {"PATCH": "cancel"},
    "files": {"POST": "upload"},
    "/oauth/token": {"POST": "token"},
}


def resolve(method: str, path: str) -> tuple[str, str | None, dict[str, str] | None]:
    """(route, job id, the methods the path allows). Route "other" for anything unknown."""
    table: dict[str, str] | None = None
    job_id = None
    if path in ("/objects/jobs", "/oauth/token"):
        table = ALLOWED[path]
    elif path.startswith("/objects/jobs/"):
        parts = path[len("/objects/jobs/"):].split("/")
        if len(parts) == 1 and parts[0]:
            table, job_id = ALLOWED["get"], unquote(parts[0])
        elif len(parts) == 2 and parts[0] and parts[1] in ("errors", "cancel", "files"):
            table, job_id = ALLOWED[parts[1]], unquote(parts[0])
    if table is None:
        return "other", None, None
    return table.get(method, "other"), job_id, table


def accepts_gzip(accept_encoding: str | None) -> bool:
    if not accept_encoding:
        return False
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip() in ("gzip", "x-gzip", "*"):
            quality = params.strip()
            return not (quality.startswith("q=") and quality[2:].strip() in ("0", "0.0", "0.00", "0.000"))
    return False


def gzip_bytes(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@dataclass
class Exchange:
    """One request on its way through the service."""

    request: Request
    route: str
    job_id: str | None
    allowed: dict[str, str] | None
    arrived: float
    close: bool = False  # the connection cannot carry another request after this one

    def drain(self) -> None:
        if self.close:
            return  # the framing is broken: reading on could wait for bytes that never come
        try:
            self.request.body.drain()
        except BodyError:
            self.close = True


def fault_reply(fault: Fault) -> Reply:
    if fault.action == "html502":
        return Reply(502, PROXY_502, "text/html")
    status = fault.status or 500
    body = fault.body
    if body is None:
        reply = json_reply(status, {"message": _phrase(status)})
    elif isinstance(body, bytes):
        reply = Reply(status, body, "text/plain; charset=utf-8")
    elif isinstance(body, str):
        reply = Reply(status, body.encode("utf-8"), "text/plain; charset=utf-8")
    else:
        reply = json_reply(status, body)
    headers = dict(fault.headers)
    content_type = next((value for name, value in headers.items() if name.lower() == "content-type"), None)
    if content_type is not None:
        reply.content_type = content_type
        headers = {name: value for name, value in headers.items() if name.lower() != "content-type"}
    if fault.retry_after is not None:
        headers["Retry-After"] = fault.retry_after
    if fault.ratelimit_reset is not None:
        headers["RateLimit-Reset"] = fault.ratelimit_reset
        if status == 429:
            headers["RateLimit-Remaining"] = "0"
    reply.headers = headers
    return reply


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class Service:
    """Answers one request at a time per connection; shared by all connection threads."""

    def __init__(self, tenant: Tenant, faults: FaultQueue, simulator: ZuoraSimulator) -> None:
        self.tenant = tenant
        self.faults = faults
        self.simulator = simulator

    def handle(self, request: Request, sock: socket.socket) -> str:
        """Answer `request`. Then the connection is to be kept ("keep"), closed ("close") or reset ("reset")."""
        if "100-continue" in request.headers.get("Expect", "").lower():
            sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        if request.path.startswith("/__sim__/"):
            exchange = Exchange(request, "control", None, None, 0.0)
            reply = control(self.simulator, request.method, request.path, request.query, self._body(exchange))
            exchange.drain()
            return self._send(sock, exchange, reply)
        route, job_id, allowed = resolve(request.method, request.path)
        exchange = Exchange(request, route, job_id, allowed, self.tenant.clock.wall())
        self.tenant.record_request(route)
        fault = self.faults.take(route)
        if fault is not None and fault.action in ("respond", "html502", "drop_before"):
            exchange.drain()
            if fault.action == "drop_before":
                self._log(exchange, None)
                return "reset"
            return self._send(sock, exchange, fault_reply(fault))
        if fault is not None and fault.action == "delay":
            time.sleep(fault.delay)
        reply = self._process(exchange)
        exchange.drain()
        if fault is not None and fault.action == "drop_after":
            self._log(exchange, None)
            return "reset"
        return self._send(sock, exchange, reply, truncate=fault is not None and fault.action == "truncate")

    # ----- processing ----------------------------------------------------------------------------

    def _process(self, exchange: Exchange) -> Reply:
        request = exchange.request
        refusal = self.tenant.admit(exchange.route, request.headers.get("Authorization"))
        if refusal is not None:
            return refusal
        key = request.headers.get("Idempotency-Key")
        if not key or self.tenant.settings.idempotency != "replay" or exchange.route not in IDEMPOTENT_ROUTES:
            return self._operate(exchange)
        found = self.tenant.idempotency_begin(key, request.method, request.path)
        if isinstance(found, Reply):
            found.headers["Idempotent-Replayed"] = "true"
            return found
        if found == "mismatch":
            return zuora_error(422, codes.IDEMPOTENCY_MISMATCH,
                               "This Idempotency-Key was already used for a different request.")
        if found == "in_flight":
            return zuora_error(409, codes.IDEMPOTENCY_IN_FLIGHT,
                               "A request with this Idempotency-Key is still being processed.")
        try:
            reply = self._operate(exchange)
        except BaseException:
            self.tenant.idempotency_release(key)
            raise
        if reply.status < 500 and reply.status != 429:
            self.tenant.idempotency_store(key, reply)
        else:
            self.tenant.idempotency_release(key)
        return reply

    def _operate(self, exchange: Exchange) -> Reply:
        route, job_id, tenant = exchange.route, exchange.job_id or "", self.tenant
        if route == "token":
            return tenant.token(self._body(exchange))
        if route == "submit":
            return self._submit(exchange)
        if route == "upload":
            return self._upload(exchange, job_id)
        exchange.drain()
        if route == "list":
            return tenant.list(exchange.request.query)
        if route == "get":
            return tenant.get(job_id)
        if route == "errors":
            return tenant.errors(job_id)
        if route == "cancel":
            return tenant.cancel(job_id)
        if exchange.allowed is not None:
            allow = ", ".join(sorted(exchange.allowed))
            return json_reply(405, {"message": f"Method {exchange.request.method} not allowed; allowed: {allow}"},
                              {"Allow": allow})
        return json_reply(404, {"message": f"No resource at {exchange.request.path}"})

    def _body(self, exchange: Exchange) -> bytes:
        try:
            return read_small(exchange.request.body, exchange.request.headers.get("Content-Encoding"))
        except BodyError as exc:
            exchange.close = exchange.close or exc.framing
            return b""

    def _submit(self, exchange: Exchange) -> Reply:
        request = exchange.request
        try:
            raw = read_small(request.body, request.headers.get("Content-Encoding"))
            body: Any = parse_json(raw)
        except BodyError as exc:
            exchange.close = exc.framing
            return zuora_error(400, codes.SUBMIT_INVALID, f"Bad Request: {exc}")
        except ValueError:
            return zuora_error(400, codes.SUBMIT_INVALID, "Bad Request: the body is not valid JSON.")
        return self.tenant.submit(body, self.tenant.user_of(request.headers.get("Authorization")))

    def _upload(self, exchange: Exchange, job_id: str) -> Reply:
        request = exchange.request
        media_type = request.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if media_type != "text/csv":
            exchange.drain()
            return zuora_error(400, codes.FILE_INVALID, "The Content-Type of a file upload must be text/csv.")
        begun = self.tenant.begin_upload(job_id)
        if isinstance(begun, Reply):
            exchange.drain()
            return begun
        job, definition = begun
        settings = self.tenant.settings
        try:
            stream = CountingStream(decoded(request.body, request.headers.get("Content-Encoding")),
                                    settings.max_file_bytes)
            parsed = parse_upload(stream, definition, job.operation, keep=settings.store_records)
            request.body.drain()
        except (FileRejected, BodyError) as exc:
            self.tenant.abort_upload(job)
            if isinstance(exc, BodyError) and exc.framing:
                exchange.close = True
            else:
                exchange.drain()
            return zuora_error(400, codes.FILE_INVALID, str(exc) if not isinstance(exc, BodyTooLarge) else (
                f"The file is larger than the {settings.max_file_bytes}-byte limit."))
        except BaseException:
            self.tenant.abort_upload(job)
            raise
        return self.tenant.end_upload(job, parsed)

    # ----- answering -----------------------------------------------------------------------------

    def _log(self, exchange: Exchange, status: int | None) -> None:
        request = exchange.request
        entry = RequestLogEntry(
            method=request.method, path=request.path, query=request.query, route=exchange.route, status=status,
            headers=request.headers.without(*HIDDEN_HEADERS), idempotency_key=request.headers.get("Idempotency-Key"),
            body_bytes=request.body.wire_bytes, time=exchange.arrived,
        )
        self.tenant.finish_request(entry)

    def _send(self, sock: socket.socket, exchange: Exchange, reply: Reply, *, truncate: bool = False) -> str:
        request = exchange.request
        body = reply.body
        headers: dict[str, str] = {"Content-Type": reply.content_type}
        if len(body) > GZIP_THRESHOLD and accepts_gzip(request.headers.get("Accept-Encoding")):
            body = gzip_bytes(body)
            headers["Content-Encoding"] = "gzip"
        if reply.content_type == JSON:
            headers["Vary"] = "Accept-Encoding"
        headers["Content-Length"] = str(len(body))
        headers["Zuora-Request-Id"] = str(uuid.uuid4())
        track_id = request.headers.get("Zuora-Track-Id")
        if track_id is not None:
            headers["Zuora-Track-Id"] = track_id
        if exchange.route != "control":
            headers.update(self.tenant.rate_headers())
        headers.update(reply.headers)
        keep = request.keep_alive and not exchange.close and not truncate
        headers["Connection"] = "keep-alive" if keep else "close"
        if exchange.route != "control":
            self._log(exchange, reply.status)
        head = response_head(reply.status, list(headers.items()))
        if truncate:
            sock.sendall(head + body[: len(body) // 2])
            return "close"
        sock.sendall(head if request.method == "HEAD" else head + body)
        return "keep" if keep else "close"


class SimulatorServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], service: Service) -> None:
        self.service = service
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, ConnectionHandler)

    def close_connections(self) -> None:
        with self.connections_lock:
            live = list(self.connections)
            self.connections.clear()
        for sock in live:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class ConnectionHandler(socketserver.BaseRequestHandler):
    """One client connection: requests are answered in turn while the client keeps it open."""

    server: SimulatorServer
    request: socket.socket

    def handle(self) -> None:
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.connections.add(sock)
        rfile: BinaryIO = sock.makefile("rb", buffering=64 * 1024)  # type: ignore[assignment]
        outcome = "close"
        try:
            while True:
                try:
                    request = read_request(rfile)
                except MalformedRequest as exc:
                    message = json.dumps({"message": f"Bad Request: {exc}"}).encode()
                    sock.sendall(response_head(400, [("Content-Type", JSON), ("Content-Length", str(len(message))),
                                                     ("Connection", "close")]) + message)
                    return
                if request is None:
                    return
                outcome = self.server.service.handle(request, sock)
                if outcome != "keep":
                    return
        except OSError:  # the client went away (reset, broken pipe, timeout)
            return
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(sock)
            rfile.close()  # the socket only really closes once its file object is closed
            if outcome == "reset":
                reset(sock)
