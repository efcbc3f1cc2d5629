"""Redis stopped under the scaled profile, then started again: visitors get an apology, never a hang or a 500,
nothing is half-written, and the chat carries on when Redis is back. Runs in CI's PostgreSQL pass."""

from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from bot.runtime.local_backends import LocalRedis
from bot.runtime.ports import free_port, wait_for_port
from bot.runtime.stack_process import start_stack
from tests.support.databases import SERVER_URL_VARIABLE, fresh_database

pytestmark = [
    pytest.mark.e2e, pytest.mark.db,
    pytest.mark.skipif(not os.environ.get(SERVER_URL_VARIABLE), reason="the scaled profile needs PostgreSQL"),
]


class RestartableRedis:
    """A Redis this test can stop and start again on the same port and password."""

    def __init__(self) -> None:
        self.server = LocalRedis(Path(tempfile.mkdtemp(prefix="leadbot-redis-outage-")), free_port(),
                                 secrets.token_hex(16))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.server.server_argv(), stdout=subprocess.DEVNULL)
        wait_for_port(self.server.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _say(stack, sender: str, text: str) -> requests.Response:
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
                         json={"sender": stack.visitor(sender), "message": text})


def test_the_chat_apologises_while_redis_is_down_and_carries_on_after(trained_model, tmp_path):
    redis = RestartableRedis()
    redis.start()
    try:
        with fresh_database(tmp_path) as url, start_stack(trained_model, url, tmp_path,
                                                          {"REDIS_URL": redis.server.url}, scaled=True) as stack:
            assert "trying to achieve" in " ".join(r.get("text", "") for r in _say(stack, "outage", "hi").json())
            redis.stop()
            started = time.monotonic()
            during = _say(stack, "outage", "we want to automate our customer onboarding")
            assert during.status_code == 503 and "trouble on my side" in during.json()[0]["text"]
            assert time.monotonic() - started < 30  # an apology, not a hang
            redis.start()
            after = _say(stack, "outage", "we want to automate our customer onboarding")
            assert after.status_code == 200 and "standing in the way" in after.json()[-1]["text"]
            said = [e["text"] for e in stack.tracker("outage")["events"] if e["event"] == "user"]
            assert said == ["hi", "we want to automate our customer onboarding"]  # the failed one left no trace
    finally:
        redis.stop()
