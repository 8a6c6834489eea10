"""The ApiClient: turns an operation and its arguments into a request, sends it through the one
retry loop, and turns the answer into a model, an ``ApiResponse`` or an exception."""

from __future__ import annotations

import json
import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import quote, urlencode, urlsplit

from typing_extensions import Self
from urllib3.util import parse_url

from zuora_sdk._core import constants
from zuora_sdk._core.auth import BearerToken, Credentials, NoCredentials, OAuthClientCredentials
from zuora_sdk._core.bodies import Body, json_body, upload_body
from zuora_sdk._core.bounds import AttemptBudget, budget_for
from zuora_sdk._core.operation import HEADER_PARAMS, PASSED_ON, Mode, Operation, ReadBack, RequestOptions, WriteSafety
from zuora_sdk._core.retry import RetryPolicy, quota_left, server_wait_hint
from zuora_sdk._core.transport import Answer, Transport, TransportResponse, abandon, iter_body, read_body
from zuora_sdk._core.validation import check_header_value, check_mapping, check_timeout
from zuora_sdk.api_response import ApiResponse
from zuora_sdk.configuration import Configuration
from zuora_sdk.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiTypeError,
    ApiValueError,
    AuthenticationError,
    InsecureTransportError,
    JobSlotsFullError,
    MissingCredentialsError,
    OutcomeUnknownError,
    ResponseTooLargeError,
    UnexpectedResponseError,
)
from zuora_sdk.rest import RESTClientObject, Timeout, make_timeout

if TYPE_CHECKING:
    import urllib3

logger = logging.getLogger("zuora_sdk")
T = TypeVar("T")

_OPTIONS = frozenset(RequestOptions.__annotations__) | {"_mode"}
_LOOPBACK = ("localhost", "127.0.0.1", "::1")
# Header names (lower case) whose values must not travel in clear.
_SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "apiaccesskeyid", "apisecretaccesskey"})
# Those that can authenticate a call to Zuora: without one, nothing is sent.
_CREDENTIAL_HEADERS = _SECRET_HEADERS - {"proxy-authorization"}
# Answers after which the server may or may not have acted on the request.
_OUTCOME_UNKNOWN_STATUSES = frozenset({500, 502, 504})
_ORIGINS_KEPT = 16
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch
_NEVER = datetime.min.replace(tzinfo=timezone.utc)  # reads never need the time they were first sent


