"""Real notification receivers on loopback: an SMTP server (aiosmtpd) and an HTTP webhook endpoint."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from bot.runtime.ports import free_port


class _Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[int, list]]:
    """Yield (port, received messages)."""
    handler = _Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, handler.messages
    finally:
        controller.stop()


@contextmanager
def webhook_server() -> Iterator[tuple[str, list]]:
    """Yield (url, received JSON payloads)."""
    received: list = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", received
    finally:
        server.shutdown()
        server.server_close()


class EventReceiver:
    """A webhook subscriber on loopback: records every delivery and answers from a script (default 200)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}/events"
        self.deliveries: list[dict] = []  # {"headers": {...}, "raw": bytes, "status": int}
        self.answers: list[tuple[int, dict[str, str]]] = []  # (status, headers) for the next requests
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, headers = receiver.answers.pop(0) if receiver.answers else (200, {})
                receiver.deliveries.append({"headers": dict(self.headers), "raw": raw, "status": status})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def accepted(self) -> list[dict]:
        """The bodies of deliveries answered 2xx, parsed."""
        return [json.loads(d["raw"]) for d in self.deliveries if 200 <= d["status"] < 300]


@contextmanager
def event_receiver(running: bool = True) -> Iterator[EventReceiver]:
    """Yield a subscriber on a free loopback port (started unless `running` is False)."""
    receiver = EventReceiver(free_port())
    if running:
        receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()
