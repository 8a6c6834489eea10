"""The SDK against servers and networks that misbehave on purpose, and the simulator against clients
that do: every attack ends bounded, in time and memory, with a clear exception.

The hostile servers here are small stdlib servers on loopback (``HostileServer``); each test
gives the SDK small limits through ``Configuration`` so that an attack is over in a moment.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import math
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support import make_config, submit

import zuora_sdk
from zuora_sdk._core import constants
from zuora_sdk._core.retry import RetryPolicy, server_wait_hint
from zuora_sdk.cli import main as cli_main
from zuora_sdk.exceptions import (
    ApiTimeoutError,
    JobSlotsFullError,
    MissingCredentialsError,
    RateLimitException,
    ResponseTooLargeError,
)
from zuora_sdk.testing import ZuoraSimulator

MiB = 1024 * 1024
RETRY_ONCE = RetryPolicy(max_retries=1, backoff_initial=0.01, jitter=False)


@pytest.fixture
def sim(sim: ZuoraSimulator) -> ZuoraSimulator:
    """The tests here reach the simulator over HTTP (``sim.base_url``): started."""
    return sim.start()


class HostileServer:
    """A loopback server: for each connection, reads one request head and hands the socket to
    ``answer``, in a thread of its own. ``requests`` holds each request line received."""

    def __init__(self, answer: Callable[[HostileServer, socket.socket], None]) -> None:
        self.answer = answer
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.requests: list[bytes] = []
        self.connections = 0
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            head = b""
            while b"\r\n\r\n" not in head:
                data = conn.recv(65536)
                if not data:
                    return
                head += data
            self.requests.append(head.split(b"\r\n", 1)[0])
            self.answer(self, conn)

    def keep_sending(self, conn: socket.socket, piece: Callable[[], bytes], pause: float = 0.0) -> None:
        """Send pieces until the client goes away (or the test ends)."""
        while not self.closed.is_set():
            conn.sendall(piece())
            if pause:
                time.sleep(pause)

    def close(self) -> None:
        self.closed.set()
        self.listener.close()


@pytest.fixture
def hostile() -> Iterator[Callable[[Callable[[HostileServer, socket.socket], None]], HostileServer]]:
    servers: list[HostileServer] = []

    def start(answer: Callable[[HostileServer, socket.socket], None]) -> HostileServer:
        servers.append(HostileServer(answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def client_for(server: HostileServer, **kwargs: Any) -> zuora_sdk.CustomObjectJobsApi:
    kwargs.setdefault("access_token", "t")
    kwargs.setdefault("retries", RETRY_ONCE)
    kwargs.setdefault("max_response_bytes", MiB)
    kwargs.setdefault("timeout", (2, 2))
    return zuora_sdk.CustomObjectJobsApi(zuora_sdk.ApiClient(zuora_sdk.Configuration(host=server.url, **kwargs)))


def head(*headers: str, status: str = "200 OK") -> bytes:
    return "\r\n".join([f"HTTP/1.1 {status}", "Content-Type: application/json", "Connection: close",
                        *headers, "", ""]).encode()


# ----- a ceiling on every answer ---------------------------------------------------------------------


def gzip_bomb(server: HostileServer, conn: socket.socket) -> None:
    """A 200 that inflates without end: each 64 KiB of zeros compresses to a few hundred bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(64 * 1024)
    conn.sendall(head("Content-Encoding: gzip", "Transfer-Encoding: chunked"))

    def piece() -> bytes:
        data = compressor.compress(zeros) + compressor.flush(zlib.Z_SYNC_FLUSH)
        return b"%x\r\n%s\r\n" % (len(data), data)

    server.keep_sending(conn, piece)


def endless_chunked(server: HostileServer, conn: socket.socket) -> None:
    conn.sendall(head("Transfer-Encoding: chunked"))
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b" " * 64 * 1024)
    server.keep_sending(conn, lambda: chunk)


def huge_identity(server: HostileServer, conn: socket.socket) -> None:
    conn.sendall(head(f"Content-Length: {1 << 40}"))
    block = b" " * 64 * 1024
    server.keep_sending(conn, lambda: block)


