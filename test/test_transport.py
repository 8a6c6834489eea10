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
from collections.abc import Iterator

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


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    yield cert, key


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
