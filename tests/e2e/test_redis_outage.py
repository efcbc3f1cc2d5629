"""Redis stopped under the scaled profile, then started again: visitors get an apology, never a hang or a 500,
nothing is half-written, and the chat carries on when Redis is back. Runs in CI's PostgreSQL pass."""

from __future__ import annotations

import os
import time

import pytest
import requests

from bot.runtime.stack_process import start_stack
from tests.support.databases import SERVER_URL_VARIABLE, fresh_database
from tests.support.restartable_redis import RestartableRedis

pytestmark = [
    pytest.mark.e2e, pytest.mark.db,
    pytest.mark.skipif(not os.environ.get(SERVER_URL_VARIABLE), reason="the scaled profile needs PostgreSQL"),
]


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