@pytest.mark.parametrize("answer", [gzip_bomb, endless_chunked, huge_identity])
def test_an_answer_past_the_ceiling_stops_with_an_error_naming_the_setting(
    hostile: Any, answer: Callable[[HostileServer, socket.socket], None]
) -> None:
    server = hostile(answer)
    started = time.monotonic()
    with pytest.raises(ResponseTooLargeError, match="max_response_bytes") as raised:
        client_for(server).get_custom_object_bulk_job("job-1")
    assert time.monotonic() - started < 30  # seconds, where it read on without end
    assert raised.value.status == 200 and raised.value.attempts == 1 and raised.value.limit == MiB
    assert len(server.requests) == 1  # the same answer again would not be smaller


def test_an_error_answer_keeps_its_start_and_leaves_the_rest(hostile: Any) -> None:
    def answer(server: HostileServer, conn: socket.socket) -> None:
        conn.sendall(head("Transfer-Encoding: chunked", status="400 Bad Request"))
        text = b'{"code": 71013020, "message": "Bad Request", "padding": "'
        conn.sendall(b"%x\r\n%s\r\n" % (len(text), text))
        chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)
        server.keep_sending(conn, lambda: chunk)

    server = hostile(answer)
    with pytest.raises(zuora_sdk.BadRequestException) as raised:
        client_for(server).get_custom_object_bulk_job("job-1")
    assert raised.value.body is not None and raised.value.body.startswith('{"code": 71013020')
    assert len(raised.value.body) == constants.ERROR_BODY_BYTES


def test_the_default_ceiling_is_above_the_errors_of_a_million_failed_rows() -> None:
    # Zuora's row error: code, message, row and the record echoed back with its system fields.
    record = {"Id": "123", "type": "vehicle", "CreatedById": None, "CreatedDate": None, "UpdatedById": None,
              "UpdatedDate": None, "Name__c": "car 999999", "Year__c": "2024"}
    error = {"code": 71012520, "message": 'input string "123" is not a valid UUID', "row": 1_000_001, "record": record}
    million = 1_000_000 * (len(json.dumps(error)) + 2)
    assert million < constants.MAX_RESPONSE_BYTES == zuora_sdk.Configuration().max_response_bytes


# ----- a deadline on every attempt ------------------------------------------------------------------


def trickled_body(server: HostileServer, conn: socket.socket) -> None:
    conn.sendall(head("Content-Length: 100000"))
    server.keep_sending(conn, lambda: b" ", pause=0.05)


def trickled_head(server: HostileServer, conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    server.keep_sending(conn, lambda: b"x", pause=0.05)


def trickled_chunks(server: HostileServer, conn: socket.socket) -> None:
    conn.sendall(head("Transfer-Encoding: chunked") + b"1\r\n \r\n")
    server.keep_sending(conn, lambda: b"0", pause=0.05)  # a chunk-size line that never ends


@pytest.mark.parametrize(("answer", "settings", "call_options"), [
    (trickled_body, {"timeout": (2, 2), "attempt_timeout": 0.25}, {}),
    (trickled_head, {"timeout": (2, 2), "attempt_timeout": 0.25}, {}),
    (trickled_chunks, {"timeout": (2, 2), "attempt_timeout": 0.25}, {}),
    (trickled_body, {"timeout": (2, 0.2)}, {}),  # by default, three read timeouts
    (trickled_body, {}, {"_request_timeout": 0.25}),  # a number is the whole time, as in the generated SDK
], ids=["body", "head", "chunk-size", "default", "per-call"])
def test_a_trickling_server_cannot_stretch_an_attempt(
    hostile: Any, answer: Callable[[HostileServer, socket.socket], None], settings: dict[str, Any],
    call_options: dict[str, Any],
) -> None:
    server = hostile(answer)
    api = client_for(server, **settings)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError, match="attempt_timeout") as raised:
        api.get_custom_object_bulk_job("job-1", **call_options)
    assert time.monotonic() - started < 20  # two attempts of a quarter of a second, where it read for ever
    assert raised.value.attempts == 2 and raised.value.sent is True


def test_an_attempt_timeout_changed_between_calls_takes_effect(hostile: Any, sim: ZuoraSimulator) -> None:
    config = zuora_sdk.Configuration(host=sim.base_url, access_token=sim.access_token, timeout=(2, 2),
                                     retries=RETRY_ONCE)
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        assert api.get_all_custom_object_bulk_jobs().jobs == []  # the same timeout, three read timeouts in all
        config.host, config.attempt_timeout = hostile(trickled_body).url, 0.25
        started = time.monotonic()
        with pytest.raises(ApiTimeoutError, match="attempt_timeout"):
            api.get_custom_object_bulk_job("job-1")
    assert time.monotonic() - started < 5  # two attempts of a quarter of a second, not of six seconds


