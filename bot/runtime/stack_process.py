"""Starts the real product (`python -m bot serve`) in a child process on free loopback ports.

Used by the end-to-end tests and the benchmark, so both exercise exactly what `make run` runs.
"""

from __future__ import annotations

import json
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.paths import PROJECT_ROOT
from bot.rasa_ext.channels import visitor_ids
from bot.runtime.ports import free_port_block
from bot.runtime.scaled_profile import SCALE, backend_ports
from bot.settings import child_environment

READY_TIMEOUT_SECONDS = 240


# Benchmarks and suites send for many visitors from one address: the public chat's rate limits, lifted.
UNLIMITED_CHAT = {"CHAT_LIMIT_PER_VISITOR": "1000000", "CHAT_LIMIT_PER_ADDRESS": "1000000"}


@dataclass(frozen=True)
class RunningStack:
    """How to reach a running stack."""

    rasa_url: str
    action_url: str
    web_url: str
    rasa_token: str
    chat_id_secret: str
    database_url: str
    log_path: Path
    pid: int
    rasa_backends: tuple[str, ...] = ()  # the scaled profile's Rasa servers, each reachable directly

    def visitor(self, conversation_id: str) -> str:
        """The signed visitor id the server would issue for `conversation_id` (readable ids in tests)."""
        return visitor_ids.sign(conversation_id, self.chat_id_secret)

    def say(self, sender: str, message: str, rasa_url: str | None = None) -> list[dict]:
        """Send one visitor message over the REST channel; return the bot's replies."""
        return post_json(f"{rasa_url or self.rasa_url}/webhooks/rest/webhook",
                         {"sender": self.visitor(sender), "message": message})

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
def start_stack(model: Path, database_url: str, tmp_dir: Path, extra_env: dict[str, str] | None = None,
                scaled: bool = False) -> Iterator[RunningStack]:
    """Run `python -m bot serve` (`--scaled`: needs REDIS_URL in `extra_env`) with its own ports, token and
    database; stop it with Ctrl-C."""
    token, chat_id_secret = secrets.token_hex(24), secrets.token_hex(24)
    block = SCALE + 1 if scaled else 1
    ports = {"RASA_PORT": free_port_block(block), "ACTION_PORT": free_port_block(block),
             "WEB_PORT": free_port_block(block)}
    env = child_environment({
        "DATABASE_URL": database_url, "RASA_TOKEN": token, "SESSION_SECRET": secrets.token_hex(24),
        "CHAT_ID_SECRET": chat_id_secret, **{key: str(value) for key, value in ports.items()}, **(extra_env or {}),
    })
    log_path = tmp_dir / "stack.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--model", str(model), *(["--scaled"] if scaled else [])],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_ready(process, log_path)
        yield RunningStack(
            rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
            action_url=f"http://127.0.0.1:{ports['ACTION_PORT']}",
            web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
            rasa_token=token, chat_id_secret=chat_id_secret, database_url=database_url,
            log_path=log_path, pid=process.pid,
            rasa_backends=tuple(f"http://127.0.0.1:{port}" for port in backend_ports(ports["RASA_PORT"]))
            if scaled else (),
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
