"""Notifications reach a real SMTP server and webhook on loopback; failures are retried, never lost."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.handoff.notify import deliver_due_notifications
from bot.retry_schedule import backoff
from bot.runtime.ports import free_port
from bot.settings import load_handoff_settings
from tests.support.receivers import smtp_server, webhook_server

pytestmark = pytest.mark.db


def _handoff(database_url, channels):
    with session_scope(database_url) as session:
        return Repository(session).create_handoff(
            "warm-visitor", "asked for a person", 72, ["asked for pricing", "timeline: this month"],
            'Asked for a person. Goal, in their words: "<b>grow</b>".', notify_channels=channels).id


def test_webhook_and_email_are_delivered(database_url, monkeypatch):
    with smtp_server() as (smtp_port, mails), webhook_server() as (hook_url, hooks):
        settings = replace(load_handoff_settings(), webhook_url=hook_url, smtp_host="127.0.0.1",
                           smtp_port=smtp_port, smtp_starttls=False, notify_emails=("sales@example.com",),
                           inbox_url="http://127.0.0.1:8000/inbox")
        handoff_id = _handoff(database_url, settings.notify_channels)
        assert deliver_due_notifications(database_url, settings, datetime.now(timezone.utc)) == (2, 0)
    assert "72/100" in hooks[0]["text"] and "asked for pricing" in hooks[0]["text"]
    assert f"http://127.0.0.1:8000/inbox/handoffs/{handoff_id}" in hooks[0]["text"]
    assert "Subject: Warm lead (72/100): asked for a person" in mails[0]
    assert "To: sales@example.com" in mails[0]
    # Nothing is sent twice.
    assert deliver_due_notifications(database_url, settings, datetime.now(timezone.utc)) == (0, 0)


def test_receiver_down_keeps_the_notification_and_retries_later(database_url):
    dead = f"http://127.0.0.1:{free_port()}/hook"
    settings = replace(load_handoff_settings(), webhook_url=dead, smtp_host="", notify_emails=())
    handoff_id = _handoff(database_url, ("webhook",))
    now = datetime.now(timezone.utc)
    assert deliver_due_notifications(database_url, settings, now) == (0, 1)
    with session_scope(database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        [notification] = handoff.notifications
        assert handoff.status == "queued"
        assert notification.status == "pending" and notification.attempts == 1
        assert "URLError" in notification.last_error
        assert notification.next_attempt_at > now
    assert deliver_due_notifications(database_url, settings, now) == (0, 0)  # not due yet
    with webhook_server() as (hook_url, hooks):
        live = replace(settings, webhook_url=hook_url)
        assert deliver_due_notifications(database_url, live, now + timedelta(minutes=1)) == (1, 0)
    assert len(hooks) == 1


def test_backoff_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert backoff(30) == timedelta(minutes=10)
