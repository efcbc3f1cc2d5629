"""What the inbox reads from SQL: the queue and a conversation's lead card."""

import pytest

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.handoff import lifecycle
from bot.handoff.warmth import Warmth
from bot.profile.facts import PROFILE_FACTS
from bot.web.inbox.read_model import handoff_card, inbox_queue
from bot.web.templating import render_fragment

pytestmark = pytest.mark.db


def test_the_lead_card_shows_every_profile_fact_in_declared_order(database_url):
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_fact("v-1", "goal", "cut onboarding time")
        repo.record_fact("v-1", "industry", "fintech")
        repo.record_fact("v-1", "role", "skipped")
    started = lifecycle.start(database_url, "v-1", "asked for a person", Warmth(40, ()), "", True, (), "http://inbox")
    card = handoff_card(database_url, started.handoff_id)
    assert [fact["label"] for fact in card["profile"]] == [fact.label for fact in PROFILE_FACTS]
    shown = {fact["label"]: fact["value"] for fact in card["profile"]}
    assert shown["Goal"] == "cut onboarding time" and shown["Industry"] == "fintech"
    assert shown["Role"] is None and shown["Team affected"] is None
    assert handoff_card(database_url, started.handoff_id + 1) is None


def test_queue_rows_are_rendered_escaped_by_the_one_template(database_url):
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_fact("v-2", "name", "<script>alert(1)</script>")
        repo.record_fact("v-2", "company", "Acme & Co")
    lifecycle.start(database_url, "v-2", "asked for a person", Warmth(70, ()), "", True, (), "http://inbox")
    html = render_fragment("queue_rows.html", queue=inbox_queue(database_url))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<small>Acme &amp; Co</small>" in html and "queued" in html
    assert "Nobody is waiting" in render_fragment("queue_rows.html", queue=[])
