"""The repository on a real database (SQLite by default, PostgreSQL when configured)."""

import csv
import io
from datetime import timezone

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from bot.db.engine import engine_for, session_scope
from bot.db.models import MAX_FACT_LENGTH, DiscoveryFact, Handoff, RecommendationShown
from bot.db.repository import Repository
from bot.db.tracker_events import rasa_events

pytestmark = pytest.mark.db


def test_first_fact_creates_lead_and_profile_columns_follow_latest(database_url):
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_fact("visitor-1", "goal", "automate onboarding")
        repo.record_fact("visitor-1", "role", "ops manager")
        repo.record_fact("visitor-1", "role", "head of operations")
    with session_scope(database_url) as session:
        repo = Repository(session)
        lead = repo.get_lead("visitor-1")
        assert lead.role == "head of operations"
        assert [(f.kind, f.value) for f in lead.facts] == [
            ("goal", "automate onboarding"), ("role", "ops manager"), ("role", "head of operations"),
        ]
        assert repo.latest_facts("visitor-1") == {"goal": "automate onboarding", "role": "head of operations"}
        assert lead.first_seen.tzinfo == timezone.utc
        assert lead.last_seen >= lead.first_seen


def test_unknown_sender_has_no_facts(database_url):
    with session_scope(database_url) as session:
        assert Repository(session).latest_facts("nobody") == {}
        assert Repository(session).get_lead("nobody") is None


def test_long_visitor_text_is_clipped(database_url):
    with session_scope(database_url) as session:
        Repository(session).record_fact("v", "goal", "x" * (MAX_FACT_LENGTH + 500))
    with session_scope(database_url) as session:
        assert len(Repository(session).latest_facts("v")["goal"]) == MAX_FACT_LENGTH


def test_sql_injection_text_is_stored_verbatim(database_url):
    nasty = "'); DROP TABLE leads; --"
    with session_scope(database_url) as session:
        Repository(session).record_fact(nasty, "goal", nasty)
    with session_scope(database_url) as session:
        assert Repository(session).latest_facts(nasty) == {"goal": nasty}


def test_consent_and_opt_out(database_url):
    with session_scope(database_url) as session:
        repo = Repository(session)
        lead = repo.record_consent("v", "email follow-up")
        assert lead.consent_scope == "email follow-up" and lead.consent_at is not None
        lead = repo.mark_opted_out("v")
        assert lead.opted_out is True and lead.consent_scope is None


def test_recommendations_shown_together_keep_their_order(database_url):
    shown = [("zeta-guide", "first pick"), ("alpha-tour", "second pick"), ("mid-webinar", "third pick")]
    with session_scope(database_url) as session:
        lead = Repository(session).record_recommendations("v", shown)
        assert len({row.shown_at for row in lead.recommendations}) == 1
    with session_scope(database_url) as session:
        lead = Repository(session).get_lead("v")
        assert [(r.catalog_item_id, r.reason) for r in lead.recommendations] == shown


def test_recommendations_and_handoffs_are_recorded(database_url):
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_recommendation("v", "guide-onboarding", "because onboarding is manual")
        repo.create_handoff("v", "asked for a person", 72, ["asked for pricing"], "wants a demo")
    with session_scope(database_url) as session:
        repo = Repository(session)
        lead = repo.get_lead("v")
        assert [r.catalog_item_id for r in lead.recommendations] == ["guide-onboarding"]
        [handoff] = repo.list_handoffs(status="queued")
        assert handoff.warmth_score == 72 and handoff.lead.sender_id == "v"
        assert repo.list_handoffs(status="closed") == []


def test_rep_emails_are_unique_case_insensitively(database_url):
    with session_scope(database_url) as session:
        Repository(session).add_rep("Ana@Example.com", "Ana", "hash")
    with pytest.raises(IntegrityError):
        with session_scope(database_url) as session:
            Repository(session).add_rep("ana@example.com", "Ana again", "hash")
    with session_scope(database_url) as session:
        assert Repository(session).get_rep_by_email("ANA@example.com").display_name == "Ana"


def test_forget_removes_lead_rows_and_only_that_senders_tracker_events(database_url):
    rasa_events.metadata.create_all(engine_for(database_url))
    with session_scope(database_url) as session:
        repo = Repository(session)
        for sender in ("forget-me", "keep-me"):
            repo.record_fact(sender, "goal", "grow")
            repo.record_recommendation(sender, "item", "reason")
            repo.create_handoff(sender, "asked", 10, [], "summary")
            session.execute(insert(rasa_events), [
                {"sender_id": sender, "type_name": "user", "timestamp": 1.0, "data": "{}"},
                {"sender_id": sender, "type_name": "bot", "timestamp": 2.0, "data": "{}"},
            ])
    with session_scope(database_url) as session:
        result = Repository(session).forget("forget-me")
    assert result.lead_deleted and result.tracker_events_deleted == 2
    with session_scope(database_url) as session:
        repo = Repository(session)
        assert repo.get_lead("forget-me") is None
        assert repo.get_lead("keep-me") is not None
        for model in (DiscoveryFact, RecommendationShown, Handoff):
            assert session.scalar(select(func.count()).select_from(model)) == 1
        remaining = session.execute(select(rasa_events.c.sender_id)).scalars().all()
        assert remaining == ["keep-me", "keep-me"]


def test_forget_without_tracker_table_or_lead(database_url):
    with session_scope(database_url) as session:
        result = Repository(session).forget("nobody")
    assert not result.lead_deleted and result.tracker_events_deleted == 0


@pytest.mark.db
def test_leads_csv_has_a_column_per_profile_fact(database_url):
    from bot.web.inbox.export import csv_export

    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_fact("csv-lead", "goal", "=cmd|' /C calc'!A0")
        repo.record_fact("csv-lead", "industry", "agency")
        repo.record_fact("csv-lead", "industry", "software")
    rows = list(csv.DictReader(io.StringIO(csv_export(database_url, "leads"))))
    assert rows[0]["goal"] == "'=cmd|' /C calc'!A0" and rows[0]["industry"] == "software"
    assert {"challenge", "tools", "team", "role", "company_size", "timeline"} <= set(rows[0])
