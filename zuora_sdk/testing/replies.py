"""An answer the service gives: status, body and headers, before it goes on the wire."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json; charset=utf-8"
UNAUTHORIZED_HEADER = "Basic realm=Zuora API, ZSession realm=Zuora API, Bearer realm=Zuora API"


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
