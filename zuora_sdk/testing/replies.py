"""What the service answers, before it goes on the wire: a Reply (status, body, headers), Zuora's error
bodies, the reply for each refusal of the tenant, and the reply an injected fault asks for."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from . import codes
from .faults import Fault
from .refusals import (
    FileRefused,
    InvalidClient,
    InvalidRequest,
    JobLimitReached,
    NotAuthenticated,
    QuotaExhausted,
    Refusal,
    UnknownJob,
    UnsupportedGrant,
)

JSON = "application/json; charset=utf-8"
UNAUTHORIZED_HEADER = "Basic realm=Zuora API, ZSession realm=Zuora API, Bearer realm=Zuora API"
PROXY_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(status: int, body: Any, headers: dict[str, str] | None = None) -> Reply:
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Reply(status, data, JSON, headers or {})


def zuora_error(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    """Zuora's flat error body: {"code": <8 digits>, "message": "..."}."""
    return json_reply(status, {"code": code, "message": message}, headers)


def unauthorized() -> Reply:
    return json_reply(401, {"message": "Authentication error"}, {"WWW-Authenticate": UNAUTHORIZED_HEADER})


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


def refusal_reply(refusal: Refusal) -> Reply:
    """The reply Zuora gives for each way the tenant turns a request down."""
    message = str(refusal)
    if isinstance(refusal, InvalidRequest):
        return zuora_error(400, codes.SUBMIT_INVALID, f"Bad Request: {message}")
    if isinstance(refusal, FileRefused):
        return zuora_error(400, codes.FILE_INVALID, message)
    if isinstance(refusal, UnknownJob):
        return zuora_error(404, codes.NOT_FOUND, message)
    if isinstance(refusal, JobLimitReached):
        return zuora_error(429, codes.CONCURRENT_JOB_LIMIT, message)
    if isinstance(refusal, QuotaExhausted):
        return zuora_error(429, codes.RATE_LIMIT, message, {"RateLimit-Remaining": "0"})
    if isinstance(refusal, NotAuthenticated):
        return unauthorized()
    if isinstance(refusal, UnsupportedGrant):
        return json_reply(400, {"error": "unsupported_grant_type", "message": message})
    if isinstance(refusal, InvalidClient):
        return json_reply(401, {"error": "invalid_client", "message": message})
    raise TypeError(f"no reply for {type(refusal).__name__}")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
