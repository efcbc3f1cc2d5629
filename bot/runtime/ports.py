"""Loopback ports: finding free ones and waiting for a server to listen."""

from __future__ import annotations

import http.client
import random
import socket
import time
import urllib.request
from pathlib import Path

LOCAL_PORT_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
LOWEST_CHOSEN_PORT = 10000


def _first_outgoing_port() -> int:
    """Where the kernel starts numbering the source ports of outgoing connections."""
    try:
        return int(LOCAL_PORT_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def free_port() -> int:
    """A port nothing listens on right now, below the range outgoing connections take their source ports from.

    A probe of a port in that range, made while nothing listens there yet, can connect to itself (TCP
    simultaneous open): it reads its own request back and holds the port the server is about to bind."""
    highest = _first_outgoing_port() - 1
    while True:
        port = random.randint(LOWEST_CHOSEN_PORT, highest)
        if _bindable(port):
            return port


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
        if port + size < _first_outgoing_port() and all(_bindable(port + offset) for offset in range(1, size)):
            return port


def is_connected_to_itself(sock: socket.socket) -> bool:
    """True when a connection's two ends are the same address: the probe found itself, not a server."""
    try:
        return sock.getsockname() == sock.getpeername()
    except OSError:
        return False


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            return not is_connected_to_itself(sock)
    except OSError:
        return False


def answers_ok(url: str, timeout: float = 2) -> bool:
    """True when an HTTP GET of `url` gets a 200; refused, timed out, errors and non-HTTP answers are False."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (OSError, http.client.HTTPException):  # URLError and HTTPError are OSErrors
        return False


def wait_for_port(port: int, timeout: float = 60) -> None:
    """Block until 127.0.0.1:`port` accepts connections, or raise."""
    deadline = time.monotonic() + timeout
    while not port_is_open(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing is listening on 127.0.0.1:{port} after {timeout:.0f}s")
        time.sleep(0.2)
