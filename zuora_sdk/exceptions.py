"""The exception tree.

Everything the SDK raises derives from :class:`OpenApiException`. Client-side mistakes are
also ``ValueError``/``TypeError`` subclasses; anything that happened on the wire (an HTTP error
status, a dropped connection, a timeout) is an :class:`ApiException`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol


class ErrorBody(Protocol):
    """What an error answer's body parses into (``CommonErrorResponse``, or ``ProxyUnauthorizedResponse``
    for a 401 from Zuora's gateway): this module imports no model, the models import it."""

    @property
    def message(self) -> str | None: ...


class OpenApiException(Exception):
    """Base of every exception this SDK raises."""


class ApiTypeError(OpenApiException, TypeError):
    """An argument has the wrong type (raised before anything is sent)."""

    def __init__(self, msg: str, path_to_item: Any = None, valid_classes: Any = None, key_type: Any = None):
        self.path_to_item = path_to_item
        self.valid_classes = valid_classes
        self.key_type = key_type
        super().__init__(msg)


class ApiValueError(OpenApiException, ValueError):
    """An argument has a value the service would refuse (raised before anything is sent)."""

    def __init__(self, msg: str, path_to_item: Any = None):
        self.path_to_item = path_to_item
        super().__init__(msg)


class ApiAttributeError(OpenApiException, AttributeError):
    def __init__(self, msg: str, path_to_item: Any = None):
        self.path_to_item = path_to_item
        super().__init__(msg)


class ApiKeyError(OpenApiException, KeyError):
    def __init__(self, msg: str, path_to_item: Any = None):
        self.path_to_item = path_to_item
        super().__init__(msg)


class InsecureTransportError(ApiValueError):
    """A credential would be sent in clear text over plain http:// to a non-loopback host."""


class MissingCredentialsError(ApiValueError):
    """A call would go out without credentials: refused before anything is sent (a host left at its
    default is Zuora production)."""

    def __init__(self, msg: str | None = None) -> None:
        super().__init__(msg or (
            "no credentials are configured, so nothing was sent: set ZUORA_ACCESS_TOKEN, or ZUORA_CLIENT_ID and "
            "ZUORA_CLIENT_SECRET, for Configuration.from_env(); or give Configuration(access_token=...) or "
            "Configuration(client_id=..., client_secret=...), or use ZuoraClient(client_id, client_secret, env)"
        ))


class ApiException(OpenApiException):
    """An HTTP exchange with Zuora failed.

    ``status``/``reason``/``headers``/``body`` describe the response (``status`` is ``None``
    when no response arrived); ``data`` is the parsed Zuora error body when there was one;
    ``request_id`` is the ``Zuora-Request-Id`` to quote to Zuora support; ``attempts`` is how
    many times the request was sent.
    """

    def __init__(
        self,
        status: int | None = None,
        reason: str | None = None,
        http_resp: Any = None,
        *,
        body: str | None = None,
        data: ErrorBody | None = None,
        headers: Mapping[str, str] | None = None,
        attempts: int = 1,
    ) -> None:
        self.status = status
        self.reason = reason
        self.body = body
        self.data = data
        self.headers: Mapping[str, str] | None = headers
        self.attempts = attempts
        self.retry_after: float | None = None  # seconds the server asked us to wait, when it said
        if http_resp is not None:
            self.status = http_resp.status if status is None else status
            self.reason = http_resp.reason if reason is None else reason
            self.headers = http_resp.headers if headers is None else headers
            if body is None:
                raw = getattr(http_resp, "data", b"")
                self.body = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        super().__init__(self.status, self.reason)

    @property
    def request_id(self) -> str | None:
        return self.headers.get("Zuora-Request-Id") if self.headers is not None else None

    @property
    def code(self) -> int | None:
        """The Zuora error code of the body (an 8-digit number), when there is one."""
        value = getattr(self.data, "code", None)
        return value if isinstance(value, int) else None

    @property
    def message(self) -> str | None:
        """The Zuora error message of the body, when there is one."""
        value = getattr(self.data, "message", None)
        return value if isinstance(value, str) else None

    @classmethod
    def from_response(
        cls,
        *,
        http_resp: Any,
        body: str | None,
        data: ErrorBody | None,
        attempts: int = 1,
    ) -> ApiException:
        """The exception of the right class for an error response."""
        status = int(http_resp.status)
        return exception_class(status)(http_resp=http_resp, body=body, data=data, attempts=attempts)

    def __str__(self) -> str:
        parts = [f"({self.status})" if self.status is not None else "(no response)"]
        if self.reason:
            parts.append(self.reason)
        detail = " ".join(str(x) for x in (self.code, self.message) if x not in (None, ""))
        if detail:
            parts.append(f"- {detail}")
        if self.request_id:
            parts.append(f"[Zuora-Request-Id: {self.request_id}]")
        if self.attempts > 1:
            parts.append(f"after {self.attempts} attempts")
        return " ".join(parts)

    def __repr__(self) -> str:
        # What a notebook shows for the exception as a value: the facts to act on or to quote to
        # Zuora support. Never the headers or body, which may echo credentials.
        fields = {"status": self.status, "code": self.code, "message": self.message or self.reason,
                  "request_id": self.request_id}
        if self.attempts > 1:
            fields["attempts"] = self.attempts
        shown = ", ".join(f"{name}={value!r}" for name, value in fields.items() if value is not None)
        return f"{type(self).__name__}({shown})"


