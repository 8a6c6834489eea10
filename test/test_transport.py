"""Whether a failed request may have reached the server, as the transport tells it: decided by
whether any request byte left, not by the kind of error (TLS errors happen on both sides of that).

These tests run their own small TLS servers on loopback: the simulator speaks plain HTTP.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest

import zuora_sdk
from zuora_sdk._core.retry import RetryPolicy
from zuora_sdk.exceptions import ApiConnectionError, ApiTimeoutError, OutcomeUnknownError

REQUEST = {"namespace": "default", "object": "vehicle", "operation": "create"}
RETRY_ONCE = RetryPolicy(max_retries=1, backoff_initial=0.01)


class Server:
    """Accepts connections on loopback; ``handle(conn)`` runs for each in its own thread."""

    def __init__(self, handle: object) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        self.handle = handle
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(self, conn), daemon=True).start()  # type: ignore[arg-type]

    def close(self) -> None:
        self.sock.close()


def read_request(conn: ssl.SSLSocket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    lengths = [int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
    length = lengths[0] if lengths else 0
    while len(body) < length:
        body += conn.recv(65536)
    return head.split(b"\r\n")[0]


def self_signed(tmp_path_factory: pytest.TempPathFactory, name: str, alt_name: str) -> tuple[str, str]:
    """A certificate and its key for ``name`` (and the subject alternative name ``alt_name``)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
         "-subj", f"/CN={name}", "-addext", f"subjectAltName={alt_name}"],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return self_signed(tmp_path_factory, "127.0.0.1", "IP:127.0.0.1")


def config(port: int, ca: str | None = None) -> zuora_sdk.Configuration:
    result = zuora_sdk.Configuration(host=f"https://127.0.0.1:{port}", access_token="t", timeout=(0.5, 0.5),
                                     retries=RETRY_ONCE)
    result.ssl_ca_cert = ca
    return result


def submit(configuration: zuora_sdk.Configuration) -> None:
    with zuora_sdk.ApiClient(configuration) as client:
        zuora_sdk.CustomObjectJobsApi(client).post_custom_object_bulk_job(REQUEST)


def test_a_tls_handshake_that_times_out_sent_nothing_and_is_retried() -> None:
    def silent(server: Server, conn: socket.socket) -> None:
        conn.recv(65536)  # the ClientHello; never answered

    server = Server(silent)
    try:
        with pytest.raises(ApiTimeoutError) as raised:
            submit(config(server.port))
    finally:
        server.close()
    assert raised.value.sent is False and not isinstance(raised.value, OutcomeUnknownError)
    assert raised.value.attempts == 2


def test_a_tls_error_after_the_request_left_is_an_unknown_outcome_not_a_resend(certificate: tuple[str, str]) -> None:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def corrupt_answer(server: Server, conn: socket.socket) -> None:
        with context.wrap_socket(conn, server_side=True) as tls:
            server.requests.append(read_request(tls))
            os.write(tls.fileno(), b"\x17\x03\x03\x00\x20" + b"\x00" * 32)  # a record that cannot decrypt
            with contextlib.suppress(ssl.SSLError, OSError):
                tls.recv(1)  # the client's alert

    server = Server(corrupt_answer)
    try:
        with pytest.raises(OutcomeUnknownError):
            submit(config(server.port, ca=cert))
    finally:
        server.close()
    assert server.requests == [b"POST /objects/jobs HTTP/1.1"]  # sent once, never again


def test_a_certificate_not_trusted_sent_nothing(certificate: tuple[str, str]) -> None:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def answer(server: Server, conn: socket.socket) -> None:
        with contextlib.suppress(ssl.SSLError, OSError), context.wrap_socket(conn, server_side=True) as tls:
            server.requests.append(read_request(tls))

    server = Server(answer)
    try:
        with pytest.raises(ApiConnectionError) as raised:
            submit(config(server.port))  # the system's CAs do not know this certificate
    finally:
        server.close()
    assert raised.value.sent is False and not isinstance(raised.value, OutcomeUnknownError)
    assert "CERTIFICATE_VERIFY_FAILED" in str(raised.value) and server.requests == []


@pytest.mark.parametrize("status", [b"407 Proxy Authentication Required", b"403 Forbidden"])
def test_a_proxy_refusing_the_tunnel_is_not_asked_again(status: bytes) -> None:
    def refuse(server: Server, conn: socket.socket) -> None:
        with conn:
            server.requests.append(conn.recv(65536).split(b"\r\n")[0])
            conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\n\r\n")

    server = Server(refuse)
    configuration = zuora_sdk.Configuration(host="https://rest.zuora.com", access_token="t",
                                            proxy=f"http://127.0.0.1:{server.port}", retries=RETRY_ONCE)
    try:
        with pytest.raises(ApiConnectionError, match="proxy refused") as raised:
            submit(configuration)
    finally:
        server.close()
    assert raised.value.attempts == 1 and raised.value.sent is False
    assert [line.rsplit(b" ", 1)[0] for line in server.requests] == [b"CONNECT rest.zuora.com:443"]


