"""Argument checks that run before anything is sent, each naming the offending parameter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zuora_sdk._core import constants
from zuora_sdk.exceptions import ApiTypeError, ApiValueError

_TRACK_ID_FORBIDDEN = frozenset(':;"\'')


def check_str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ApiTypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def check_id(name: str, value: Any) -> str:
    check_str(name, value)
    if not value.strip():
        raise ApiValueError(f"{name} must not be empty")
    if value in (".", ".."):  # would name another path than the job's
        raise ApiValueError(f"{name} must be an id, not {value!r}")
    return str(value)


def check_header_value(name: str, value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    check_str(name, value)
    if "\r" in value or "\n" in value or "\0" in value:
        raise ApiValueError(f"{name} must not contain CR, LF or NUL characters")
    return str(value)


def check_track_id(name: str, value: Any) -> str:
    check_header_value(name, value)
    if len(value) > constants.MAX_TRACK_ID_LENGTH:
        raise ApiValueError(f"{name} must be at most {constants.MAX_TRACK_ID_LENGTH} characters")
    if not value.isascii() or any(c in _TRACK_ID_FORBIDDEN for c in value):
        raise ApiValueError(f"{name} must be US-ASCII without any of : ; \" '")
    return str(value)


def check_idempotency_key(name: str, value: Any) -> str:
    check_header_value(name, value)
    if not value or len(value) > constants.MAX_IDEMPOTENCY_KEY_LENGTH:
        raise ApiValueError(f"{name} must be 1 to {constants.MAX_IDEMPOTENCY_KEY_LENGTH} characters")
    return str(value)


def check_page_size(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiTypeError(f"{name} must be an int, not {type(value).__name__}")
    if not 1 <= value <= constants.MAX_PAGE_SIZE:
        raise ApiValueError(f"{name} must be between 1 and {constants.MAX_PAGE_SIZE}, got {value}")
    return value


def check_content_type(name: str, value: Any) -> str:
    check_header_value(name, value)
    if value.split(";", 1)[0].strip().lower() != "text/csv":
        raise ApiValueError(f"{name} must be 'text/csv', got {value!r}")
    return str(value)


def check_content_encoding(name: str, value: Any) -> str:
    check_header_value(name, value)
    if value.strip().lower() not in ("gzip", "identity"):
        raise ApiValueError(f"{name} must be 'gzip' or 'identity' when a body is sent, got {value!r}")
    return str(value).strip().lower()


def check_timeout(name: str, value: Any) -> Any:
    """``None`` (the default), seconds in all, ``(connect, read)`` (either may be ``None``: no limit),
    or a ``urllib3.Timeout`` (which checks itself)."""
    if value is None or hasattr(value, "connect_timeout"):
        return value
    pair = isinstance(value, tuple)
    if pair and len(value) != 2:
        raise ApiValueError(f"{name} must be seconds or a (connect, read) pair, not {len(value)} values")
    for part in value if pair else (value,):
        if part is None and pair:
            continue
        if isinstance(part, bool) or not isinstance(part, (int, float)):
            raise ApiTypeError(f"{name} must be seconds (a number) or a (connect, read) pair, not {value!r}")
        if not part > 0:
            raise ApiValueError(f"{name} must be more than 0 seconds, not {value!r}")
    return value


def check_mapping(name: str, value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise ApiTypeError(f"{name} must be a dict, not {type(value).__name__}")
    return value
