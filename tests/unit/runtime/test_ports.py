"""Readiness probes on loopback: free ports, and probes that never mistake themselves for a server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bot.runtime.ports import (
    _first_outgoing_port,
    answers_ok,
    free_port,
    free_port_block,
    is_connected_to_itself,
    port_is_open,
)


@contextmanager
def _echo_server() -> Iterator[int]:
    """Sends back whatever it is sent, as a probe that connected to itself reads its own request."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.sendall(connection.recv(4096))

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@contextmanager
def _http_server(status: int) -> Iterator[int]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_free_ports_lie_below_the_source_ports_of_outgoing_connections():
    ports = [free_port() for _ in range(50)]
    assert all(port < _first_outgoing_port() for port in ports)
    block = free_port_block(4)
    assert block + 4 < _first_outgoing_port()
    for port in (ports[0], block, block + 3):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_a_connection_to_itself_is_told_apart_from_a_server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.connect(sock.getsockname())  # TCP simultaneous open with itself
        assert is_connected_to_itself(sock)
    with socket.create_server(("127.0.0.1", 0)) as server, socket.create_connection(server.getsockname()) as client:
        assert not is_connected_to_itself(client)
        assert port_is_open(server.getsockname()[1])


def test_a_probe_that_reads_its_own_request_back_is_not_an_answer():
    with _echo_server() as port:
        assert answers_ok(f"http://127.0.0.1:{port}/", timeout=2) is False


def test_only_a_200_is_an_answer():
    with _http_server(200) as ok, _http_server(503) as unavailable:
        assert answers_ok(f"http://127.0.0.1:{ok}/") is True
        assert answers_ok(f"http://127.0.0.1:{unavailable}/") is False
    assert answers_ok(f"http://127.0.0.1:{free_port()}/") is False
