"""The request loop off its happy path: capped backoff, one-shot bodies on a broken connection,
a request that breaks while being written, an upload whose answer is lost once the job runs, a
wait hint past the policy's, credentials a header cannot carry, a token endpoint that refuses,
how much of an error answer is kept, and the DEBUG line of each attempt."""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import io
import logging
import socket
import struct
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk._core.retry import RetryPolicy, server_wait_hint
from zuora_sdk.exceptions import ApiConnectionError, OutcomeUnknownError, ServiceException
from zuora_sdk.testing import ZuoraSimulator

CSV = b"Name__c,Year__c\nModel S,2024\nModel 3,2023\n"


# ----- backoff ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("initial", "maximum"), [(0.5, 8.0), (1.0, 3.0), (2.0, 2.0), (0.001, 0.005)])
def test_jitter_never_takes_a_wait_past_backoff_max(initial: float, maximum: float) -> None:
    policy = RetryPolicy(max_retries=20, backoff_initial=initial, backoff_max=maximum)
    for retry in range(20):
        plain = min(maximum, initial * 2**retry)
        waits = [policy.backoff(retry) for _ in range(300)]
        assert max(waits) <= maximum
        assert min(waits) >= plain / 2  # jitter takes off at most half
        assert len(set(waits)) > 1  # and it does spread the waits
    exact = RetryPolicy(backoff_initial=initial, backoff_max=maximum, jitter=False)
    assert [exact.backoff(n) for n in range(12)] == [min(maximum, initial * 2**n) for n in range(12)]


def test_a_retry_policy_checks_its_numbers_and_cannot_be_changed_once_made() -> None:
    for name in ("max_retries", "backoff_initial", "backoff_max", "budget"):
        with pytest.raises(ValueError, match="must be >= 0"):
            RetryPolicy(**{name: -1 if name == "max_retries" else -0.5})  # type: ignore[arg-type]
    assert RetryPolicy(max_retries=0, backoff_initial=0, backoff_max=0, budget=0).backoff(3) == 0
    policy = RetryPolicy()
    with pytest.raises(dataclasses.FrozenInstanceError, match="max_retries"):
        policy.max_retries = 5  # type: ignore[misc]
    assert RetryPolicy.off() == RetryPolicy(max_retries=0)


def test_off_and_408_as_a_caller_sees_them(sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi) -> None:
    sim.inject("list", status=408)  # a request timeout is worth another try
    assert api.get_all_custom_object_bulk_jobs_with_http_info().attempts == 2
    sim.inject("list", status=503)
    with pytest.raises(ServiceException, match="503"):
        api.get_all_custom_object_bulk_jobs(_retries=RetryPolicy.off())
    assert sim.stats.requests["list"] == 3


@pytest.mark.parametrize(
    ("status", "headers", "hint"),
    [(429, {"RateLimit-Reset": "0.5"}, 0.5), (429, {"RateLimit-Reset": "-3"}, 0.0),
     (200, {"RateLimit-Reset": "0.25", "RateLimit-Remaining": "0"}, 0.25), (429, {"Retry-After": "0.5"}, 0.5),
     (503, {"Retry-After": "-2"}, 0.0), (429, {"RateLimit-Reset": "soon"}, None),
     # RateLimit-Reset describes the quota window: a wait only once the quota is spent (or on a 429)
     (500, {"RateLimit-Reset": "7"}, None), (503, {"RateLimit-Reset": "7", "RateLimit-Remaining": ""}, None),
     (200, {"RateLimit-Reset": "7", "RateLimit-Remaining": "-1"}, None), (503, {"Retry-After": "soon"}, None),
     (408, {"RateLimit-Reset": "7"}, None)],
)
def test_a_servers_wait_hint_is_read_to_the_fraction_and_never_negative(
    status: int, headers: dict[str, str], hint: float | None
) -> None:
    assert server_wait_hint(status, headers) == hint


