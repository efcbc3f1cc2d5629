"""Where visitors chat from: first and latest page recorded per lead, shown to reps, exported, forgotten."""

import csv
import io
import json

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.after_turn import Turn, after_turn
from bot.db.engine import session_scope
from bot.db.models import LeadTouch, OutboundEvent
from bot.db.repository import Repository
from bot.handoff import lifecycle
from bot.handoff.desk import HandoffDesk
from bot.handoff.warmth import Warmth, load_warmth_config
from bot.rasa_ext.channels.chat_input import widget_metadata
from bot.settings import load_handoff_settings
from bot.visits.page_context import page_from_widget
from bot.visits.page_views import record_page_view
from bot.web.inbox.export import csv_export
from bot.web.inbox.read_model import handoff_card, inbox_queue
from bot.web.templating import render, render_fragment
from tests.db.test_event_outbox import _validate

pytestmark = pytest.mark.db
LANDING = {"url": "https://shop.example/blog/churn?utm_source=x", "title": "Why customers leave",
           "referrer": "https://www.linkedin.com/feed/", "utm": {"source": "linkedin", "campaign": "q4-churn"},
           "language": "en-GB", "timezone": "Europe/London"}
PRICING = {"url": "https://shop.example/pricing", "title": "Pricing <b>plans</b>", "referrer": "",
           "language": "en-GB", "timezone": "Asia/Tokyo"}


def _turn(sender: str, text: str, metadata: dict) -> Turn:
    event = UserUttered(text, parse_data={"intent": {"name": "greet", "confidence": 0.9}},
                        metadata=widget_metadata(metadata))
    events = [e.as_dict() for e in DialogueStateTracker.from_events(sender, [event], slots=Domain.empty().slots).events]
    return Turn(sender, events, ["greet"], {}, {})


def _touches(database_url: str, sender: str) -> dict[str, LeadTouch]:
    with session_scope(database_url) as session:
        lead = Repository(session).get_lead(sender)
        return {touch.touch: touch for touch in lead.touches}


def test_first_page_stays_and_latest_page_follows_the_visitor(database_url):
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    with session_scope(database_url) as session:
        written = after_turn(session, desk, _turn("v-page", "hi", {"page": LANDING, "landing": LANDING}), None).lead
    touches = _touches(database_url, "v-page")
    assert touches["first"].url == touches["last"].url == "https://shop.example/blog/churn"
    assert (touches["first"].utm_source, touches["first"].utm_campaign) == ("linkedin", "q4-churn")
    with session_scope(database_url) as session:
        after_turn(session, desk, _turn("v-page", "hello", {"page": PRICING, "landing": LANDING}), written)
    touches = _touches(database_url, "v-page")
    assert touches["first"].url == "https://shop.example/blog/churn" and touches["first"].referrer
    assert (touches["last"].url, touches["last"].timezone) == ("https://shop.example/pricing", "Asia/Tokyo")
    with session_scope(database_url) as session:  # the lead.created event says where they arrived
        created = json.loads(session.scalars(select(OutboundEvent.body)).first())
    _validate(created)
    assert created["data"]["arrived"]["utm_campaign"] == "q4-churn"
    assert created["data"]["arrived"]["page"] == "https://shop.example/blog/churn"


def test_a_page_view_is_recorded_only_for_visitors_who_chatted_and_did_not_opt_out(database_url):
    pricing = page_from_widget(PRICING)
    record_page_view(database_url, "never-chatted", pricing)
    with session_scope(database_url) as session:
        assert not list(session.scalars(select(LeadTouch)))
        repo = Repository(session)
        repo.record_visit("chatted", {}, None)
        repo.record_visit("opted-out", {}, None)
        repo.mark_opted_out("opted-out")
    record_page_view(database_url, "chatted", pricing)
    record_page_view(database_url, "opted-out", pricing)
    assert set(_touches(database_url, "chatted")) == {"first", "last"}
    assert _touches(database_url, "opted-out") == {}


def test_reps_see_page_source_and_local_time_escaped_and_csv_has_them(database_url):
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_visit("v-desk", {"name": "Dana"}, None)
        repo.record_touches("v-desk", page_from_widget(PRICING), page_from_widget(LANDING))
    started = lifecycle.start(database_url, "v-desk", "asked for a person", Warmth(50, ()), "", True, (),
                              "http://inbox")
    html = render_fragment("queue_rows.html", queue=inbox_queue(database_url))
    assert "Pricing &lt;b&gt;plans&lt;/b&gt;" in html and "<b>plans" not in html
    assert "from linkedin / q4-churn" in html and "(Asia/Tokyo)" in html
    card = handoff_card(database_url, started.handoff_id)
    page = render("conversation.html", card=card, lines=[], csrf="c", outcomes=[], rep={"display_name": "R"},
                  error=None).text
    assert 'href="https://shop.example/pricing"' in page and "https://www.linkedin.com/feed/" in page
    rows = list(csv.DictReader(io.StringIO(csv_export(database_url, "leads"))))
    dana = next(row for row in rows if row["sender_id"] == "v-desk")
    assert (dana["first_page"], dana["source"], dana["utm_campaign"], dana["last_page"]) == (
        "https://shop.example/blog/churn", "linkedin / q4-churn", "q4-churn", "https://shop.example/pricing")


def test_forgetting_a_visitor_removes_their_pages(database_url):
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_visit("v-forget", {}, None)
        repo.record_touches("v-forget", page_from_widget(PRICING))
    with session_scope(database_url) as session:
        Repository(session).forget("v-forget")
    with session_scope(database_url) as session:
        assert not list(session.scalars(select(LeadTouch)))
