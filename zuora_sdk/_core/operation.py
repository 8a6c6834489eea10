"""How an API operation is written down once: method, path, parameters, response type, write safety.

The API classes declare one :class:`Operation` per endpoint; the ApiClient turns an operation
and the arguments of a call into a request. The ``_with_http_info`` and
``_without_preload_content`` variants of a method are made from the method by :func:`variant`.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar, cast

from typing_extensions import Concatenate, ParamSpec

from zuora_sdk._core.validation import (
    check_content_encoding,
    check_content_type,
    check_header_value,
    check_id,
    check_idempotency_key,
    check_page_size,
    check_str,
    check_track_id,
)
from zuora_sdk.exceptions import ApiTypeError

if TYPE_CHECKING:
    import urllib3

    from zuora_sdk._core.retry import RetryPolicy
    from zuora_sdk.api_response import ApiResponse

T = TypeVar("T")
S = TypeVar("S")
P = ParamSpec("P")


class RequestOptions(TypedDict, total=False):
    """Per-call options every method accepts as keyword arguments."""

    _request_timeout: float | tuple[float, float] | None  # total seconds, or (connect, read)
    _request_auth: dict[str, Any] | None  # {"in": "header", "key": "Authorization", "value": ...}
    _content_type: str | None
    _headers: Mapping[str, str] | None  # extra headers; they win over everything else
    _host_index: int | None  # index into Configuration.get_host_settings()
    _retries: RetryPolicy | int | None  # this call's retry policy; 0 turns retries off


class CallOptions(RequestOptions, total=False):
    """What the helpers that make calls for you pass on to every call: headers and request options."""

    accept_encoding: str | None
    zuora_track_id: str | None
    zuora_entity_ids: str | None
    authorization: str | None
    zuora_version: str | None
    zuora_org_ids: str | None


class Mode(enum.Enum):
    DATA = "data"  # the model
    INFO = "info"  # ApiResponse[model]
    RAW = "raw"  # the urllib3 response, unread
    STREAM = "stream"  # the body in chunks as they arrive (for answers too large to hold)


class WriteSafety(enum.Enum):
    READ = "read"  # safe to send again
    NEVER_REPLAY = "never_replay"  # sent again only when the server surely did not act on it
    RECONCILE = "reconcile"  # after a lost answer, look at the server's state before sending again


# Header parameters shared by every operation: argument name -> header name, check.
HEADER_PARAMS: dict[str, tuple[str, Callable[[str, Any], str]]] = {
    "idempotency_key": ("Idempotency-Key", check_idempotency_key),
    "accept_encoding": ("Accept-Encoding", check_header_value),
    "content_encoding": ("Content-Encoding", check_header_value),
    "zuora_track_id": ("Zuora-Track-Id", check_track_id),
    "zuora_entity_ids": ("Zuora-Entity-Ids", check_header_value),
    "authorization": ("Authorization", check_header_value),
    "zuora_version": ("Zuora-Version", check_header_value),
    "zuora_org_ids": ("Zuora-Org-Ids", check_header_value),
    "content_type": ("Content-Type", check_content_type),
}

QUERY_CHECKS: dict[str, Callable[[str, Any], Any]] = {"page_size": check_page_size}

_PATH_PARAM = re.compile(r"\{(\w+)\}")


# Headers a read-back after a lost answer carries over from the call it checks on.
PASSED_ON = ("zuora_track_id", "zuora_entity_ids", "zuora_org_ids", "authorization", "zuora_version")


@dataclass(frozen=True)
class ReadBack:
    """How to learn, after a write's answer was lost, whether it took effect: read the job back
    with ``via`` (same ``id``, same :data:`PASSED_ON` headers); it did when the job's status is
    one of ``statuses``, and surely did not otherwise."""

    via: Operation[Any]
    statuses: frozenset[str]


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One endpoint. ``response`` returns its model class (called at the first call, so that
    building an API object loads no model); ``query`` maps argument names to query names;
    ``body`` names the JSON body argument (a model or dict); ``file`` names the upload argument;
    ``read_back`` is how to find out, after a lost answer, whether the request took effect;
    ``starts_job`` marks the submit, which takes one of the tenant's job slots."""

    name: str
    method: str
    path: str
    response: Callable[[], type[T]]
    query: Mapping[str, str] = field(default_factory=dict)
    body: str | None = None
    file: str | None = None
    safety: WriteSafety = WriteSafety.READ
    read_back: ReadBack | None = None
    upload: bool = False
    starts_job: bool = False

    @functools.cached_property
    def response_type(self) -> type[T]:
        return self.response()

    @functools.cached_property
    def path_params(self) -> list[str]:
        return _PATH_PARAM.findall(self.path)

    def check_arguments(self, args: Mapping[str, Any], *, values: bool = True) -> dict[str, Any]:
        """The arguments checked, the one time they are: header values as they will be sent,
        ``content_encoding`` of a body as ``gzip`` or ``identity``, the body or file present.
        With ``values`` False (``Configuration.client_side_validation``), only what building the
        request needs is checked. None stands for an argument not given, and is left out."""
        checked = {name: value for name, value in args.items() if value is not None}
        if values:
            self._check_values(checked, args)
        else:
            checked.update((name, str(value)) for name, value in checked.items() if name in HEADER_PARAMS)
        self._check_payload(checked)
        return checked

    def _check_values(self, checked: dict[str, Any], args: Mapping[str, Any]) -> None:
        for name in self.path_params:
            check_id(name, args.get(name))
        for name, value in checked.items():
            if name in HEADER_PARAMS:
                checked[name] = HEADER_PARAMS[name][1](name, value)
            elif name in self.query:
                check: Callable[[str, Any], Any] = QUERY_CHECKS.get(name, check_str)
                check(name, value)

    def _check_payload(self, checked: dict[str, Any]) -> None:
        if (self.body or self.file) and "content_encoding" in checked:
            checked["content_encoding"] = check_content_encoding("content_encoding", checked["content_encoding"])
        if self.body:
            value = checked.get(self.body)
            if value is None:
                raise ApiTypeError(f"{self.body} is required")
            if not hasattr(value, "to_dict") and not isinstance(value, Mapping):
                raise ApiTypeError(f"{self.body} must be a model or a dict, not {type(value).__name__}")
        if self.file and checked.get(self.file) is None:
            raise ApiTypeError(f"{self.file} is required")


def variant(
    method: Callable[Concatenate[S, P], T], mode: Mode
) -> Callable[Concatenate[S, P], Any]:
    """The same method returning something else (``ApiResponse[T]`` or the raw response)."""

    def call(self: S, /, *args: P.args, **kwargs: P.kwargs) -> Any:
        return cast(Any, method)(self, *args, _mode=mode, **kwargs)

    functools.update_wrapper(call, method)
    suffix = "with_http_info" if mode is Mode.INFO else "without_preload_content"
    call.__name__ = f"{method.__name__}_{suffix}"
    call.__qualname__ = f"{method.__qualname__}_{suffix}"
    return call


def with_http_info(method: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], ApiResponse[T]]:
    return variant(method, Mode.INFO)


def without_preload_content(
    method: Callable[Concatenate[S, P], T],
) -> Callable[Concatenate[S, P], urllib3.BaseHTTPResponse]:
    return variant(method, Mode.RAW)
