"""The retention period: leads who never came back are purged, with their conversation and outbox rows; those
waiting for a rep or with a meeting ahead stay; the report still counts the purged, anonymously."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from bot.cli.main import main
from bot.db.engine import session_scope
from bot.db.models import Lead, Meeting, OutboundEvent, RetiredLead
from bot.db.repository import Repository
from bot.db.tracker_events import rasa_events
from bot.discovery.catalog import load_catalog
from bot.handoff import lifecycle
from bot.handoff.warmth import Warmth
from bot.profile.visitor_store import VisitorStore
from bot.rasa_ext.tracker_store import LeadAwareSQLTrackerStore
from bot.report.numbers import build_report
from bot.retention import purge_inactive
from tests.db.test_tracker_store import DOMAIN, _say

pytestmark = pytest.mark.db
NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
LONG_AGO = NOW - timedelta(days=200)


def _visitor(database_url: str, sender: str, last_seen: datetime, outcome: str | None = None) -> int:
    store = LeadAwareSQLTrackerStore(domain=DOMAIN, host=database_url)
    _say(store, sender, "we want faster onboarding", goal="faster onboarding")
    store.engine.dispose()
    VisitorStore(database_url).record_recommendations(sender, [("onboarding-guide", "fits")])
    started = lifecycle.start(database_url, sender, "asked for a person", Warmth(50, ()), "summary", True, (),
                              "http://inbox.example/inbox")
    if outcome:
        with session_scope(database_url) as session:
            rep = Repository(session).get_rep_by_email("rita@example.com") or \
                Repository(session).add_rep("rita@example.com", "Rita", "h")
            rep_id = rep.id
        lifecycle.claim_in_db(database_url, started.handoff_id, rep_id)
        lifecycle.close_in_db(database_url, started.handoff_id, rep_id, outcome, "")
    with session_scope(database_url) as session:
        session.execute(update(Lead).where(Lead.sender_id == sender).values(last_seen=last_seen, first_seen=last_seen))
        return Repository(session).get_lead(sender).id


def _senders(database_url: str) -> set[str]:
    with session_scope(database_url) as session:
        return set(session.scalars(select(Lead.sender_id)))


def test_leads_who_never_came_back_are_purged_and_still_counted(database_url, monkeypatch, capsys):
    _visitor(database_url, "gone", LONG_AGO, outcome="qualified")
    _visitor(database_url, "recent", NOW - timedelta(days=10), outcome="not_a_fit")
    _visitor(database_url, "waiting", LONG_AGO)  # a queued handoff: a rep may still pick it up
    before = build_report(database_url, load_catalog())

    assert purge_inactive(database_url, 180, NOW, dry_run=True).leads == 1
    assert _senders(database_url) == {"gone", "recent", "waiting"}  # a dry run changes nothing
    result = purge_inactive(database_url, 180, NOW)
    assert result.leads == 1 and result.conversation_events > 0
    assert _senders(database_url) == {"recent", "waiting"}

    after = build_report(database_url, load_catalog())
    assert after.funnel == before.funnel and after.outcomes == before.outcomes == {"qualified": 1, "not_a_fit": 1}
    assert after.recommendations == before.recommendations
    with session_scope(database_url) as session:
        [retired] = session.scalars(select(RetiredLead)).all()
        assert retired.goal_shared and retired.handed_off and retired.outcomes == '["qualified"]'
        # A purge is our policy, not the visitor's request: CRMs are not told to delete.
        assert session.scalar(select(func.count(OutboundEvent.id)).where(
            OutboundEvent.type == "visitor.forgotten")) == 0
        assert session.scalar(select(func.count()).select_from(rasa_events)
                              .where(rasa_events.c.sender_id == "gone")) == 0

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("RETENTION_DAYS", "5")
    assert main(["retention", "run", "--dry-run"]) == 0
    assert "would purge 1 lead(s)" in capsys.readouterr().out
    assert main(["retention", "run"]) == 0
    assert "purged 1 lead(s)" in capsys.readouterr().out and _senders(database_url) == {"waiting"}


def test_a_lead_with_a_meeting_ahead_is_kept(database_url):
    lead_id = _visitor(database_url, "booked", LONG_AGO, outcome="meeting_booked")
    with session_scope(database_url) as session:
        rep_id = Repository(session).get_rep_by_email("rita@example.com").id
        session.add(Meeting(lead_id=lead_id, rep_id=rep_id, starts_at=NOW + timedelta(days=2),
                            ends_at=NOW + timedelta(days=2, minutes=30), status="booked",
                            visitor_email="b@example.com", visitor_timezone="UTC", summary=""))
    assert purge_inactive(database_url, 180, NOW).leads == 0
    assert _senders(database_url) == {"booked"}
