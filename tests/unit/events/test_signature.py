"""Signed deliveries verify with the snippet docs/EVENTS.md gives subscribers (run here as written)."""

import json
from datetime import datetime, timedelta, timezone

from bot.events.webhook_delivery import signed_headers
from bot.settings import WebhookSubscription
from tests.support.event_signature import documented_verify

SUBSCRIPTION = WebhookSubscription(name="crm", url="http://127.0.0.1:9/x", secret="s" * 32, events=("*",))
BODY = json.dumps({"id": "evt_1", "type": "lead.created"})


def test_a_delivery_verifies_with_the_documented_snippet():
    headers = signed_headers(SUBSCRIPTION, "evt_1", "lead.created", BODY, datetime.now(timezone.utc))
    assert headers["X-Leadbot-Event-Id"] == "evt_1" and headers["X-Leadbot-Event-Type"] == "lead.created"
    assert documented_verify()(SUBSCRIPTION.secret, headers, BODY.encode()) is True


def test_another_secret_a_changed_body_or_an_old_timestamp_fail():
    verify = documented_verify()
    now = datetime.now(timezone.utc)
    headers = signed_headers(SUBSCRIPTION, "evt_1", "lead.created", BODY, now)
    assert verify("t" * 32, headers, BODY.encode()) is False
    assert verify(SUBSCRIPTION.secret, headers, BODY.replace("created", "updated").encode()) is False
    old = signed_headers(SUBSCRIPTION, "evt_1", "lead.created", BODY, now - timedelta(minutes=10))
    assert verify(SUBSCRIPTION.secret, old, BODY.encode()) is False
