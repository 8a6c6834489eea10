"""The socket shell over the service: accept connections, read requests, write responses.

All the answering is `Service.handle` (service.py); here only what a socket needs: 100-continue, a malformed
request head, keep-alive, closing or resetting the connection, and shutting connections down on stop.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
from typing import BinaryIO

from .replies import JSON
from .service import Service
from .wire import MalformedRequest, read_request, reset, response_head


class SimulatorServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], service: Service) -> None:
        self.service = service
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, ConnectionHandler)

    def close_connections(self) -> None:
        with self.connections_lock:
            live = list(self.connections)
            self.connections.clear()
        for sock in live:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class ConnectionHandler(socketserver.BaseRequestHandler):
    """One client connection: requests are answered in turn while the client keeps it open."""

    server: SimulatorServer
    request: socket.socket

    def handle(self) -> None:
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.connections.add(sock)
        rfile: BinaryIO = sock.makefile("rb", buffering=64 * 1024)  # type: ignore[assignment]
        connection = "close"
        try:
            while True:
                try:
                    request = read_request(rfile)
                except MalformedRequest as exc:
                    message = json.dumps({"message": f"Bad Request: {exc}"}).encode()
                    sock.sendall(response_head(400, [("Content-Type", JSON), ("Content-Length", str(len(message))),
                                                     ("Connection", "close")]) + message)
                    return
                if request is None:
                    return
                if "100-continue" in request.headers.get("Expect", "").lower():
                    sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                response = self.server.service.handle(request)
                connection = response.connection
                if connection == "reset":
                    return
                sock.sendall(response.head() + response.body)
                if connection != "keep":
                    return
        except OSError:  # the client went away (reset, broken pipe, timeout)
            return
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(sock)
            rfile.close()  # the socket only really closes once its file object is closed
            if connection == "reset":
                reset(sock)
