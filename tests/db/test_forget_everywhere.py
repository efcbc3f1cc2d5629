""""Forget me" leaves nothing behind: after a visitor who did everything (told us about themselves, saw
recommendations, consented, was handed off with notifications, booked and cancelled a meeting, chatted) is
forgotten, no row in any table names them. The only trace is the `visitor.forgotten` event, which carries
the anonymous public id so subscribers can delete their copy."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import MetaData, select

from bot.cli.main import main
from bot.db.engine import engine_for, session_scope
from bot.db.meeting_repository import MeetingRepository
from bot.db.models import UnmetNeedKind
from bot.db.repository import Repository
from bot.handoff import lifecycle
from bot.handoff.warmth import Warmth
from bot.meetings import booking
from bot.meetings.weekly_hours import parse_weekly_hours
from bot.profile.export_email import request_export_email
from bot.profile.visitor_store import VisitorStore, forget_visitor
from bot.rasa_ext.tracker_store import LeadAwareSQLTrackerStore
from bot.visits.page_context import page_from_widget
from tests.db.test_event_outbox import _a_whole_conversation
from tests.db.test_meetings import NOW, SETTINGS, SLOT
from tests.db.test_tracker_store import DOMAIN, _say

pytestmark = pytest.mark.db
SENDER, EMAIL, NAME = "v-1", "dana@example.com", "Dana"


def _everything_about_the_visitor(database_url: str) -> str:
    _a_whole_conversation(database_url)  # facts, recommendations, consent, a handoff claimed and closed
    store = LeadAwareSQLTrackerStore(domain=DOMAIN, host=database_url)
    _say(store, SENDER, "we want faster onboarding", goal="faster onboarding")
    store.engine.dispose()
    with session_scope(database_url) as session:
        rep_id = Repository(session).get_rep_by_email("rita@example.com").id
        hours = parse_weekly_hours("UTC", {"tue": "09:00-11:00"})
        MeetingRepository(session).save_schedule(rep_id, "UTC", hours.to_json(), 30, 0)
        public_id = Repository(session).get_lead(SENDER).public_id
    lifecycle.start(database_url, SENDER, "asked for a person", Warmth(70, ()), f"Name: {NAME}.", False,
                    ("email", "webhook"), "http://inbox.example/inbox")  # queued notifications
    booked = booking.book(database_url, SETTINGS, SENDER, SLOT, "Europe/Paris", NOW)
    booking.book(database_url, SETTINGS, SENDER, SLOT.replace(hour=10), "Europe/Paris", NOW)
    booking.cancel(database_url, SETTINGS, booked.public_id, NOW)
    with session_scope(database_url) as session:  # the team's note, the visitor's pages and their rating
        repo = Repository(session)
        handoff_id = repo.get_lead(SENDER).handoffs[0].id
        repo.record_touches(SENDER, page_from_widget({"url": "https://shop.example/dana-landing",
                                                      "utm": {"campaign": "dana-campaign"}}))
        repo.rate_latest_chat(SENDER, 2)
        repo.comment_on_latest_rating(SENDER, "Dana thinks it was slow")
    lifecycle.add_note(database_url, handoff_id, rep_id, f"{NAME} wants SSO")
    VisitorStore(database_url).record_unmet_need(SENDER, UnmetNeedKind.UNANSWERED_QUESTION,
                                                 "does faster onboarding work with pipedrive?")
    assert request_export_email(database_url, SENDER, NOW).outcome == "sent"  # a copy asked for, not yet sent
    return public_id


def _rows_naming(database_url: str, needles: tuple[str, ...], ids: dict[str, set[int]]) -> dict[str, list]:
    """Per table, the rows whose text names the visitor or whose lead/handoff/meeting column is theirs."""
    tables = MetaData()
    tables.reflect(bind=engine_for(database_url))
    found: dict[str, list] = {}
    with engine_for(database_url).connect() as connection:
        for table in tables.sorted_tables:
            for row in connection.execute(select(table)):
                text = json.dumps([str(value) for value in row], ensure_ascii=False)
                theirs = any(row._mapping.get(column) in owned for column, owned in ids.items())
                if theirs or any(needle in text for needle in needles):
                    found.setdefault(table.name, []).append(row)
    return found


def _ids_of(database_url: str) -> dict[str, set[int]]:
    with session_scope(database_url) as session:
        lead = Repository(session).get_lead(SENDER)
        meetings = {m.id for m in MeetingRepository(session).upcoming(NOW) if m.lead_id == lead.id}
        meetings |= {e.meeting_id for e in MeetingRepository(session).due_emails(datetime(2100, 1, 1,
                                                                                          tzinfo=timezone.utc))}
        return {"lead_id": {lead.id}, "handoff_id": {h.id for h in lead.handoffs}, "meeting_id": meetings}


def test_no_table_names_a_forgotten_visitor(database_url):
    public_id = _everything_about_the_visitor(database_url)
    needles = (f'"{SENDER}"', EMAIL, NAME, public_id, "faster onboarding")
    ids = _ids_of(database_url)
    before = _rows_naming(database_url, needles, ids)
    assert {"leads", "discovery_facts", "recommendations_shown", "handoffs", "notifications", "meetings",
            "meeting_emails", "outbound_events", "events", "lead_touches", "handoff_notes",
            "unmet_needs", "data_export_emails"} <= set(before)

    forget_visitor(database_url, SENDER)

    after = _rows_naming(database_url, needles, ids)
    [forgotten] = after.pop("outbound_events")
    assert json.loads(forgotten.body) | {"id": None, "created_at": None} == {
        "id": None, "created_at": None, "type": "visitor.forgotten", "lead": {"id": public_id}, "data": {}}
    assert after == {}
    with session_scope(database_url) as session:  # the rep and their hours stay: they are not the visitor's
        assert MeetingRepository(session).schedules()


def test_the_visitor_can_have_everything_stored_about_them_and_then_nothing(database_url, monkeypatch, tmp_path,
                                                                            capsys):
    public_id = _everything_about_the_visitor(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "dana.json"
    assert main(["export", SENDER, "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert (document["sender_id"], document["email"], document["public_id"]) == (SENDER, EMAIL, public_id)
    assert {"goal", "email"} <= {fact["kind"] for fact in document["facts"]}
    assert document["recommendations"] and len(document["handoffs"]) == 2
    assert document["handoffs"][0]["internal_notes"][0]["text"] == "Dana wants SSO"
    assert document["handoffs"][0]["rating"] == 2 and document["pages"]["first_page"]["utm_campaign"] == \
        "dana-campaign"
    assert [m["status"] for m in document["meetings"]] == ["cancelled", "booked"]
    assert document["unmet_needs"][0]["said"] == "does faster onboarding work with pipedrive?"
    assert {"from": "visitor", "text": "we want faster onboarding"}.items() <= document["conversation"][0].items()
    assert [e["type"] for e in document["events_sent_to_other_systems"]][:2] == ["lead.created", "lead.updated"]
    assert main(["export", SENDER, "--out", str(tmp_path / "missing-folder" / "x.json")]) == 1
    assert "cannot write" in capsys.readouterr().err
    forget_visitor(database_url, SENDER)
    assert main(["export", SENDER]) == 1
    assert "nothing stored" in capsys.readouterr().err