class UnexpectedResponseError(ApiException):
    """A successful answer that is not what the operation returns: an empty body, text that is not
    JSON, JSON of another shape, or a field whose value does not convert (``"recordsProcessed": "lots"``).

    ``status``, ``headers`` and ``request_id`` are the answer's; ``reason`` says what was wrong;
    ``body`` is the start of the raw body (at most ``MAX_BODY_SHOWN`` characters).
    """

    MAX_BODY_SHOWN = 1000

    @classmethod
    def of(cls, http_resp: Any, problem: str, attempts: int = 1) -> UnexpectedResponseError:
        raw = http_resp.data or b""
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        if len(text) > cls.MAX_BODY_SHOWN:
            text = f"{text[:cls.MAX_BODY_SHOWN]}... ({len(raw)} bytes in all)"
        return cls(http_resp=http_resp, reason=problem, body=text, attempts=attempts)


class BadRequestException(ApiException):
    """400: Zuora refused the request (see ``code`` and ``message``)."""


class UnauthorizedException(ApiException):
    """401: the credentials were refused. A wrong host is the most common cause."""


class ForbiddenException(ApiException):
    """403: the user lacks the permission (View/Edit/Delete Custom Objects)."""


class NotFoundException(ApiException):
    """404: no such job."""


class ConflictException(ApiException):
    """409: a request with the same idempotency key is still running."""


class UnprocessableEntityException(ApiException):
    """422: an idempotency key was reused for a different request."""


class RateLimitException(ApiException):
    """429: the tenant's rate or concurrent-job limit was reached.

    ``retry_after`` is how many seconds the server asked us to wait, when it said.
    """

    def __str__(self) -> str:
        text = super().__str__()
        if self.retry_after is not None:
            text += f" (server asks to wait {self.retry_after:g} s)"
        return text


class JobSlotsFullError(RateLimitException):
    """429 on a submit while the request quota is not spent: the tenant's concurrent-job slots
    (5: accepted, pending and in-progress jobs all count) are taken. Waiting out the quota window
    does not free a slot; a job finishing or being cancelled does. The bulk loader waits for you."""

    slots = 5  # the tenant's concurrent jobs; the client sets constants.MAX_CONCURRENT_JOBS

    def __str__(self) -> str:
        return (
            f"{super().__str__()}: the tenant's {self.slots} job slots are all taken by "
            "accepted, pending or in-progress jobs; submit again once one finishes or is cancelled "
            "(BulkLoader waits for a free slot)"
        )


class ResponseTooLargeError(ApiException):
    """The answer's body grew past ``Configuration.max_response_bytes`` once decompressed; the
    rest was not read (``body`` is empty)."""

    def __init__(self, limit: int, http_resp: Any, attempts: int = 1) -> None:
        super().__init__(
            reason=f"the answer is larger than Configuration.max_response_bytes ({limit} bytes once decompressed); "
            "it was not read further",
            http_resp=http_resp, body="", attempts=attempts,
        )
        self.limit = limit


class ServiceException(ApiException):
    """5xx: Zuora (or a proxy in front of it) failed."""


class ApiConnectionError(ApiException):
    """No response arrived: the connection could not be made, or it broke."""

    def __init__(self, message: str, *, attempts: int = 1, sent: bool = False, retryable: bool = True) -> None:
        super().__init__(reason=message, attempts=attempts)
        self.sent = sent
        self.retryable = retryable  # False when trying again cannot help (a proxy refusing us)

    def __str__(self) -> str:
        text = f"(no response) {self.reason}"
        return text + (f" after {self.attempts} attempts" if self.attempts > 1 else "")


class ApiTimeoutError(ApiConnectionError):
    """The server did not answer within the timeout."""


class AuthenticationError(UnauthorizedException):
    """An OAuth token could not be obtained (the token endpoint's answer is attached)."""


class OutcomeUnknownError(ApiException):
    """A write was sent but its answer was lost, so the SDK cannot tell whether it happened.

    Raised instead of blindly sending a submit again (the service may ignore idempotency keys
    on these paths). ``idempotency_key`` is the key the request carried; ``sent_after`` and
    ``sent_before`` bound when a job it may have created was made; ``cause`` is the failure.
    """

    def __init__(
        self,
        message: str,
        *,
        idempotency_key: str | None,
        sent_after: datetime,
        sent_before: datetime,
        cause: ApiException,
        attempts: int = 1,
    ) -> None:
        super().__init__(status=cause.status, reason=message, headers=cause.headers, attempts=attempts)
        self.idempotency_key = idempotency_key
        self.sent_after = sent_after
        self.sent_before = sent_before
        self.cause = cause

    def __str__(self) -> str:
        return (
            f"{self.reason} (idempotency key {self.idempotency_key}, sent between "
            f"{self.sent_after.isoformat()} and {self.sent_before.isoformat()}; cause: {self.cause})"
        )


_BY_STATUS: dict[int, type[ApiException]] = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    409: ConflictException,
    422: UnprocessableEntityException,
    429: RateLimitException,
}


def exception_class(status: int) -> type[ApiException]:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServiceException if 500 <= status <= 599 else ApiException