class Request:
    """Everything needed to send one logical call, however many attempts it takes.

    A plain class rather than a dataclass: one is built per call, and defining a dataclass costs
    about half a millisecond at import."""

    __slots__ = ("args", "authenticate", "body", "budget", "explicit_auth", "headers", "method", "parse",
                 "parse_json", "policy", "read_back", "safety", "starts_job", "timeout", "url")

    def __init__(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Body | None,
        timeout: urllib3.Timeout,
        policy: RetryPolicy,
        parse: Callable[[Any], Any],
        safety: WriteSafety = WriteSafety.READ,
        read_back: ReadBack | None = None,
        args: Mapping[str, Any] | None = None,
        authenticate: bool = True,
        budget: AttemptBudget | None = None,
        starts_job: bool = False,
        parse_json: Callable[[bytearray], Any] | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.policy = policy
        self.parse = parse
        self.parse_json = parse_json  # the model straight from the body's bytes, when it fits
        self.safety = safety
        self.read_back = read_back
        self.args = args or {}  # the checked arguments, for a read-back
        self.authenticate = authenticate
        self.budget = budget or AttemptBudget(None)  # each attempt gets a fresh copy
        self.starts_job = starts_job
        self.explicit_auth = "authorization" in map(str.lower, headers)

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("Idempotency-Key")


class _Run:
    """Where a call stands between attempts: how many were made, the time waited, whether the
    credentials were refreshed after a 401, and when a write was first sent."""

    __slots__ = ("attempt", "first_sent", "refreshed", "waited")

    def __init__(self, request: Request) -> None:
        self.attempt = 0
        self.waited = 0.0
        self.refreshed = False
        self.first_sent = datetime.now(timezone.utc) if request.safety is not WriteSafety.READ else _NEVER


class _Failure:
    """An attempt that failed, classified: whether another may help, and whether the server may
    have acted on it (an answer lost after sending, or a 500/502/504)."""

    __slots__ = ("error", "hint", "outcome_unknown", "retryable")

    def __init__(self, error: ApiException, retryable: bool, outcome_unknown: bool, hint: float | None = None) -> None:
        self.error = error
        self.retryable = retryable
        self.outcome_unknown = outcome_unknown
        self.hint = hint


class ApiClient:
    """Holds the connection pool and credentials; share one per process (it is thread-safe).

    Close it with ``close()`` or use it as a context manager.
    """

    _default: ClassVar[ApiClient | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        configuration: Configuration | None = None,
        header_name: str | None = None,
        header_value: str | None = None,
        cookie: str | None = None,
        *,
        transport: Transport | None = None,
    ) -> None:
        self.configuration = configuration if configuration is not None else Configuration.get_default()
        if not isinstance(self.configuration, Configuration):
            raise ApiTypeError(f"configuration must be a Configuration, not {type(configuration).__name__}")
        # What every attempt goes through (the generated SDK's name for it): ``transport``, else
        # the configuration's, else urllib3's pool.
        self.rest_client: Transport = transport or self.configuration.transport or RESTClientObject(self.configuration)
        self.default_headers: dict[str, str] = {}
        if (header_name is None) != (header_value is None):
            raise ApiTypeError("header_name and header_value go together: give both or neither")
        if header_name is not None and header_value is not None:
            self.set_default_header(header_name, header_value)
        self.cookie = cookie
        self.user_agent = constants.USER_AGENT
        # Every call's timeout unless it passes _request_timeout (as in the generated SDK); None leaves
        # Configuration.timeout / upload_timeout in charge. Seconds in all, or (connect, read).
        self.request_timeout: Timeout | None = None
        self._credentials: Credentials | None = None
        self._credentials_lock = threading.Lock()
        self._watchers = threading.local()  # per thread: a caller sees only the requests it made
        # (origin, proxy) pairs found fit for credentials over plain http (loopback): parsing the
        # URL again at every call was a tenth of a kept-alive get.
        self._clear_to_send: set[tuple[str, str | None]] = set()
        # The last call's timeout and attempt timeout (the objects), with what they made.
        self._last_timeout: tuple[Any, Any, urllib3.Timeout, AttemptBudget] | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection."""
        self.rest_client.clear()

    @classmethod
    def get_default(cls) -> ApiClient:
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls()
            return cls._default

    @classmethod
    def set_default(cls, default: ApiClient | None) -> None:
        with cls._default_lock:
            cls._default = default

    def set_default_header(self, header_name: str, header_value: str) -> None:
        self.default_headers[header_name] = check_header_value(header_name, header_value)

    @contextmanager
    def _watch(self, watcher: Callable[[Any], None]) -> Iterator[None]:
        """Within the block, ``watcher`` is called after every request this thread sends (each
        attempt, token requests included) with its answer, or None when no answer came. The bulk
        loader counts its requests and reads the quota headers this way."""
        watchers: list[Callable[[Any], None]] = getattr(self._watchers, "list", [])
        self._watchers.list = [*watchers, watcher]
        try:
            yield
        finally:
            self._watchers.list = watchers

    # -- credentials -----------------------------------------------------------------------
    @property
    def credentials(self) -> Credentials:
        if self._credentials is None:
            with self._credentials_lock:
                if self._credentials is None:
                    config = self.configuration
                    if config.client_id and config.client_secret and not config.access_token:
                        self._credentials = OAuthClientCredentials(self._fetch_token, clock=config.clock)
                    elif config.access_token or not config.client_id:
                        self._credentials = BearerToken(lambda: self.configuration.access_token)
                    else:
                        self._credentials = NoCredentials()
        return self._credentials

    def _fetch_token(self) -> tuple[str, float]:
        config = self.configuration
        form = urlencode(
            {"client_id": config.client_id, "client_secret": config.client_secret, "grant_type": "client_credentials"}
        ).encode()
        url = config.host + "/oauth/token"
        self._refuse_insecure(url)
        request = Request(
            method="POST",
            url=url,
            headers={
                "Accept": "application/json",
                "User-Agent": self.user_agent,
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": str(len(form)),
            },
            body=json_body(form, gzip=False),
            timeout=make_timeout(self.request_timeout if self.request_timeout is not None else config.timeout),
            policy=config.retry_policy,
            parse=lambda payload: payload,
            authenticate=False,
            budget=budget_for(config.timeout, config.attempt_timeout),
        )
        try:
            payload = self._send(request, Mode.DATA)
        except ApiException as exc:
            raise AuthenticationError(
                status=exc.status,
                reason=f"could not get an OAuth token from {url} ({exc.reason}); "
                "check the host and the client credentials",
                headers=exc.headers,
                # A successful answer that could not be read may hold a token: its body is not kept.
                body=exc.body if exc.status is not None and exc.status >= 400 else None,
                attempts=exc.attempts,
            ) from None
        if not isinstance(payload, dict) or not payload.get("access_token"):
            raise AuthenticationError(reason=f"the token endpoint {url} answered without an access_token")
        return str(payload["access_token"]), float(payload.get("expires_in") or 3600)

    # -- one call --------------------------------------------------------------------------
    def call(self, op: Operation[T], args: Mapping[str, Any], options: Mapping[str, Any] | None = None) -> T:
        """Send ``op`` with the arguments of an API method and its request options; ``_mode``
        among the options says what to return (the variants pass it)."""
        options = options or {}
        mode = options.get("_mode", Mode.DATA)  # left among the options: their check lets it by
        request = self.build_request(op, args, options)
        result: T = self._send(request, mode)
        return result

    def build_request(self, op: Operation[Any], args: Mapping[str, Any], options: Mapping[str, Any]) -> Request:
        """The request for ``op``: arguments and options checked (once), then URL, headers, body,
        timeout and retry policy put together."""
        args = op.check_arguments(args, values=self.configuration.client_side_validation)
        options = _check_options(op, options)
        body = self._body(op, args)
        timeout, budget = self._timeout(op, options)
        return Request(
            method=op.method,
            url=self._url(op, args, options.get("_host_index")),
            headers=self._headers(op, args, options, body),
            body=body,
            timeout=timeout,
            policy=RetryPolicy.of(options.get("_retries"), self.configuration.retry_policy),
            parse=op.response_type.from_dict,
            parse_json=op.response_type.model_validate_json,
            safety=op.safety,
            read_back=op.read_back,
            args=args,
            budget=budget,
            starts_job=op.starts_job,
        )

    def _url(self, op: Operation[Any], args: Mapping[str, Any], host_index: int | None) -> str:
        config = self.configuration
        host = config.host if host_index is None else config.get_host_from_settings(host_index)
        path = op.path
        for name in op.path_params:
            value = args[name]
            if type(value) is not str or not _UNRESERVED(value):  # quote() keeps these as they are
                value = quote(value, safe="")
            path = path.replace("{" + name + "}", value)
        if not op.query:
            return host + path
        query = {wire: args[name] for name, wire in op.query.items() if name in args}
        return host + path + ("?" + urlencode(query) if query else "")

    def _headers(
        self, op: Operation[Any], args: Mapping[str, Any], options: Mapping[str, Any], body: Body | None
    ) -> dict[str, str]:
        """Defaults first, then the configuration's and the client's, the header arguments, and
        the per-call options last (they win)."""
        headers: dict[str, str] = {
            "Accept": "application/json",
            "User-Agent": self.user_agent,
            "Zuora-Version": self.configuration.zuora_version,
        }
        headers.update(self.configuration.default_headers)
        headers.update(self.default_headers)
        if self.cookie:
            headers["Cookie"] = self.cookie
        for name, value in args.items():  # the arguments given, fewer than the header parameters
            param = HEADER_PARAMS.get(name)
            if param is not None:
                headers[param[0]] = value
        if op.body:
            headers["Content-Type"] = "application/json"
        if op.safety is not WriteSafety.READ and "Idempotency-Key" not in headers:
            headers["Idempotency-Key"] = uuid.uuid4().hex  # one per logical call, reused by every retry
        headers.update(_option_headers(options))
        if body is not None and body.length is not None:
            headers["Content-Length"] = str(body.length)
        return headers

    def _body(self, op: Operation[Any], args: Mapping[str, Any]) -> Body | None:
        gzip = args.get("content_encoding") == "gzip"
        if op.body:
            value = args[op.body]
            value = value.to_dict() if hasattr(value, "to_dict") else value
            return json_body(json.dumps(value, separators=(",", ":"), default=str).encode(), gzip=gzip)
        if op.file:
            return upload_body(args[op.file], gzip=gzip, max_bytes=self.configuration.max_file_bytes)
        return None

    def _timeout(self, op: Operation[Any], options: Mapping[str, Any]) -> tuple[urllib3.Timeout, AttemptBudget]:
        """This call's timeout (the option, the client's, or the configured one) and its attempt budget."""
        config = self.configuration
        timeout: Timeout | None = options.get("_request_timeout")
        name = None  # the setting to check, when the timeout is not the (checked) option
        if timeout is None:
            timeout, name = self.request_timeout, "ApiClient.request_timeout"
        if timeout is None:
            timeout = config.upload_timeout if op.upload else config.timeout
            name = "upload_timeout" if op.upload else "timeout"
        attempt_timeout = config.upload_attempt_timeout if op.upload else config.attempt_timeout
        # Most calls use the very objects of the call before (numbers or pairs: they cannot change
        # in place, as a urllib3.Timeout can): then its checks and results hold.
        last = self._last_timeout
        if last is not None and last[0] is timeout and last[1] is attempt_timeout:
            return last[2], last[3]
        if name is not None:
            check_timeout(name, timeout)
        made = make_timeout(timeout), budget_for(timeout, attempt_timeout)
        if not hasattr(timeout, "connect_timeout"):  # not a urllib3.Timeout
            self._last_timeout = (timeout, attempt_timeout, *made)
        return made

    def _refuse_insecure(self, url: str) -> None:
        """Refuse to send credentials in clear beyond this machine: to a plain-http host, or through
        a plain-http proxy to one (an https target goes through a proxy in a tunnel)."""
        if self.configuration.allow_insecure_http:
            return
        slash = url.find("/", url.find("//") + 2)
        # The origin holds all that is checked (scheme and host), so its verdict holds for every path.
        key = (url[:slash] if slash > 0 else url, self.configuration.proxy)
        if key in self._clear_to_send:
            return
        target = parse_url(url)  # the parser the transport connects with
        if (target.scheme or "http").lower() == "https":
            return
        hops = [target]
        if self.configuration.proxy:
            hops.append(parse_url(self.configuration.proxy))
        for hop in hops:
            if (hop.scheme or "http").lower() != "https" and (hop.host or "").strip("[]") not in _LOOPBACK:
                raise InsecureTransportError(
                    f"refusing to send credentials over plain http to {hop.host}; use https, "
                    "or set Configuration(allow_insecure_http=True) if you really mean it"
                )
        if len(self._clear_to_send) >= _ORIGINS_KEPT:
            self._clear_to_send.clear()
        self._clear_to_send.add(key)

    # -- the retry loop ----------------------------------------------------------------------
    def _send(self, request: Request, mode: Mode) -> Any:
        """Send ``request`` until it succeeds or no retry is left: authenticate, send, classify
        the outcome, then settle a lost write, wait, or give up."""
        run = _Run(request)
        while True:
            run.attempt += 1
            auth, headers = self._authenticate(request)
            budget = request.budget.fresh()
            started = self.configuration.clock()
            try:
                response = self._transmit(request, headers, mode, budget, run.attempt)
            except ApiConnectionError as exc:
                self._log_exchange(request, run.attempt, None, started)
                failure = _Failure(exc, exc.retryable, outcome_unknown=exc.sent)
            else:
                self._log_exchange(request, run.attempt, response, started)
                if response.status < 400:
                    return self._result(request, response, mode, run.attempt, budget)
                if self._refreshed_after_rejection(response, auth, run):
                    continue
                if mode is Mode.RAW and response.status not in request.policy.statuses:
                    budget.lift()  # the caller reads it, in its own time
                    return response
                failure = self._rejected(request, response, run.attempt)
            failure.error.attempts = run.attempt
            if not failure.retryable:
                raise failure.error
            if failure.outcome_unknown and self._unsure_of_write(request):
                settled = self._settle(request, mode, failure.error, run)
                if settled is not None:
                    return settled
            self._wait_or_give_up(request, failure, run)

    def _authenticate(self, request: Request) -> tuple[str | None, Mapping[str, str]]:
        """The credential this attempt sends (None when the request brings its own, or has none)
        and the headers with it; refuses to send secrets in clear, or a call without credentials."""
        headers = request.headers
        auth = None
        if request.authenticate and not request.explicit_auth:
            auth = self.credentials.authorization()
            if auth is not None:
                _check_credential(auth)
                headers = {**headers, "Authorization": auth}
        if not request.url.startswith("https:") and (
            auth is not None or any(name.lower() in _SECRET_HEADERS for name in headers)
        ):
            self._refuse_insecure(request.url)
        if auth is None and request.authenticate and not _carries_credentials(headers):
            raise MissingCredentialsError()
        return auth, headers

    def _transmit(
        self, request: Request, headers: Mapping[str, str], mode: Mode, budget: AttemptBudget, attempt: int
    ) -> Any:
        """One attempt on the wire: the answer, read whole here (a broken read is retried) unless
        the caller reads it (a raw answer it keeps, a streamed success)."""
        body = request.body.payload() if request.body is not None else None
        response: Any = self.rest_client.request(request.method, request.url, headers, body, request.timeout, budget)
        status = response.status
        if mode is Mode.RAW and status not in request.policy.statuses:
            return response
        if mode is Mode.STREAM and status < 400:
            return response
        return self._read(response, budget, attempt)

    def _refreshed_after_rejection(self, response: Any, auth: str | None, run: _Run) -> bool:
        """Whether a 401 to our credential got them renewed, once per call: then send again."""
        if response.status != 401 or auth is None or run.refreshed:
            return False
        run.refreshed = True
        if not self.credentials.refresh_after_rejection(auth):
            return False
        if not isinstance(response, Answer):
            abandon(response)  # an unread raw answer would spoil the connection
        return True

    def _rejected(self, request: Request, response: Answer, attempt: int) -> _Failure:
        """An error answer, classified."""
        status = response.status
        hint = server_wait_hint(status, response.headers)
        error = self._error(response, attempt, hint, request.starts_job)
        return _Failure(error, status in request.policy.statuses, status in _OUTCOME_UNKNOWN_STATUSES, hint)

    def _unsure_of_write(self, request: Request) -> bool:
        """Whether a lost answer leaves us unsure a write took effect (a read is always safe to send
        again; so is a write when the configuration trusts the server's idempotency keys)."""
        return request.safety is not WriteSafety.READ and not self.configuration.trust_server_idempotency

    def _wait_or_give_up(self, request: Request, failure: _Failure, run: _Run) -> None:
        """Wait before the next attempt, or raise the failure when no retry is left: out of
        retries or of the retry budget, a server hint too long, a body that cannot be sent again."""
        policy = request.policy
        error = failure.error
        if failure.hint is not None and failure.hint > policy.max_wait_hint:
            raise error
        wait = failure.hint if failure.hint is not None else policy.backoff(run.attempt - 1)
        never_sent = isinstance(error, ApiConnectionError) and not error.sent
        can_resend = request.body is None or request.body.replayable or never_sent
        if run.attempt > policy.max_retries or run.waited + wait > policy.budget or not can_resend:
            raise error
        logger.info(
            "retrying %s %s in %.2fs (attempt %d of %d): %s",
            request.method, _path(request.url), wait, run.attempt + 1, policy.max_retries + 1, error,
        )
        self.configuration.sleep(wait)
        run.waited += wait

    def _settle(self, request: Request, mode: Mode, failure: ApiException, run: _Run) -> Any:
        """After a lost answer to a write: the result when the server's state shows the write took
        effect, None when it surely did not (send it again), else OutcomeUnknownError."""
        if request.read_back is not None and mode is not Mode.RAW:
            try:
                found = self._read_back(request.read_back, request.args)
            except ApiException as exc:
                logger.info("%s %s: could not read the job back: %s", request.method, _path(request.url), exc)
            else:
                if found is None:
                    return None
                logger.info("%s %s: the answer was lost but the job shows the request took effect",
                            request.method, _path(request.url))
                found = replace(found, attempts=run.attempt)
                return found if mode is Mode.INFO else found.data
        raise OutcomeUnknownError(
            "the request was sent but its answer was lost, so it may or may not have taken effect; "
            "it was not sent again because the server may not honour idempotency keys on this path",
            idempotency_key=request.idempotency_key,
            sent_after=run.first_sent - timedelta(seconds=1),
            sent_before=datetime.now(timezone.utc) + timedelta(seconds=1),
            cause=failure,
            attempts=run.attempt,
        )

    def _read_back(self, read_back: ReadBack, args: Mapping[str, Any]) -> ApiResponse[Any] | None:
        """The job as the server has it now, when it shows the write took effect; else None."""
        passed_on = {name: args.get(name) for name in ("id", *PASSED_ON)}
        found: ApiResponse[Any] = self.call(read_back.via, passed_on, {"_mode": Mode.INFO})
        return found if found.data.status in read_back.statuses else None

    def _read(self, response: TransportResponse, budget: AttemptBudget, attempt: int) -> Answer:
        """The answer read whole, within ``max_response_bytes``; an error answer only as far as
        its exception needs."""
        limit = self.configuration.max_response_bytes
        if response.status >= 400:
            keep = constants.ERROR_BODY_BYTES if limit is None else min(limit, constants.ERROR_BODY_BYTES)
            return Answer(response, read_body(response, keep, budget, cut=True))
        try:
            return Answer(response, read_body(response, limit, budget))
        except ResponseTooLargeError as exc:
            exc.attempts = attempt
            raise

    def _result(self, request: Request, response: Any, mode: Mode, attempt: int, budget: AttemptBudget) -> Any:
        """What a successful call returns, as ``mode`` asks."""
        if mode is Mode.RAW:
            budget.lift()  # the caller reads it, in its own time
            return response
        if mode is Mode.STREAM:
            return iter_body(response, self.configuration.max_response_bytes, budget)
        data = _parse(request, response, attempt)
        if mode is Mode.DATA:
            return data
        return ApiResponse(status_code=response.status, headers=response.headers, data=data,
                           raw_data=bytes(response.body), attempts=attempt)

    def _error(self, response: Answer, attempt: int, hint: float | None, starts_job: bool = False) -> ApiException:
        text = response.body.decode("utf-8", "replace")
        data = None
        try:
            payload = json.loads(text) if text else None
        except (ValueError, RecursionError):
            payload = None
        if isinstance(payload, dict):
            from zuora_sdk.models.common_error_response import CommonErrorResponse
            from zuora_sdk.models.proxy_unauthorized_response import ProxyUnauthorizedResponse

            proxy_style = "code" not in payload and response.status == 401
            model = ProxyUnauthorizedResponse if proxy_style else CommonErrorResponse
            try:
                data = model.from_dict(payload)
            except ValueError:
                data = None
        if starts_job and response.status == 429 and quota_left(response.headers):
            # Not the request quota: the tenant's job slots are taken, which waiting for the quota does not fix.
            full = JobSlotsFullError(http_resp=response, body=text, data=data, attempts=attempt)
            full.slots = constants.MAX_CONCURRENT_JOBS
            exc: ApiException = full
        else:
            exc = ApiException.from_response(http_resp=response, body=text, data=data, attempts=attempt)
        exc.retry_after = hint
        return exc

    def _log_exchange(
        self, request: Request, attempt: int, response: TransportResponse | Answer | None, started: float
    ) -> None:
        """Every attempt ends here, answered or not: it is shown to this thread's watchers and logged."""
        for watcher in getattr(self._watchers, "list", ()):
            watcher(response)
        if not logger.isEnabledFor(logging.DEBUG):
            return
        elapsed = (self.configuration.clock() - started) * 1000
        # Header names only for the request: values may carry credentials.
        sent = ", ".join(sorted(request.headers))
        if response is None:
            logger.debug("%s %s attempt %d: no response after %.1f ms (sent headers: %s)",
                         request.method, _path(request.url), attempt, elapsed, sent)
        else:
            logger.debug("%s %s attempt %d: %d in %.1f ms, Zuora-Request-Id %s (sent headers: %s)",
                         request.method, _path(request.url), attempt, response.status, elapsed,
                         response.headers.get("Zuora-Request-Id"), sent)

    # -- generated-SDK compatibility helpers ---------------------------------------------------
    def sanitize_for_serialization(self, obj: Any) -> Any:
        if hasattr(obj, "to_dict"):
            return obj.to_dict()
        if isinstance(obj, (list, tuple)):
            return [self.sanitize_for_serialization(x) for x in obj]
        if isinstance(obj, dict):
            return {k: self.sanitize_for_serialization(v) for k, v in obj.items()}
        if isinstance(obj, datetime):
            return obj.isoformat()
        return obj


def _check_options(op: Operation[Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """The per-call options checked, the one time they are."""
    if not options:
        return {}  # the common call: nothing to check
    for name in options:
        if name not in _OPTIONS:
            raise ApiTypeError(f"{op.name}() got an unexpected keyword argument {name!r}")
    checked = dict(options)
    if options.get("_content_type"):
        checked["_content_type"] = check_header_value("_content_type", options["_content_type"])
    request_auth = options.get("_request_auth")
    if request_auth:
        if check_mapping("_request_auth", request_auth).get("in", "header") != "header":
            raise ApiValueError("_request_auth must go in a header ('in': 'header'): Zuora reads credentials there")
        checked["_request_auth"] = {
            "key": request_auth.get("key", "Authorization"),
            "value": check_header_value("_request_auth", request_auth["value"]),
        }
    checked["_headers"] = {
        name: check_header_value(f"_headers[{name!r}]", value)
        for name, value in check_mapping("_headers", options.get("_headers") or {}).items()
    }
    check_timeout("_request_timeout", options.get("_request_timeout"))
    return checked


def _parse(request: Request, response: Answer, attempt: int) -> Any:
    """The answer's model, parsed straight from its bytes (one pass of pydantic's JSON parser)."""
    raw = response.body
    if request.parse_json is not None and raw:
        try:
            return request.parse_json(raw)
        except ValueError as exc:
            if _not_json(exc):  # said at once: json.loads of a hostile body may recurse to the limit
                raise UnexpectedResponseError.of(response, "the response body is not valid JSON", attempt) from None
            # JSON that does not fit: the slow way says how, in our words
    return _parse_checked(request, response, attempt)


def _not_json(exc: ValueError) -> bool:
    errors = getattr(exc, "errors", None)
    return callable(errors) and any(error.get("type") == "json_invalid" for error in errors())


def _parse_checked(request: Request, response: Answer, attempt: int) -> Any:
    """The answer's model, one step at a time. Anything but a JSON object that fits the model is
    one of our errors, not None or pydantic's."""
    raw = response.body
    try:
        payload = json.loads(raw) if raw else None
    except (ValueError, RecursionError):
        raise UnexpectedResponseError.of(response, "the response body is not valid JSON", attempt) from None
    if not isinstance(payload, dict):
        shape = "empty" if payload is None else f"a JSON {type(payload).__name__}, not an object"
        raise UnexpectedResponseError.of(response, f"the response body is {shape}", attempt)
    try:
        return request.parse(payload)
    except ValueError as exc:
        from zuora_sdk.models._base import ModelValueError  # loaded already: the model was just used

        errors = exc.errors()[:3] if isinstance(exc, ModelValueError) else []
        detail = "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in errors) or str(exc)
        raise UnexpectedResponseError.of(response, f"the response does not fit the model: {detail}", attempt) from None


def _option_headers(options: Mapping[str, Any]) -> dict[str, str]:
    """The headers a call's options add (checked already): they win over every other."""
    headers: dict[str, str] = {}
    if options.get("_content_type"):
        headers["Content-Type"] = options["_content_type"]
    request_auth = options.get("_request_auth")
    if request_auth:
        headers[request_auth["key"]] = request_auth["value"]
    headers.update(options.get("_headers") or {})
    return headers


def _carries_credentials(headers: Mapping[str, str]) -> bool:
    return any(name.lower() in _CREDENTIAL_HEADERS and str(value).strip() for name, value in headers.items())


def _check_credential(value: str) -> None:
    # http.client would refuse it with the value in its message: refuse it here without.
    if not value.isascii() or "\r" in value or "\n" in value or "\0" in value:
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise AuthenticationError(reason="the credential holds a character a header cannot carry") from None
        if any(c in value for c in "\r\n\0"):
            raise AuthenticationError(reason="the credential holds a line break or NUL character") from None


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