# ----- the settings of the connection, as a server sees them -------------------------------------------

JOB = b'{"id": "j1", "status": "pending", "operation": "create", "object": "vehicle", "namespace": "default"}'
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (
    len(JOB), JOB)


@pytest.fixture(scope="module")
def named_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A certificate for the name zuora.test only (not for 127.0.0.1)."""
    return self_signed(tmp_path_factory, "zuora.test", "DNS:zuora.test")


def test_tls_server_name_and_assert_hostname_are_the_names_checked(named_certificate: tuple[str, str]) -> None:
    cert, key = named_certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda tls, name, ctx: names.append(name)  # type: ignore[assignment,misc,func-returns-value]

    def answer(server: Server, conn: socket.socket) -> None:
        with contextlib.suppress(ssl.SSLError, OSError), context.wrap_socket(conn, server_side=True) as tls:
            server.requests.append(read_request(tls))
            tls.sendall(ANSWER)

    server = Server(answer)
    try:
        named = config(server.port, ca=cert)
        named.tls_server_name = "zuora.test"
        with zuora_sdk.ApiClient(named) as client:
            assert zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("j1").id == "j1"
        assert names == ["zuora.test"]
        checked = config(server.port, ca=cert)
        checked.assert_hostname = "zuora.test"  # the name checked, not the one sent
        with zuora_sdk.ApiClient(checked) as client:
            assert zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("j1").id == "j1"
        assert names == ["zuora.test", None]  # no name is sent to an IP address
        with pytest.raises(ApiConnectionError, match="CERTIFICATE_VERIFY_FAILED"):  # not a name of the certificate
            submit(config(server.port, ca=cert))
    finally:
        server.close()


def test_the_connect_timeout_of_a_pair_bounds_the_tls_handshake() -> None:
    def silent(server: Server, conn: socket.socket) -> None:
        conn.recv(65536)  # the ClientHello; never answered

    server = Server(silent)
    configuration = config(server.port)
    configuration.timeout = (0.2, 30)  # the read timeout would let the handshake hang for half a minute
    configuration.retries = 0
    started = time.monotonic()
    try:
        with zuora_sdk.ApiClient(configuration) as client, pytest.raises(ApiTimeoutError) as raised:
            zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("j1")
    finally:
        server.close()
    assert time.monotonic() - started < 10
    assert raised.value.sent is False and "connecting" in str(raised.value)


def http_job(server: Server, conn: socket.socket) -> None:
    with conn:
        server.requests.append(read_request(conn))  # type: ignore[arg-type]
        conn.sendall(ANSWER)


@pytest.mark.parametrize("timeout", [(None, 2), (None, None)])
def test_a_pair_without_a_connect_timeout_sends(timeout: tuple[float | None, float | None]) -> None:
    server = Server(http_job)
    configuration = zuora_sdk.Configuration(host=f"http://127.0.0.1:{server.port}", access_token="t",
                                            timeout=timeout, attempt_timeout=5, retries=0)
    try:
        with zuora_sdk.ApiClient(configuration) as client:
            api = zuora_sdk.CustomObjectJobsApi(client)
            assert api.get_custom_object_bulk_job("j1").id == "j1"
            assert api.post_custom_object_bulk_job(REQUEST).id == "j1"
    finally:
        server.close()
    assert [line.split(b" ")[0] for line in server.requests] == [b"GET", b"POST"]


def test_socket_options_are_applied_to_every_connection() -> None:
    server = Server(http_job)
    configuration = zuora_sdk.Configuration(host=f"http://127.0.0.1:{server.port}", access_token="t", retries=0)
    configuration.socket_options = [(socket.SOL_SOCKET, -1, 1)]  # an option the system does not know
    try:
        with zuora_sdk.ApiClient(configuration) as client, pytest.raises(ApiConnectionError) as raised:
            zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("j1")
        configuration.socket_options = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)]
        with zuora_sdk.ApiClient(configuration) as client:
            assert zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("j1").id == "j1"
    finally:
        server.close()
    assert raised.value.sent is False and len(server.requests) == 1


@pytest.mark.parametrize(("given", "sent"), [
    ({}, b"Basic dXNlcjpzZWNyZXQ="),  # user:secret, from the proxy URL
    ({"Proxy-Authorization": "Negotiate abc"}, b"Negotiate abc"),  # given: it wins over the URL's
], ids=["from-url", "given"])
def test_a_plain_http_proxy_is_asked_for_the_whole_url_with_its_credentials(given: dict[str, str], sent: bytes) -> None:
    heads: list[list[bytes]] = []

    def proxy(server: Server, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            heads.append(data.split(b"\r\n\r\n")[0].split(b"\r\n"))
            conn.sendall(ANSWER)

    server = Server(proxy)
    # The host does not resolve: the call can only succeed by going through the proxy.
    configuration = zuora_sdk.Configuration(host="http://rest.zuora.invalid", access_token="t", retries=0,
                                            proxy=f"http://user:secret@127.0.0.1:{server.port}",
                                            proxy_headers={"Accept-Language": "en", "X-Tag": "t1", **given},
                                            allow_insecure_http=True)
    try:
        with zuora_sdk.ApiClient(configuration) as client:
            assert zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job("j1").id == "j1"
    finally:
        server.close()
    [head] = heads
    assert head[0] == b"GET http://rest.zuora.invalid/objects/jobs/j1 HTTP/1.1"
    pairs = [line.split(b": ", 1) for line in head[1:]]
    assert [value for name, value in pairs if name.lower() == b"proxy-authorization"] == [sent]
    headers = {name.lower(): value for name, value in pairs}
    assert headers[b"authorization"] == b"Bearer t"
    assert headers[b"accept-language"] == b"en" and headers[b"x-tag"] == b"t1"
    assert b"transfer-encoding" not in headers and b"content-length" not in headers  # a GET has no body


@pytest.mark.parametrize("proxy", ["http://", "http://:3128", "ftp://proxy.internal:21", "proxy.internal:3128"])
def test_a_proxy_that_is_not_an_http_url_with_a_host_is_refused(proxy: str) -> None:
    configuration = zuora_sdk.Configuration(access_token="t", proxy=proxy)
    with pytest.raises(zuora_sdk.ApiValueError, match="proxy must be an http:// or https:// URL"):
        zuora_sdk.ApiClient(configuration)


def test_a_redirect_is_returned_as_it_is_never_followed() -> None:
    def redirect(server: Server, conn: socket.socket) -> None:
        with conn:
            server.requests.append(read_request(conn))  # type: ignore[arg-type]
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /objects/jobs/j2\r\nConnection: close\r\n"
                         b"Content-Length: 0\r\n\r\n")

    server = Server(redirect)
    configuration = zuora_sdk.Configuration(host=f"http://127.0.0.1:{server.port}", access_token="t", retries=0)
    try:
        with zuora_sdk.ApiClient(configuration) as client:
            response = zuora_sdk.CustomObjectJobsApi(client).get_custom_object_bulk_job_without_preload_content("j1")
    finally:
        server.close()
    assert response.status == 302 and response.headers["Location"] == "/objects/jobs/j2"
    assert server.requests == [b"GET /objects/jobs/j1 HTTP/1.1"]


def test_a_tunnel_that_breaks_before_the_tls_handshake_sent_nothing() -> None:
    def tunnel_to_nowhere(server: Server, conn: socket.socket) -> None:
        with conn:
            server.requests.append(conn.recv(65536).split(b"\r\n")[0])
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")  # then gone, before the handshake

    server = Server(tunnel_to_nowhere)
    configuration = zuora_sdk.Configuration(host="https://rest.zuora.com", access_token="t",
                                            proxy=f"http://127.0.0.1:{server.port}", retries=RETRY_ONCE)
    try:
        with pytest.raises(ApiConnectionError) as raised:
            submit(configuration)  # a write: sent again only because nothing of it left
    finally:
        server.close()
    assert raised.value.sent is False and not isinstance(raised.value, OutcomeUnknownError)
    assert raised.value.attempts == 2
    assert [line.rsplit(b" ", 1)[0] for line in server.requests] == [b"CONNECT rest.zuora.com:443"] * 2


class KeepAlive:
    """Answers every request on a connection with a job, keeping the connection open; counts connections."""

    def __init__(self) -> None:
        self.connections = 0
        self.server = Server(self._answer)
        self.port = self.server.port

    def _answer(self, server: Server, conn: socket.socket) -> None:
        self.connections += 1
        with conn, contextlib.suppress(OSError):
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    more = conn.recv(65536)
                    if not more:
                        return
                    data += more
                _, _, data = data.partition(b"\r\n\r\n")  # requests without a body
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                             % (len(JOB), JOB))


def test_a_client_keeps_a_connection_to_each_of_four_hosts() -> None:
    servers = [KeepAlive(), KeepAlive()]
    configuration = zuora_sdk.Configuration(access_token="t", retries=0)
    try:
        with zuora_sdk.ApiClient(configuration) as client:
            api = zuora_sdk.CustomObjectJobsApi(client)
            for _ in range(3):
                for server in servers:
                    for name in ("127.0.0.1", "localhost"):  # two hosts per server
                        configuration.host = f"http://{name}:{server.port}"
                        assert api.get_custom_object_bulk_job("j1").id == "j1"
    finally:
        for server in servers:
            server.server.close()
    assert [server.connections for server in servers] == [2, 2]  # one per host, kept between rounds
