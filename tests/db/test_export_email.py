"""The right of access by email: a copy to the visitor's own consented address, a few a day, never to a stranger."""

import email
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.profile.export_email import (
    MAX_PER_DAY,
    NO_ADDRESS,
    SENT,
    TOO_MANY,
    deliver_due_export_emails,
    request_export_email,
)
from bot.profile.visitor_store import VisitorStore
from bot.settings import load_handoff_settings
from tests.support.receivers import smtp_server

pytestmark = pytest.mark.db

NOW = datetime(2026, 12, 2, 12, tzinfo=timezone.utc)


@pytest.fixture
def dana(database_url):
    with session_scope(database_url) as session:
        Repository(session).record_fact("dana", "goal", "automate onboarding")
    VisitorStore(database_url).save_contact("dana", "dana@example.com", "follow-up about this conversation")
    return database_url


def _settings(port):
    return replace(load_handoff_settings(), smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)


def test_a_copy_goes_to_the_consented_address_with_everything_attached(dana):
    asked = request_export_email(dana, "dana", NOW)
    assert (asked.outcome, asked.address) == (SENT, "d***@example.com")
    with smtp_server() as (port, mails):
        assert deliver_due_export_emails(dana, _settings(port), NOW) == (1, 0)
        assert deliver_due_export_emails(dana, _settings(port), NOW) == (0, 0)  # once
    message = email.message_from_string(mails[0])
    assert message["To"] == "dana@example.com"
    [attachment] = [part for part in message.walk() if part.get_filename() == "your-data.json"]
    document = json.loads(attachment.get_payload(decode=True))
    assert document["email"] == "dana@example.com" and {"goal", "email"} <= {f["kind"] for f in document["facts"]}


def test_no_consented_address_means_no_email(database_url):
    with session_scope(database_url) as session:
        Repository(session).record_fact("anon", "goal", "automate onboarding")
    assert request_export_email(database_url, "anon", NOW).outcome == NO_ADDRESS
    assert request_export_email(database_url, "never-chatted", NOW).outcome == NO_ADDRESS


def test_a_few_a_day_and_no_more(dana):
    outcomes = [request_export_email(dana, "dana", NOW + timedelta(minutes=minute)).outcome
                for minute in range(MAX_PER_DAY + 1)]
    assert outcomes == [SENT] * MAX_PER_DAY + [TOO_MANY]
    assert request_export_email(dana, "dana", NOW + timedelta(days=1, minutes=1)).outcome == SENT


def test_a_visitor_forgotten_before_sending_gets_nothing_sent(dana):
    request_export_email(dana, "dana", NOW)
    VisitorStore(dana).forget("dana")
    with smtp_server() as (port, mails):
        assert deliver_due_export_emails(dana, _settings(port), NOW) == (0, 0)
    assert mails == []


def test_a_copy_that_cannot_be_sent_is_kept_and_retried(dana):
    request_export_email(dana, "dana", NOW)
    with smtp_server() as (port, _):
        pass  # closed again
    assert deliver_due_export_emails(dana, _settings(port), NOW) == (0, 1)
    with smtp_server() as (port, mails):
        assert deliver_due_export_emails(dana, _settings(port), NOW) == (0, 0)  # not due yet (backoff)
        assert deliver_due_export_emails(dana, _settings(port), NOW + timedelta(minutes=1)) == (1, 0)
    assert len(mails) == 1
