"""Request handling: one request in, one response out, with no socket in sight.

`Service.handle(request) -> Response` is the seam: the socket server (server.py) is a thin shell over it, and an
in-process transport can call it directly with `Request.build(method, target, headers, body)`. Here live the
routing, faults, authentication and quota, idempotency replay, the control endpoint, gzip and the standard
headers; the tenant (state.py) holds the data and knows nothing of HTTP.
"""

from __future__ import annotations

import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote

from . import codes
from .control import control
from .csv_rows import FileRejected, parse_upload
from .faults import FaultQueue
from .jobs import STATUSES
from .refusals import InvalidRequest, Refusal
from .replies import JSON, Reply, fault_reply, json_reply, refusal_reply, zuora_error
from .request_body import BodyError, BodyTooLarge, CountingStream, decoded, parse_json, read_small
from .state import Tenant
from .stats import RequestLogEntry
from .wire import Request, Response

GZIP_THRESHOLD = 1000  # bodies over this many bytes are compressed for clients that accept gzip
IDEMPOTENT_ROUTES = ("submit", "upload", "cancel")
HIDDEN_HEADERS = ("Authorization", "Proxy-Authorization", "Cookie")
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


class Service:
    """The simulated Zuora service over one tenant and its faults; shared by every connection (thread-safe)."""

    def __init__(self, tenant: Tenant, faults: FaultQueue, pause: Callable[[float], None] = time.sleep) -> None:
        self.tenant = tenant
        self.faults = faults
        self.pause = pause  # how a delaying fault waits: an in-process transport counts it instead

    def handle(self, request: Request) -> Response:
        """THE SEAM: answer one request. The response says whether the connection is kept, closed or reset.

        The body is read from `request.body` as it streams in (an upload is never held whole); a request built with
        `Request.build` serves an in-process transport exactly as one read from a socket serves the server.
        """
        if request.path.startswith("/__sim__/"):
            exchange = Exchange(request, "control", None, None, 0.0)
            reply = control(self.tenant, self.faults, request.method, request.path, request.query,
                            self._body(exchange))
            exchange.drain()
            return self._respond(exchange, reply)
        route, job_id, allowed = resolve(request.method, request.path)
        exchange = Exchange(request, route, job_id, allowed, self.tenant.clock.wall())
        self.tenant.record_request(route)
        fault = self.faults.take(route)
        if fault is not None and fault.action in ("respond", "html502", "drop_before"):
            exchange.drain()
            if fault.action == "drop_before":
                return self._drop(exchange)
            return self._respond(exchange, fault_reply(fault))
        if fault is not None and fault.action == "delay":
            self.pause(fault.delay)
        reply = self._process(exchange)
        exchange.drain()
        if fault is not None and fault.action == "drop_after":
            return self._drop(exchange)
        return self._respond(exchange, reply, truncate=fault is not None and fault.action == "truncate")

    # ----- processing ----------------------------------------------------------------------------

    def _process(self, exchange: Exchange) -> Reply:
        request = exchange.request
        try:
            if exchange.route != "token":  # the token endpoint takes client credentials, and has no quota
                self.tenant.admit(request.headers.get("Authorization"))
        except Refusal as refusal:
            return refusal_reply(refusal)
        key = request.headers.get("Idempotency-Key")
        if not key or self.tenant.settings.idempotency != "replay" or exchange.route not in IDEMPOTENT_ROUTES:
            return self._operate(exchange)
        found = self.tenant.idempotency_begin(key, request.method, request.path)
        if found == "mismatch":
            return zuora_error(422, codes.IDEMPOTENCY_MISMATCH,
                               "This Idempotency-Key was already used for a different request.")
        if found == "in_flight":
            return zuora_error(409, codes.IDEMPOTENCY_IN_FLIGHT,
                               "A request with this Idempotency-Key is still being processed.")
        if found is not None and not isinstance(found, str):
            return Reply(found.status, found.body, found.content_type, {"Idempotent-Replayed": "true"})
        try:
            reply = self._operate(exchange)
        except BaseException:
            self.tenant.idempotency_release(key)
            raise
        if reply.status < 500 and reply.status != 429:
            self.tenant.idempotency_store(key, reply.status, reply.body, reply.content_type)
        else:
            self.tenant.idempotency_release(key)
        return reply

    def _operate(self, exchange: Exchange) -> Reply:
        try:
            return self._route(exchange)
        except Refusal as refusal:
            exchange.drain()
            return refusal_reply(refusal)

    def _route(self, exchange: Exchange) -> Reply:
        route, job_id, tenant = exchange.route, exchange.job_id or "", self.tenant
        if route == "token":
            return self._token(exchange)
        if route == "submit":
            return self._submit(exchange)
        if route == "upload":
            return self._upload(exchange, job_id)
        exchange.drain()
        if route == "list":
            return self._list(exchange.request.query)
        if route == "get":
            return json_reply(200, tenant.job(job_id))
        if route == "errors":
            return json_reply(200, {"errors": tenant.job_errors(job_id)})
        if route == "cancel":
            return json_reply(200, tenant.cancel(job_id))
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

    def _token(self, exchange: Exchange) -> Reply:
        raw = self._body(exchange).decode("utf-8", "replace")
        form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        token = self.tenant.issue_token(form.get("grant_type"), form.get("client_id", ""),
                                        form.get("client_secret", ""))
        return json_reply(200, token, {"Cache-Control": "no-store"})

    def _list(self, query: str) -> Reply:
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        raw_size = params.get("pageSize", "25")
        if not raw_size.isdigit() or not 1 <= int(raw_size) <= 100:
            raise InvalidRequest("pageSize must be an integer from 1 to 100.")
        status = params.get("status") or None
        if status is not None and status not in STATUSES:
            raise InvalidRequest(f"unknown status {status!r}; use one of " + ", ".join(STATUSES) + ".")
        jobs, cursor = self.tenant.list_jobs(int(raw_size), status, params.get("cursor") or None)
        body: dict[str, Any] = {"count": len(jobs)}
        if cursor is not None:
            body["cursor"] = cursor
        body["jobs"] = jobs
        return json_reply(200, body)

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
        return json_reply(200, self.tenant.submit(body, self.tenant.user_of(request.headers.get("Authorization"))))

    def _upload(self, exchange: Exchange, job_id: str) -> Reply:
        request = exchange.request
        media_type = request.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if media_type != "text/csv":
            exchange.drain()
            return zuora_error(400, codes.FILE_INVALID, "The Content-Type of a file upload must be text/csv.")
        job, definition = self.tenant.begin_upload(job_id)
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
        return json_reply(200, self.tenant.end_upload(job, parsed))

    # ----- answering -----------------------------------------------------------------------------

    def _log(self, exchange: Exchange, status: int | None) -> None:
        request = exchange.request
        entry = RequestLogEntry(
            method=request.method, path=request.path, query=request.query, route=exchange.route, status=status,
            headers=request.headers.without(*HIDDEN_HEADERS), idempotency_key=request.headers.get("Idempotency-Key"),
            body_bytes=request.body.wire_bytes, time=exchange.arrived,
        )
        self.tenant.finish_request(entry)

    def _drop(self, exchange: Exchange) -> Response:
        self._log(exchange, None)
        return Response(0, [], b"", "reset")

    def _respond(self, exchange: Exchange, reply: Reply, *, truncate: bool = False) -> Response:
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
            quota = self.tenant.quota_standing()
            headers["RateLimit-Limit"] = f"{quota.limit};w={quota.seconds}"
            headers["RateLimit-Remaining"] = str(quota.remaining)
            headers["RateLimit-Reset"] = str(quota.reset)
        headers.update(reply.headers)
        keep = request.keep_alive and not exchange.close and not truncate
        headers["Connection"] = "keep-alive" if keep else "close"
        if exchange.route != "control":
            self._log(exchange, reply.status)
        if truncate:
            return Response(reply.status, list(headers.items()), body[: len(body) // 2], "close")
        return Response(reply.status, list(headers.items()), b"" if request.method == "HEAD" else body,
                        "keep" if keep else "close")