@pytest.mark.parametrize(
    ("remaining", "slots_full"),
    [("49000", True), ("1", True), (" 2 ", True), ("0", False), ("-1", False), ("", False), ("many", False)],
)
def test_a_refused_submit_blames_the_job_slots_only_while_request_quota_remains(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, remaining: str, slots_full: bool
) -> None:
    # A 429 to a submit while the quota window still has requests left is about the tenant's job
    # slots (waiting for the window would not help); with the quota spent, or unsaid, it is the quota.
    sim.inject("submit", status=429, headers={"RateLimit-Remaining": remaining, "RateLimit-Reset": "0"})
    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="create")
    with pytest.raises(zuora_sdk.RateLimitException) as raised:
        api.post_custom_object_bulk_job(request, _retries=RetryPolicy.off())
    assert isinstance(raised.value, zuora_sdk.JobSlotsFullError) is slots_full


def test_a_retry_after_date_is_a_wait_until_then() -> None:
    in_half_a_minute = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= (server_wait_hint(503, {"Retry-After": in_half_a_minute}) or 0) <= 31
    a_minute_ago = email.utils.formatdate(time.time() - 60, usegmt=True)
    assert server_wait_hint(429, {"Retry-After": a_minute_ago}) == 0


# ----- a one-shot stream whose bytes left --------------------------------------------------------------


