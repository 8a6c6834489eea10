"""The control endpoint, /__sim__/...: drive a running simulator from another process or the shell.

No authentication: the simulator only listens on loopback. Part of the request handling: it acts on the
tenant and the fault queue directly, as the ZuoraSimulator methods of the same names do.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote

from .faults import Fault, FaultQueue
from .fields import FieldSpec
from .replies import Reply, json_reply
from .request_body import parse_json
from .state import Tenant

INJECT_KEYS = ("route", "times", "status", "body", "headers", "retry_after", "ratelimit_reset", "action", "delay")


def control(tenant: Tenant, faults: FaultQueue, method: str, path: str, query: str, raw: bytes) -> Reply:
    try:
        body: Any = parse_json(raw)
    except ValueError as exc:
        return json_reply(400, {"message": f"the body must be JSON: {exc}"})
    if body is None:
        body = {}
    if not isinstance(body, dict):
        return json_reply(400, {"message": "the body must be a JSON object"})
    name = path[len("/__sim__/"):]
    try:
        return _dispatch(tenant, faults, method, name, query, body)
    except (ValueError, TypeError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        return json_reply(400, {"message": str(message)})


def _dispatch(tenant: Tenant, faults: FaultQueue, method: str, name: str, query: str, body: dict[str, Any]) -> Reply:
    if name == "faults":
        if method == "POST":
            unknown = set(body) - set(INJECT_KEYS)
            if unknown:
                raise ValueError(f"unknown fault option(s): {', '.join(sorted(unknown))}")
            return json_reply(200, faults.add(Fault.of(**body)).as_dict())
        if method == "DELETE":
            faults.clear()
            return json_reply(200, {"faults": []})
        if method == "GET":
            return json_reply(200, {"faults": [fault.as_dict() for fault in faults.pending()]})
    elif name == "stats" and method == "GET":
        return json_reply(200, tenant.stats().as_dict())
    elif name == "advance" and method == "POST":
        seconds = body.get("seconds", 0)
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise ValueError('give {"seconds": <a number>}')
        tenant.clock.advance(float(seconds))
        return json_reply(200, {"advanced": float(seconds)})
    elif name == "complete" and method == "POST":
        return json_reply(200, {"completed": tenant.complete(body.get("job_id"))})
    elif name == "reset" and method == "POST":
        faults.clear()
        tenant.reset()
        return json_reply(200, {"reset": True})
    elif name == "users" and method == "POST":
        token, user_id = tenant.add_user()
        return json_reply(200, {"access_token": token, "user_id": user_id})
    elif name == "expire-tokens" and method == "POST":
        tenant.expire_tokens()
        return json_reply(200, {"expired": True})
    elif name == "objects" and method == "POST":
        if not isinstance(body.get("name"), str) or not isinstance(body.get("fields"), dict):
            raise ValueError('give {"name": "...", "fields": {"Field__c": "string" or {"type": ...}}}')
        tenant.define(body["name"], {field: _field(spec) for field, spec in body["fields"].items()})
        return json_reply(200, {"defined": body["name"]})
    elif name == "jobs" and method == "GET":
        return json_reply(200, {"jobs": tenant.job_snapshots()})
    elif name.startswith("records/") and method == "GET":
        return json_reply(200, {"records": tenant.records(unquote(name[len("records/"):]))})
    elif name == "requests" and method == "GET":
        limit = parse_qs(query).get("last", [""])[0]
        entries = tenant.request_log()
        if limit.isdigit():
            entries = entries[-int(limit):] if int(limit) else []
        return json_reply(200, {"requests": [entry.as_dict() for entry in entries]})
    return json_reply(404, {"message": f"no control action {method} /__sim__/{name}"})


def _field(spec: Any) -> Any:
    if isinstance(spec, str):
        return spec
    if isinstance(spec, dict):
        return FieldSpec(**spec)
    raise ValueError(f"a field is a type name or {{'type', 'required', 'filterable'}}, not {spec!r}")