def test_a_urllib3_timeout_changed_in_place_between_calls_takes_effect(hostile: Any, sim: ZuoraSimulator) -> None:
    import urllib3

    config = zuora_sdk.Configuration(host=sim.base_url, access_token=sim.access_token, retries=RETRY_ONCE)
    timeout = urllib3.Timeout(total=30)
    with zuora_sdk.ApiClient(config) as client:
        client.request_timeout = timeout
        api = zuora_sdk.CustomObjectJobsApi(client)
        assert api.get_all_custom_object_bulk_jobs().jobs == []
        config.host, timeout.total = hostile(trickled_body).url, 0.25  # the same object, changed
        started = time.monotonic()
        with pytest.raises(ApiTimeoutError, match="attempt_timeout"):
            api.get_custom_object_bulk_job("job-1")
    assert time.monotonic() - started < 5  # two attempts of a quarter of a second, not of half a minute


def test_the_clients_request_timeout_bounds_a_token_request(hostile: Any) -> None:
    def mute(server: HostileServer, conn: socket.socket) -> None:
        server.closed.wait()  # the token request is never answered

    server = hostile(mute)
    config = zuora_sdk.Configuration(host=server.url, client_id="id", client_secret="secret", timeout=(2, 2),
                                     retries=0)
    started = time.monotonic()
    with zuora_sdk.ApiClient(config) as client, pytest.raises(zuora_sdk.AuthenticationError, match="timed out"):
        client.request_timeout = 0.25
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert time.monotonic() - started < 1.5  # a quarter of a second, not the configured two
    assert server.requests == [b"POST /oauth/token HTTP/1.1"]


@pytest.mark.parametrize("connect", [30, None], ids=["connect-timeout", "no-connect-timeout"])
def test_a_server_that_reads_an_upload_slowly_cannot_stretch_the_attempt(hostile: Any, connect: float | None) -> None:
    def slow_reader(server: HostileServer, conn: socket.socket) -> None:
        while not server.closed.is_set() and conn.recv(1024):
            time.sleep(0.05)  # 20 KiB/s: a sendall of the file would take half an hour

    # Without the deadline, the connect timeout (30 s, or none) bounds each send.
    api = client_for(hostile(slow_reader), upload_timeout=(connect, 30), upload_attempt_timeout=0.5,
                     max_file_bytes=None, trust_server_idempotency=True, retries=0)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError, match="upload_attempt_timeout"):
        api.post_upload_file_for_custom_object_bulk_job("text/csv", "job-1", b"Name__c\n" + b"x\n" * (16 * MiB))
    assert time.monotonic() - started < 15


def test_a_send_held_up_past_its_timeout_is_not_blamed_on_the_attempts_time(hostile: Any) -> None:
    def deaf(server: HostileServer, conn: socket.socket) -> None:
        server.closed.wait()  # reads nothing more: the client's sends stall once the buffers are full

    api = client_for(hostile(deaf), upload_timeout=(0.3, 30), upload_attempt_timeout=30, max_file_bytes=None,
                     trust_server_idempotency=True, retries=0)
    with pytest.raises(zuora_sdk.ApiConnectionError) as raised:
        api.post_upload_file_for_custom_object_bulk_job("text/csv", "job-1", b"Name__c\n" + b"x\n" * (16 * MiB))
    assert "attempt_timeout" not in str(raised.value) and raised.value.sent is True


def test_a_send_gets_its_whole_timeout_back_once_the_attempts_time_no_longer_binds(hostile: Any) -> None:
    def late_reader(server: HostileServer, conn: socket.socket) -> None:
        time.sleep(0.25)  # the client's sends stall this long once the buffers are full
        tail = b""
        while not tail.endswith(b"\nend\n"):
            data = conn.recv(1024 * 1024)
            if not data:
                return
            tail = (tail + data)[-16:]
        body = b'{"id": "job-1", "status": "pending"}'
        conn.sendall(head(f"Content-Length: {len(body)}") + body)

    # The first sends get what is left of the attempt's 0.1 s; once a mebibyte has gone (16 s more),
    # the send timeout of 1 s binds again.
    api = client_for(hostile(late_reader), upload_timeout=(1, 2), upload_attempt_timeout=0.1, max_file_bytes=None,
                     trust_server_idempotency=True, retries=0)
    file = io.BytesIO(b"x" * 16 * MiB + b"\nend\n")  # read and sent a mebibyte at a time
    assert api.post_upload_file_for_custom_object_bulk_job("text/csv", "job-1", file).id == "job-1"


