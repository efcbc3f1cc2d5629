"""The real stack: Rasa + action server + web app + SQL, driven over HTTP."""

import json
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.db.tracker_events import rasa_events

pytestmark = [pytest.mark.e2e, pytest.mark.db]


def test_conversation_over_rest_is_stored_in_sql(stack):
    replies = stack.say("e2e-visitor", "hi")
    assert "Northwind Flow assistant" in replies[0]["text"]
    assert replies[-1]["text"] == "What are you trying to achieve right now?"
    stack.say("e2e-visitor", "we want to automate our customer onboarding")
    with session_scope(stack.database_url) as session:
        facts = Repository(session).latest_facts("e2e-visitor")
        stored_events = session.scalar(
            select(func.count()).select_from(rasa_events).where(rasa_events.c.sender_id == "e2e-visitor"))
    assert facts["goal"] == "we want to automate our customer onboarding"
    # Rasa's tracker store is the SQL one on the same database (not a silent in-memory fallback).
    assert stored_events > 0
    events = stack.tracker("e2e-visitor")["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == [
        "hi", "we want to automate our customer onboarding",
    ]


def test_http_api_requires_the_token(stack):
    for path in ("/status", "/conversations/e2e-visitor/tracker"):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(f"{stack.rasa_url}{path}", timeout=10)
        assert error.value.code == 401
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{stack.rasa_url}/status?token=wrong", timeout=10)
    assert error.value.code == 401
    with urllib.request.urlopen(f"{stack.rasa_url}/status?token={stack.rasa_token}", timeout=10) as ok:
        assert json.load(ok)["model_file"].endswith(".tar.gz")


def test_web_app_and_action_server_answer(stack):
    with urllib.request.urlopen(f"{stack.web_url}/", timeout=10) as page:
        assert page.status == 200 and "text/html" in page.headers["Content-Type"]
        assert page.headers["X-Content-Type-Options"] == "nosniff"
    with urllib.request.urlopen(f"{stack.action_url}/health", timeout=10) as health:
        assert json.load(health)["status"] == "ok"
