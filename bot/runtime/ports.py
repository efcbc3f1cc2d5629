"""Loopback ports: finding free ones and waiting for a server to listen."""

from __future__ import annotations

import socket
import time


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port_block(size: int) -> int:
    """A free port whose next `size - 1` ports are free too (the scaled profile's backends use them)."""
    while True:
        port = free_port()
        if port + size < 65536 and all(_bindable(port + offset) for offset in range(1, size)):
            return port


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def wait_for_port(port: int, timeout: float = 60) -> None:
    """Block until 127.0.0.1:`port` accepts connections, or raise."""
    deadline = time.monotonic() + timeout
    while not port_is_open(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing is listening on 127.0.0.1:{port} after {timeout:.0f}s")
        time.sleep(0.2)