class OneShot(io.RawIOBase):
    """A pipe-like binary stream: read once, cannot seek."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_one_shot_stream_sent_on_a_connection_that_broke_is_a_connection_error_after_one_attempt(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job_id = submit(api)
    sim.inject("upload", action="drop_before")  # the server reads the whole file, then resets
    with pytest.raises(ApiConnectionError, match="connection broken") as raised:
        api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, OneShot(CSV))
    # The file cannot be sent again: said as what happened to the connection, not blamed on the file.
    assert raised.value.sent is True and raised.value.attempts == 1
    assert "twice" not in str(raised.value) and "one-shot" not in str(raised.value)
    assert [entry.route for entry in sim.request_log].count("upload") == 1
    assert api.get_custom_object_bulk_job(job_id).status == "pending"  # nothing was taken
    assert sim.stats.uploads_accepted == 0


def test_a_one_shot_stream_whose_answer_was_lost_after_it_was_taken_comes_back_as_the_job(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    job_id = submit(api)
    sim.inject("upload", action="drop_after")
    job = api.post_upload_file_for_custom_object_bulk_job_with_http_info("text/csv", job_id, OneShot(CSV))
    assert job.data.id == job_id and job.data.status in ("in_progress", "completed")
    assert sim.stats.uploads_accepted == 1 and [e.route for e in sim.request_log].count("upload") == 1


# ----- an upload whose answer is lost while the job is already running ------------------------------------


def test_a_lost_upload_answer_while_the_job_is_in_progress_returns_the_job_without_a_second_upload() -> None:
    with ZuoraSimulator(processing_delay=3600) as sim, zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        sim.inject("upload", action="drop_after")  # the file is taken, the answer never comes
        info = api.post_upload_file_for_custom_object_bulk_job_with_http_info("text/csv", job_id, CSV)
        assert info.data.id == job_id and info.data.status == "in_progress"
        assert info.attempts == 1
        assert sim.stats.uploads_accepted == 1
        assert [entry.status for entry in sim.request_log if entry.route == "upload"] == [None]  # one, unanswered
        sim.complete(job_id)
        assert len(sim.records("vehicle")) == 2  # the rows went in once


# ----- a request that breaks while it is being written -----------------------------------------------------


class ResettingServer:
    """Reads the first bytes of each request, then resets the connection: the request was cut
    off while the client was still writing it."""

    READ = 64 * 1024

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.request_lines: list[str] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._cut_off, args=(conn,), daemon=True).start()

    def _cut_off(self, conn: socket.socket) -> None:
        received = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in received:
                data = conn.recv(65536)
                if not data:
                    break
                received += data
            while received.startswith(b"POST") and len(received) < self.READ:
                data = conn.recv(65536)
                if not data:
                    break
                received += data
        with self._lock:
            self.request_lines.append(received.split(b"\r\n", 1)[0].decode("latin-1"))
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
        conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def resetting() -> Iterator[ResettingServer]:
    server = ResettingServer()
    yield server
    server.close()


def test_an_upload_cut_off_while_being_written_counts_as_sent(resetting: ResettingServer) -> None:
    config = zuora_sdk.Configuration(
        host=f"http://127.0.0.1:{resetting.port}", access_token="t", max_file_bytes=None,
        retries=RetryPolicy(max_retries=2, backoff_initial=0.001, jitter=False), timeout=(2, 5),
    )
    big = b"Name__c\n" + b"x" * (16 * 1024 * 1024) + b"\n"  # far more than the socket buffers hold
    with zuora_sdk.ApiClient(config) as client, pytest.raises(OutcomeUnknownError) as raised:
        zuora_sdk.CustomObjectJobsApi(client).post_upload_file_for_custom_object_bulk_job("text/csv", "job-1", big)
    # Part of the file reached the server, which may have acted on it: not sent again, and the
    # check of the job's state (cut off too) could not tell.
    uploads = [line for line in resetting.request_lines if line.startswith("POST")]
    assert uploads == ["POST /objects/jobs/job-1/files HTTP/1.1"]
    assert raised.value.attempts == 1
    assert isinstance(raised.value.cause, ApiConnectionError) and raised.value.cause.sent is True


# ----- a server's wait hint beyond what the policy waits for -----------------------------------------------


def test_a_hint_longer_than_max_wait_hint_raises_at_once_and_one_as_long_is_waited(sim: ZuoraSimulator) -> None:
    sleeps: list[float] = []
    with zuora_sdk.ApiClient(make_config(sim, retries=RetryPolicy(max_wait_hint=30), sleep=sleeps.append)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        sim.inject("list", status=429, retry_after="31", headers={"RateLimit-Reset": ""})
        with pytest.raises(zuora_sdk.RateLimitException) as raised:
            api.get_all_custom_object_bulk_jobs()
        assert raised.value.attempts == 1 and raised.value.retry_after == 31 and sleeps == []
        sim.inject("list", status=429, retry_after="30", headers={"RateLimit-Reset": ""})
        assert api.get_all_custom_object_bulk_jobs_with_http_info().attempts == 2
    assert sleeps == [30]


# ----- a credential a header cannot carry ---------------------------------------------------------------------


@pytest.mark.parametrize(("token", "message"), [
    ("tok\r\nX-Injected: 1", "line break"), ("tok\nen", "line break"), ("tok\ren", "line break"),
    ("tok\0", "NUL"), ("tok€", "character a header cannot carry"), ("tøk\n", "line break"),
])
def test_a_credential_a_header_cannot_carry_is_refused_before_anything_is_sent(
    sim: ZuoraSimulator, token: str, message: str
) -> None:
    with zuora_sdk.ApiClient(make_config(sim, access_token=token)) as client:
        with pytest.raises(zuora_sdk.AuthenticationError, match=message) as raised:
            zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert token not in str(raised.value) and sim.request_log == []


def test_a_latin1_credential_is_sent_as_it_is(sim: ZuoraSimulator) -> None:
    inner = sim.transport()
    sent: list[str] = []

    class Recording:
        def request(self, method: str, url: str, headers: Any, *args: Any) -> Any:
            sent.append(headers["Authorization"])
            return inner.request(method, url, headers, *args)

        def clear(self) -> None:
            inner.clear()

    with zuora_sdk.ApiClient(make_config(sim, access_token="tøken", transport=Recording())) as client:
        with pytest.raises(zuora_sdk.UnauthorizedException):  # not the simulator's token
            zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert sent == ["Bearer tøken"]


# ----- the generated SDK's helpers ---------------------------------------------------------------------------


def test_sanitize_for_serialization_gives_plain_json_values(api: zuora_sdk.CustomObjectJobsApi) -> None:
    import datetime

    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="create")
    when = datetime.datetime(2026, 12, 2, 7, 30, tzinfo=datetime.timezone.utc)
    value = {"request": request, "list": [request, when], "pair": (1, "two"), "when": when, "plain": None}
    assert api.api_client.sanitize_for_serialization(value) == {
        "request": request.to_dict(), "list": [request.to_dict(), "2026-12-02T07:30:00+00:00"],
        "pair": [1, "two"], "when": "2026-12-02T07:30:00+00:00", "plain": None,
    }


# ----- the DEBUG log of each attempt ---------------------------------------------------------------------------


def test_each_attempt_is_logged_with_its_time_on_the_clients_clock(
    sim: ZuoraSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    ticks = iter(range(1000))
    config = make_config(sim, clock=lambda: next(ticks) * 0.25)  # a quarter of a second passes at each reading
    with caplog.at_level(logging.DEBUG, logger="zuora_sdk"), zuora_sdk.ApiClient(config) as client:
        sim.inject("list", action="drop_before")
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs(page_size=5)
    lines = [record.getMessage() for record in caplog.records if record.levelno == logging.DEBUG]
    assert lines[0].startswith("GET /objects/jobs?pageSize=5 attempt 1: no response after 250.0 ms (sent headers: ")
    assert lines[1].startswith("GET /objects/jobs?pageSize=5 attempt 2: 200 in 250.0 ms, Zuora-Request-Id ")
    assert lines[1].endswith("(sent headers: Accept, User-Agent, Zuora-Version)")
    [retrying] = [record.getMessage() for record in caplog.records if record.levelno == logging.INFO]
    assert retrying.startswith("retrying GET /objects/jobs?pageSize=5 in 0.00s (attempt 2 of 3): ")


# ----- the token endpoint off its happy path -------------------------------------------------------------------


def oauth(sim: ZuoraSimulator) -> zuora_sdk.Configuration:
    return make_config(sim, access_token=None, client_id=sim.client_id, client_secret=sim.client_secret)


@pytest.mark.parametrize("status", [400, 401])
def test_a_token_endpoint_refusing_keeps_its_answer_and_names_the_url(sim: ZuoraSimulator, status: int) -> None:
    sim.inject("token", status=status, body={"error": "invalid_client"})
    with zuora_sdk.ApiClient(oauth(sim)) as client, pytest.raises(zuora_sdk.AuthenticationError) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert raised.value.status == status and raised.value.attempts == 1
    assert raised.value.body is not None and "invalid_client" in raised.value.body
    assert f"{sim.base_url}/oauth/token" in str(raised.value) and "client credentials" in str(raised.value)
    assert [entry.route for entry in sim.request_log] == ["token"]  # nothing sent without a token


@pytest.mark.parametrize("body", [{"expires_in": 3600}, {"access_token": "", "expires_in": 3600}])
def test_a_token_answer_without_a_token_is_an_authentication_error(sim: ZuoraSimulator, body: object) -> None:
    sim.inject("token", status=200, body=body)
    with zuora_sdk.ApiClient(oauth(sim)) as client, pytest.raises(zuora_sdk.AuthenticationError, match="without an"):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert [entry.route for entry in sim.request_log] == ["token"]


def test_a_client_checks_what_it_is_given() -> None:
    with pytest.raises(zuora_sdk.ApiTypeError, match="configuration must be a Configuration, not dict"):
        zuora_sdk.ApiClient({"host": "https://rest.zuora.com"})  # type: ignore[arg-type]
    config = zuora_sdk.Configuration(access_token="t")
    for pair in ({"header_name": "X-Tag"}, {"header_value": "1"}):
        with pytest.raises(zuora_sdk.ApiTypeError, match="go together"):
            zuora_sdk.ApiClient(config, **pair)
    with zuora_sdk.ApiClient(config, header_name="X-Tag", header_value="1") as client:
        assert client.default_headers == {"X-Tag": "1"}


# ----- how much of an error answer is kept ---------------------------------------------------------------------


@pytest.mark.parametrize(("status", "ceiling", "kept"), [
    (400, None, 64 * 1024), (404, None, 64 * 1024), (409, 300, 300), (400, 1024 * 1024, 64 * 1024),
])
def test_an_error_answer_is_kept_up_to_64_kib_or_the_ceiling_if_lower(
    sim: ZuoraSimulator, status: int, ceiling: int | None, kept: int
) -> None:
    sim.inject("get", status=status, body={"code": 71013020, "message": "x" * (100 * 1024)})
    with zuora_sdk.ApiClient(make_config(sim, max_response_bytes=ceiling)) as client:
        with pytest.raises(zuora_sdk.ApiException) as raised:
            zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("job-1")
    assert raised.value.status == status and raised.value.body is not None
    assert raised.value.body.startswith('{"code":') and len(raised.value.body) == kept


def test_a_lost_submit_gives_the_time_of_the_call_with_a_second_of_margin_either_side(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    import datetime

    sim.inject("submit", action="drop_after")
    before = datetime.datetime.now(datetime.timezone.utc)
    with pytest.raises(OutcomeUnknownError) as raised:
        submit(api)
    after = datetime.datetime.now(datetime.timezone.utc)
    second = datetime.timedelta(seconds=1)
    assert before - second <= raised.value.sent_after <= after - second
    assert before + second <= raised.value.sent_before <= after + second
    assert raised.value.idempotency_key == sim.request_log[-1].headers["Idempotency-Key"]  # the key it was sent with


def test_the_waits_between_attempts_double_from_backoff_initial(
    sim: ZuoraSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    sleeps: list[float] = []
    policy = RetryPolicy(max_retries=3, backoff_initial=0.5, backoff_max=8.0, jitter=False)
    with caplog.at_level(logging.INFO, logger="zuora_sdk"):
        with zuora_sdk.ApiClient(make_config(sim, retries=policy, sleep=sleeps.append)) as client:
            sim.inject("list", status=503, times=3)
            info = zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs_with_http_info()
    assert info.attempts == 4 and sleeps == [0.5, 1.0, 2.0]
    retrying = [record.getMessage() for record in caplog.records if record.getMessage().startswith("retrying")]
    assert [line.split(":")[0] for line in retrying] == [
        "retrying GET /objects/jobs in 0.50s (attempt 2 of 4)", "retrying GET /objects/jobs in 1.00s (attempt 3 of 4)",
        "retrying GET /objects/jobs in 2.00s (attempt 4 of 4)",
    ]


def test_an_access_token_wins_over_client_credentials(sim: ZuoraSimulator) -> None:
    config = make_config(sim, client_id="id", client_secret="secret")  # and the simulator's access token
    with zuora_sdk.ApiClient(config) as client:
        assert zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs().jobs == []
    assert [entry.route for entry in sim.request_log] == ["list"]  # no token request


@pytest.mark.parametrize("status", [400, 403, 404])
def test_only_a_401_gets_the_token_renewed(sim: ZuoraSimulator, status: int) -> None:
    with zuora_sdk.ApiClient(oauth(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        api.get_all_custom_object_bulk_jobs()
        sim.inject("get", status=status)
        with pytest.raises(zuora_sdk.ApiException) as raised:
            api.get_custom_object_bulk_job("job-1")
    assert raised.value.status == status and raised.value.attempts == 1
    assert [entry.route for entry in sim.request_log] == ["token", "list", "get"]  # no second token, no resend


def test_the_retry_budget_may_be_spent_to_the_last_second(sim: ZuoraSimulator) -> None:
    sleeps: list[float] = []
    policy = RetryPolicy(max_retries=3, backoff_initial=0.5, backoff_max=8.0, budget=1.5, jitter=False)
    with zuora_sdk.ApiClient(make_config(sim, retries=policy, sleep=sleeps.append)) as client:
        sim.inject("list", status=503, times=4)
        with pytest.raises(ServiceException) as raised:
            zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert sleeps == [0.5, 1.0] and raised.value.attempts == 3  # 1.5 s in all; the next 2 s would pass it


def test_a_timeout_set_wrong_after_the_configuration_was_made_is_named_when_used(sim: ZuoraSimulator) -> None:
    config = make_config(sim)
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        config.upload_timeout = (0, 5)
        with pytest.raises(zuora_sdk.ApiValueError, match=r"^upload_timeout must be more than 0 seconds"):
            api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, CSV)
        config.timeout = "soon"  # type: ignore[assignment]
        with pytest.raises(zuora_sdk.ApiTypeError, match=r"^timeout must be seconds"):
            api.get_custom_object_bulk_job(job_id)
    assert [entry.route for entry in sim.request_log] == ["submit"]


@pytest.mark.parametrize(("status", "error"), [(400, zuora_sdk.BadRequestException),
                                               (404, zuora_sdk.NotFoundException)])
def test_a_streamed_answer_that_is_an_error_raises_before_a_first_item(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, status: int, error: type[Exception]
) -> None:
    sim.inject("errors", status=status, body={"code": 71013020, "message": "no"})
    with pytest.raises(error) as raised:
        next(zuora_sdk.iter_job_errors(api, "job-1"))
    assert raised.value.status == status and "71013020" in str(raised.value.body)  # type: ignore[attr-defined]


def test_the_read_back_of_a_lost_upload_carries_the_calls_credentials_and_track_id(sim: ZuoraSimulator) -> None:
    good = f"Bearer {sim.access_token}"
    with zuora_sdk.ApiClient(make_config(sim, access_token="not-the-token")) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        request = {"namespace": "default", "object": "vehicle", "operation": "create"}
        job_id = api.post_custom_object_bulk_job(request, authorization=good).id
        assert job_id
        sim.inject("upload", action="drop_after")  # the file is taken, the answer lost: the job is read back
        job = api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, CSV, authorization=good,
                                                              zuora_track_id="trk-42")
    assert job.id == job_id and sim.stats.uploads_accepted == 1
    [read_back] = [entry for entry in sim.request_log if entry.route == "get"]
    assert read_back.status == 200 and read_back.headers["Zuora-Track-Id"] == "trk-42"


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_to_a_submit_is_not_blamed_on_the_job_slots(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, status: int
) -> None:
    sim.inject("submit", status=status, times=3)  # the request quota has requests left
    request = {"namespace": "default", "object": "vehicle", "operation": "create"}
    with pytest.raises(zuora_sdk.ApiException) as raised:
        api.post_custom_object_bulk_job(request, _retries=RetryPolicy.off())
    assert raised.value.status == status and not isinstance(raised.value, zuora_sdk.JobSlotsFullError)


def test_an_access_token_given_after_a_call_without_credentials_is_used(sim: ZuoraSimulator) -> None:
    config = make_config(sim, access_token=None)
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        with pytest.raises(zuora_sdk.MissingCredentialsError, match="nothing was sent"):
            api.get_all_custom_object_bulk_jobs()
        config.access_token = sim.access_token  # read at each call, as the generated client does
        assert api.get_all_custom_object_bulk_jobs().jobs == []
    assert sim.stats.requests == {"list": 1}


def test_an_error_body_that_fits_no_error_model_is_kept_as_text(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(sim)) as client:
        sim.inject("list", status=400, body={"code": ["x"], "message": {"a": 1}, "reasons": 3})
        with pytest.raises(zuora_sdk.BadRequestException) as caught:
            zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert caught.value.data is None and '"reasons":3' in str(caught.value.body)