def test_an_upload_that_keeps_moving_is_not_cut_short_by_the_attempts_seconds(hostile: Any) -> None:
    size = 4 * MiB

    def steady_reader(server: HostileServer, conn: socket.socket) -> None:
        tail = b""
        while not tail.endswith(b"\nend\n"):  # the file's last line
            data = conn.recv(128 * 1024)
            if not data:
                return
            tail = (tail + data)[-16:]
            time.sleep(0.01)  # about 12 MiB/s: several times longer than the attempt's time
        body = b'{"id": "job-1", "status": "pending"}'
        conn.sendall(head(f"Content-Length: {len(body)}") + body)

    # Each second a transfer keeps moving 64 KiB is added to the attempt's time.
    api = client_for(hostile(steady_reader), upload_timeout=(2, 2), upload_attempt_timeout=0.1,
                     max_file_bytes=None, trust_server_idempotency=True, retries=0)
    file = io.BytesIO(b"x" * size + b"\nend\n")  # read and sent a mebibyte at a time
    job = api.post_upload_file_for_custom_object_bulk_job("text/csv", "job-1", file)
    assert job.id == "job-1"


def test_the_time_between_reads_of_a_streamed_answer_is_the_callers(hostile: Any) -> None:
    def answer(server: HostileServer, conn: socket.socket) -> None:
        items = ",".join(json.dumps({"code": 71012520, "message": "bad", "row": row}) for row in range(2, 2002))
        body = ('{"errors": [' + items + "]}").encode()
        conn.sendall(head(f"Content-Length: {len(body)}") + body)

    api = client_for(hostile(answer), attempt_timeout=0.5)
    rows = []
    for error in zuora_sdk.iter_job_errors(api, "job-1"):
        if error.row in (2, 1000):
            time.sleep(0.4)  # slow work on each of some errors: longer than the attempt in all
        rows.append(error.row)
    assert rows == list(range(2, 2002))


# ----- large error lists in bounded memory -----------------------------------------------------------

ERRORS_STREAMED = 100_000


def errors_answer(server: HostileServer, conn: socket.socket) -> None:
    """A job's errors, made and sent as they go (so that only the client holds them)."""
    conn.sendall(head("Transfer-Encoding: chunked"))

    def pieces() -> Iterator[bytes]:
        yield b'{"errors": ['
        for start in range(0, ERRORS_STREAMED, 1000):
            rows = range(start + 2, min(ERRORS_STREAMED, start + 1000) + 2)
            text = ",".join(json.dumps({
                "code": 71012520, "message": f'input string "{row}" is not a valid UUID', "row": row,
                "record": {"Id": str(row), "type": "vehicle", "Name__c": f"car {row}", "Year__c": "2024"},
            }) for row in rows)
            yield (("," if start else "") + text).encode()
        yield b"]}"

    for piece in pieces():
        conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
    conn.sendall(b"0\r\n\r\n")


