"""PostgreSQL stops mid-conversation and comes back: the chat fails soft, then carries on, losing nothing
and writing nothing half-way. Runs a throwaway PostgreSQL from Debian's package (CI installs it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from bot.db.engine import engine_for, session_scope
from bot.db.migrate import upgrade_database
from bot.db.repository import Repository
from bot.rasa_ext.channels.chat_input import TROUBLE
from bot.runtime.local_backends import throwaway_postgres
from bot.runtime.stack_process import start_stack

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path("/usr/lib/postgresql").exists(), reason="needs Debian's postgresql package"),
]
GOAL = "we want to automate our customer onboarding"
CHALLENGE = "it's all manual and spread across spreadsheets"


@pytest.fixture(scope="module")
def postgres():
    with throwaway_postgres() as server:
        upgrade_database(server.url)
        yield server
        engine_for(server.url).dispose()


@pytest.fixture(scope="module")
def outage_stack(trained_model, postgres, tmp_path_factory):
    with start_stack(trained_model, postgres.url, tmp_path_factory.mktemp("outage")) as running:
        yield running


def post(stack, sender: str, message: str) -> requests.Response:
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
                         data=json.dumps({"sender": stack.visitor(sender), "message": message}))


def test_chat_fails_soft_while_the_database_is_down_and_resumes_after(outage_stack, postgres):
    sender = "outage-visitor"
    outage_stack.say(sender, "hi")
    assert "standing in the way" in outage_stack.say(sender, GOAL)[-1]["text"]

    postgres.stop()
    try:
        for visitor in (sender, "outage-newcomer"):
            during = post(outage_stack, visitor, CHALLENGE)
            assert during.status_code == 503
            assert during.json() == [{"recipient_id": visitor, "text": TROUBLE}]
    finally:
        postgres.start()

    after = post(outage_stack, sender, CHALLENGE)
    assert after.status_code == 200, after.text
    assert TROUBLE not in [reply["text"] for reply in after.json()]
    assert outage_stack.say("outage-newcomer", "hi")[-1]["text"] == "What are you trying to achieve right now?"

    # The failed attempt left nothing behind: each message is in the tracker once, each fact stored once.
    user_texts = [e["text"] for e in outage_stack.tracker(sender)["events"] if e["event"] == "user"]
    assert user_texts == ["hi", GOAL, CHALLENGE]
    with session_scope(postgres.url) as session:
        lead = Repository(session).get_lead(sender)
        # The challenge also mentions a tool in use, which is heard as a fact of its own.
        assert [(fact.kind, fact.value) for fact in lead.facts] == [("goal", GOAL), ("challenge", CHALLENGE),
                                                                    ("tools", "spreadsheets")]
        assert [e["text"] for e in outage_stack.tracker("outage-newcomer")["events"] if e["event"] == "user"] == [
            "hi"]
