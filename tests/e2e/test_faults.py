"""Faults injected into the real stack: the visitor gets an honest answer and nothing is lost."""

from __future__ import annotations

import os
import signal

import pytest

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.runtime.ports import answers_ok
from bot.runtime.process_tree import service_pids
from bot.runtime.stack_process import post_json, start_stack
from tests.support.databases import fresh_database
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.db]


@pytest.fixture(scope="module")
def fragile(trained_model, tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("faults")
    with fresh_database(tmp_dir) as url, start_stack(trained_model, url, tmp_dir) as running:
        yield running


def _kill(stack, service: str) -> None:
    pid = service_pids(stack.pid)[service]
    os.kill(pid, signal.SIGKILL)
    assert wait_for(lambda: service_pids(stack.pid).get(service) != pid, 10)


def test_action_server_killed_then_restarted(fragile):
    sender = "fault-actions"
    fragile.say(sender, "hi")
    assert "standing in the way" in fragile.say(sender, "we want to automate our customer onboarding")[-1]["text"]
    os.kill(service_pids(fragile.pid)["action_server"], signal.SIGKILL)  # the next turn needs it
    replies = fragile.say(sender, "it's all manual")
    assert "give me a moment" in replies[0]["text"], replies
    assert replies[-1]["text"] == "And what's standing in the way today?"  # the unchecked answer is asked again
    with session_scope(fragile.database_url) as session:
        assert Repository(session).latest_facts(sender)["goal"] == "we want to automate our customer onboarding"
    assert wait_for(lambda: answers_ok(f"{fragile.action_url}/health"), 90), "the supervisor did not restart it"
    replies = fragile.say(sender, "it's all manual")
    events = [(e["event"], e.get("name") or e.get("text")) for e in fragile.tracker(sender)["events"]]
    assert "Did I get that right?" in replies[-1]["text"], events


def test_rasa_server_restarted_mid_conversation_continues_from_sql(fragile):
    sender = "fault-rasa"
    fragile.say(sender, "hi")
    fragile.say(sender, "we need to cut the time our support team spends on tickets")
    _kill(fragile, "rasa_server")
    assert wait_for(lambda: answers_ok(f"{fragile.rasa_url}/"), 90), "the supervisor did not restart Rasa"
    replies = fragile.say(sender, "too many repetitive tickets")
    events = [(e["event"], e.get("name") or e.get("text")) for e in fragile.tracker(sender)["events"]]
    assert "Did I get that right?" in replies[-1]["text"], events
    assert "cut the time your support team spends on tickets" in replies[-1]["text"]


def test_a_message_answered_before_a_restart_is_answered_again_not_run_again(fragile):
    """The repeat guard's memory dies with the Rasa server; the conversation remembers the message id."""
    sender = "fault-once"
    fragile.say(sender, "hi")

    def send(text: str, message_id: str) -> list[dict]:
        return post_json(f"{fragile.rasa_url}/webhooks/rest/webhook",
                         {"sender": fragile.visitor(sender), "message": text, "message_id": message_id})

    first = send("we want to automate our customer onboarding", "once-0000000001")
    _kill(fragile, "rasa_server")
    assert wait_for(lambda: answers_ok(f"{fragile.rasa_url}/"), 90), "the supervisor did not restart Rasa"
    again = send("we want to automate our customer onboarding", "once-0000000001")  # the widget's retry
    assert [reply.get("text") for reply in again] == [reply.get("text") for reply in first]
    said = [e["text"] for e in fragile.tracker(sender)["events"] if e["event"] == "user"]
    assert said == ["hi", "we want to automate our customer onboarding"]
    assert "Did I get that right?" in send("it is all manual spreadsheets", "once-0000000002")[-1]["text"]