def test_a_huge_errors_answer_streams_in_bounded_memory(hostile: Any) -> None:
    server = hostile(errors_answer)
    code = f"""
import resource, zuora_sdk
from zuora_sdk.models import CustomObjectBulkJobErrorResponse
config = zuora_sdk.Configuration(host={server.url!r}, access_token="t")
with zuora_sdk.ApiClient(config) as client:
    api = zuora_sdk.CustomObjectJobsApi(client)
    api.api_client.configuration.max_response_bytes = {64 * MiB}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = [error.row for error in zuora_sdk.iter_job_errors(api, "job-1")][-1:]
    print(rows[0], before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    last_row, before_kib, peak_kib = map(int, out.split())
    assert last_row == ERRORS_STREAMED + 1
    # The answer is about 15 MB; read whole and parsed, it took over 200 MB.
    assert (peak_kib - before_kib) * 1024 < 48 * MiB, (before_kib, peak_kib)


ODD_ERRORS = {"count": 3, "errors": [
    {"code": 71012520, "message": 'input string "Mod\u00e8le \u2603" is not a valid UUID', "row": 2,
     "record": {"Id": "Mod\u00e8le", "Price__c": 12345.5e3, "Ok__c": True, "Nested": {"a": [1, None]}}},
    {"code": 71012521, "message": "", "row": 1234567},
], "more": [[], {}, -0.5e-3]}


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_an_errors_answer_cut_anywhere_reads_as_the_whole(hostile: Any, size: int) -> None:
    body = json.dumps(ODD_ERRORS, ensure_ascii=False, indent=1).encode()

    def answer(server: HostileServer, conn: socket.socket) -> None:
        conn.sendall(head("Transfer-Encoding: chunked"))
        for start in range(0, len(body), size):  # utf-8 sequences, numbers and keys split across chunks
            piece = body[start:start + size]
            conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        conn.sendall(b"0\r\n\r\n")

    api = client_for(hostile(answer))
    streamed = [error.to_dict() for error in zuora_sdk.iter_job_errors(api, "job-1")]
    assert streamed == [error.to_dict() for error in api.get_custom_object_bulk_job_errors("job-1").errors or []]
    assert [error["row"] for error in streamed] == [2, 1234567]


@pytest.mark.parametrize("body", [b'{"errors": [{"row": 2}', b'{"errors": [{"row": 2},]}', b"<html>502</html>",
                                  b'{"errors": ' + b"[" * 100_000])
def test_an_errors_answer_that_is_not_json_is_an_api_exception(hostile: Any, body: bytes) -> None:
    def answer(server: HostileServer, conn: socket.socket) -> None:
        conn.sendall(head(f"Content-Length: {len(body)}") + body)

    with pytest.raises(zuora_sdk.ApiException, match="not valid JSON"):
        list(zuora_sdk.iter_job_errors(client_for(hostile(answer)), "job-1"))


def test_a_broken_errors_answer_is_resumed_where_it_broke(hostile: Any) -> None:
    def answer(server: HostileServer, conn: socket.socket) -> None:
        items = [json.dumps({"code": 71012520, "message": "bad", "row": row}) for row in range(2, 12)]
        body = ('{"errors": [' + ",".join(items) + "]}").encode()
        if len(server.requests) == 1:
            conn.sendall(head(f"Content-Length: {len(body)}") + body[: len(body) // 2])  # then the line drops
        else:
            conn.sendall(head(f"Content-Length: {len(body)}") + body)

    server = hostile(answer)
    rows = [error.row for error in zuora_sdk.iter_job_errors(client_for(server), "job-1")]
    assert rows == list(range(2, 12)) and len(server.requests) == 2


# ----- a full tenant is not a quota -------------------------------------------------------------------


def test_the_sixth_job_with_quota_left_says_the_job_slots_are_full(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(make_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        for _ in range(5):
            submit(api)
        started = time.monotonic()
        with pytest.raises(JobSlotsFullError) as raised:
            submit(api)
    assert time.monotonic() - started < 10  # not the quota window's RateLimit-Reset of 60 s, twice
    assert isinstance(raised.value, RateLimitException) and raised.value.retry_after is None
    assert raised.value.attempts == 3 and "5 job slots are all taken" in str(raised.value)
    assert raised.value.headers is not None and int(raised.value.headers["RateLimit-Reset"]) > 10
    assert sim.stats.jobs_created == 5


def test_ratelimit_reset_is_a_hint_only_when_the_quota_is_spent() -> None:
    assert server_wait_hint(429, {"RateLimit-Reset": "60", "RateLimit-Remaining": "49000"}) is None
    assert server_wait_hint(429, {"RateLimit-Reset": "60", "RateLimit-Remaining": "0"}) == 60


# ----- no request without credentials -----------------------------------------------------------------


def silent(server: HostileServer, conn: socket.socket) -> None:
    conn.sendall(head("Content-Length: 2") + b"{}")


@pytest.mark.parametrize("config", [
    lambda url: zuora_sdk.Configuration(host=url),
    lambda url: zuora_sdk.Configuration.from_env({"ZUORA_HOST": url}),
    lambda url: zuora_sdk.Configuration(host=url, client_id="only-an-id"),
], ids=["nothing", "from_env", "half-oauth"])
def test_no_request_goes_out_without_credentials(hostile: Any, config: Callable[[str], Any]) -> None:
    server = hostile(silent)
    with zuora_sdk.ApiClient(config(server.url)) as client, pytest.raises(MissingCredentialsError) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    for name in ("ZUORA_ACCESS_TOKEN", "ZUORA_CLIENT_ID", "ZUORA_CLIENT_SECRET", "ZuoraClient"):
        assert name in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert server.connections == 0


@pytest.mark.parametrize("headers", [{"Proxy-Authorization": "Basic dXNlcjpwdw=="}, {"Authorization": " "}],
                         ids=["proxy-credentials", "blank"])
def test_proxy_credentials_or_a_blank_authorization_are_not_credentials(hostile: Any, headers: dict[str, str]) -> None:
    server = hostile(silent)
    with zuora_sdk.ApiClient(zuora_sdk.Configuration(host=server.url)) as client:
        with pytest.raises(MissingCredentialsError):
            zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs(_headers=headers)
    assert server.connections == 0


def test_an_empty_environment_does_not_call_production() -> None:
    config = zuora_sdk.Configuration.from_env({})
    assert config.host == "https://rest.zuora.com"
    with zuora_sdk.ApiClient(config) as client, pytest.raises(MissingCredentialsError):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()


@pytest.mark.parametrize("how", ["default header", "client header", "argument", "_request_auth", "_headers"])
def test_any_authorization_the_caller_gives_is_credentials_enough(sim: ZuoraSimulator, how: str) -> None:
    value = f"Bearer {sim.access_token}"
    config = zuora_sdk.Configuration(host=sim.base_url)
    call: dict[str, Any] = {}
    if how == "default header":
        config.default_headers["Authorization"] = value
    elif how == "argument":
        call["authorization"] = value
    elif how == "_request_auth":
        call["_request_auth"] = {"in": "header", "key": "Authorization", "value": value}
    elif how == "_headers":
        call["_headers"] = {"authorization": value}
    with zuora_sdk.ApiClient(config) as client:
        if how == "client header":
            client.set_default_header("Authorization", value)
        assert zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs(**call).jobs == []


def test_the_cli_without_credentials_exits_2_and_sends_nothing(
    hostile: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = hostile(silent)
    for name in ("ZUORA_ENVIRONMENT", "ZUORA_ACCESS_TOKEN", "ZUORA_CLIENT_ID", "ZUORA_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZUORA_HOST", server.url)
    out, err = io.StringIO(), io.StringIO()
    assert cli_main(["list"], out, err) == 2
    assert "ZUORA_ACCESS_TOKEN" in err.getvalue() and "ZUORA_CLIENT_ID" in err.getvalue()
    assert out.getvalue() == "" and server.connections == 0

# ----- the simulator never drops a connection on bad input ---------------------------------------------


def post(sim: ZuoraSimulator, path: str, body: bytes, content_type: str = "application/json") -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=10)
    try:
        connection.request("POST", path, body=body, headers={
            "Authorization": f"Bearer {sim.access_token}", "Content-Type": content_type,
        })
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_deeply_nested_submit_body_is_a_400_not_a_dropped_connection(sim: ZuoraSimulator) -> None:
    status, body = post(sim, "/objects/jobs", b"[" * 100_000)
    assert status == 400 and "not valid JSON" in body["message"]
    status, body = post(sim, "/__sim__/faults", b'{"route": ' + b"[" * 100_000)
    assert status == 400 and "nested too deeply" in body["message"]


@pytest.mark.parametrize("seconds", [b"1e999", b"NaN", b"-Infinity", b'"soon"'])
def test_advancing_the_clock_by_a_number_that_is_not_finite_is_a_400(sim: ZuoraSimulator, seconds: bytes) -> None:
    status, body = post(sim, "/__sim__/advance", b'{"seconds": ' + seconds + b"}")
    assert status == 400 and body["message"]
    assert math.isfinite(sim.clock.now())
    status, body = post(sim, "/__sim__/advance", b'{"seconds": 1.5}')
    assert (status, body) == (200, {"advanced": 1.5})


def test_a_fault_delay_that_is_not_finite_is_refused(sim: ZuoraSimulator) -> None:
    status, body = post(sim, "/__sim__/faults", b'{"route": "get", "action": "delay", "delay": 1e999}')
    assert status == 400 and "1e999" in body["message"]
    with pytest.raises(ValueError, match="delay"):
        sim.inject("get", action="delay", delay=float("nan"))
    with pytest.raises(ValueError, match="finite"):
        sim.advance(float("inf"))


def test_a_latin1_upload_names_the_line_of_the_bad_byte(sim: ZuoraSimulator) -> None:
    status, job = post(sim, "/objects/jobs", b'{"namespace": "default", "object": "vehicle", "operation": "create"}')
    assert status == 200
    body = ("Name__c,Year__c\n" + "Model 3,2023\n" * 3 + "Mod\u00e8le S,2024\n").encode("latin-1")
    status, answer = post(sim, f"/objects/jobs/{job['Id']}/files", body, "text/csv")
    assert status == 400 and "not valid UTF-8" in answer["message"] and "line 5" in answer["message"]
