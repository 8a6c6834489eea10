"""urllib3's failures as our exceptions, saying whether the request may have reached the server."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    EmptyPoolError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProxyError,
    ReadTimeoutError,
)

from zuora_sdk.exceptions import ApiConnectionError, ApiTimeoutError

if TYPE_CHECKING:
    from zuora_sdk._core.bounds import AttemptBudget

# How http.client reports a proxy refusing to open a tunnel (403) or wanting credentials (407):
# it gives the status only in this message.
_TUNNEL_REFUSED = re.compile(r"Tunnel connection failed: 40[37]\b")

# Failures that come before a byte of the request leaves: no connection, or no pool to take one from.
_NEVER_SENT = (ConnectTimeoutError, NewConnectionError, NameResolutionError, ClosedPoolError, EmptyPoolError)


def transport_error(exc: BaseException, sent: bool = True, budget: AttemptBudget | None = None) -> ApiConnectionError:
    """Our exception for a urllib3 failure, with ``sent`` False only when the server surely saw
    nothing: the failure came before any request byte left (``sent`` False), or is of a kind that
    only happens before (no connection, no pool)."""
    if isinstance(exc, MaxRetryError) and exc.reason is not None:
        exc = exc.reason
    if budget is not None and budget.expired:
        return ApiTimeoutError(
            f"the attempt spent its {budget.describe()} on the network (Configuration.attempt_timeout, "
            "upload_attempt_timeout, or a number as _request_timeout) without a whole answer", sent=sent
        )
    detail = _describe(exc)
    if isinstance(exc, ProxyError) and _TUNNEL_REFUSED.search(detail):
        # The proxy refuses to open a tunnel (403) or wants credentials (407): asking again won't help.
        return ApiConnectionError(f"the proxy refused the connection: {detail}", sent=False, retryable=False)
    if not sent or isinstance(exc, _NEVER_SENT):
        # urllib3's NewConnectionError (refused, unreachable) is a ConnectTimeoutError too; a read
        # timeout before sending happened in the TLS handshake.
        timed_out = isinstance(exc, (ConnectTimeoutError, ReadTimeoutError)) and not isinstance(exc, NewConnectionError)
        if timed_out:
            return ApiTimeoutError(f"timed out connecting: {detail}", sent=False)
        return ApiConnectionError(f"could not connect: {detail}", sent=False)
    if isinstance(exc, ReadTimeoutError):
        return ApiTimeoutError(f"timed out waiting for the response: {detail}", sent=True)
    return ApiConnectionError(f"connection broken: {detail}", sent=True)


def _describe(exc: BaseException) -> str:
    # urllib3 messages can embed the pool object; keep the class and the innermost reason.
    inner = exc
    while inner.__context__ is not None and inner.args == ():
        inner = inner.__context__
    text = str(inner.args[-1] if inner.args else inner)
    return f"{type(exc).__name__}: {text}"[:300]
