"""Events to webhook subscribers: signed with the subscription's secret and POSTed (the delivery worker,
bot/events/delivery_worker.py, retries them)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from bot.events.http_call import send
from bot.settings import WebhookSubscription

SIGNATURE_HEADER = "X-Leadbot-Signature"
TIMESTAMP_HEADER = "X-Leadbot-Timestamp"
EVENT_ID_HEADER = "X-Leadbot-Event-Id"
EVENT_TYPE_HEADER = "X-Leadbot-Event-Type"


def signature(secret: str, timestamp: int, body: str) -> str:
    """`sha256=` and the hex HMAC-SHA256 of "<timestamp>.<body>" (docs/EVENTS.md shows how to verify it)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(subscription: WebhookSubscription, event_id: str, event_type: str, body: str,
                   now: datetime) -> dict[str, str]:
    """The headers of one attempt: a fresh timestamp, so a subscriber can refuse old replays."""
    timestamp = int(now.timestamp())
    return {"Content-Type": "application/json", "User-Agent": "leadbot-webhooks/1", EVENT_ID_HEADER: event_id,
            EVENT_TYPE_HEADER: event_type, TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(subscription.secret, timestamp, body)}


def post_event(url: str, headers: dict[str, str], body: str, now: datetime) -> None:
    """POST one delivery; any answer but 2xx is a DeliveryError."""
    send("POST", url, headers, body.encode(), now)
