"""Starts the real product (`python -m bot serve`) in a child process on free loopback ports.

Used by the end-to-end tests and the benchmark, so both exercise exactly what `make run` runs.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.paths import PROJECT_ROOT

READY_TIMEOUT_SECONDS = 240


@dataclass(frozen=True)
class RunningStack:
    """How to reach a running stack."""

    rasa_url: str
    action_url: str
    web_url: str
    rasa_token: str
    database_url: str
    log_path: Path
    pid: int

    def say(self, sender: str, message: str) -> list[dict]:
        """Send one visitor message over the REST channel; return the bot's replies."""
        return post_json(f"{self.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": message})

    def tracker(self, sender: str) -> dict:
        url = f"{self.rasa_url}/conversations/{sender}/tracker?token={self.rasa_token}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)


def post_json(url: str, payload: object) -> list[dict]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rasa_environment() -> dict:
    return dict(os.environ, RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1")


def _wait_for_ready(process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if "everything is up" in log_path.read_text(errors="replace"):
            return
        if process.poll() is not None:
            raise RuntimeError(f"stack exited early:\n{log_path.read_text()[-4000:]}")
        time.sleep(0.5)
    raise RuntimeError(f"stack not ready in {READY_TIMEOUT_SECONDS}s:\n{log_path.read_text()[-4000:]}")


@contextmanager
def start_stack(model: Path, database_url: str, tmp_dir: Path,
                extra_env: dict[str, str] | None = None) -> Iterator[RunningStack]:
    """Run `python -m bot serve` with its own ports, token and database; stop it with Ctrl-C."""
    token = secrets.token_hex(24)
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}
    env = dict(
        _rasa_environment(), DATABASE_URL=database_url, RASA_TOKEN=token,
        SESSION_SECRET=secrets.token_hex(24), **{key: str(value) for key, value in ports.items()},
        **(extra_env or {}),
    )
    log_path = tmp_dir / "stack.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--model", str(model)],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_ready(process, log_path)
        yield RunningStack(
            rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
            action_url=f"http://127.0.0.1:{ports['ACTION_PORT']}",
            web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
            rasa_token=token, database_url=database_url, log_path=log_path, pid=process.pid,
        )
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # Ctrl-C must stop every service cleanly: the supervisor exits 0 and says so.
        stopped_cleanly = "[supervisor] stopped" in log_path.read_text(errors="replace")
        if process.returncode != 0 or not stopped_cleanly:
            raise RuntimeError(f"stack did not stop cleanly:\n{log_path.read_text()[-4000:]}")
