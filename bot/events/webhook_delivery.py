"""Events to webhook subscribers: fanned out from the outbox, signed, retried with backoff, dead after the
last attempt (a rep can retry from the inbox). Runs in the web app's background worker."""

from __future__ import annotations

import hashlib
import hmac
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from bot.db.engine import session_scope
from bot.db.models import EventDelivery
from bot.db.repository import Repository
from bot.events.event_types import matches
from bot.retry_schedule import backoff
from bot.settings import EventSettings, WebhookSubscription

SIGNATURE_HEADER = "X-Leadbot-Signature"
TIMESTAMP_HEADER = "X-Leadbot-Timestamp"
EVENT_ID_HEADER = "X-Leadbot-Event-Id"
EVENT_TYPE_HEADER = "X-Leadbot-Event-Type"
MAX_RETRY_AFTER = timedelta(hours=1)
TIMEOUT_SECONDS = 10


class DeliveryError(Exception):
    """A subscriber did not accept a delivery; `retry_after` is what it asked for (429/503), if anything."""

    def __init__(self, message: str, retry_after: timedelta | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """A Retry-After header (seconds or an HTTP date) as a delay, capped at an hour; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            delay = parsedate_to_datetime(value) - now
        except (TypeError, ValueError):
            return None
    return max(timedelta(0), min(MAX_RETRY_AFTER, delay))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failed delivery: following it would re-send a signed body to another address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's hook
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post_event(url: str, headers: dict[str, str], body: str, now: datetime) -> None:
    """POST one delivery; any answer but 2xx is a DeliveryError."""
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"answered {error.code}",
                            retry_after(error.headers.get("Retry-After"), now)) from None
    except (OSError, ValueError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from None
    if not 200 <= status < 300:
        raise DeliveryError(f"answered {status}")


def fan_out_new_events(database_url: str, settings: EventSettings) -> int:
    """Give each new event one delivery per subscription whose filter matches it; return how many events."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        events = repo.events_to_fan_out()
        for event in events:
            repo.fan_out(event, [subscription.name for subscription in settings.subscriptions
                                 if matches(subscription.events, event.type)])
        return len(events)


def _attempt(delivery: EventDelivery, settings: EventSettings, now: datetime) -> None:
    subscription = next((s for s in settings.subscriptions if s.name == delivery.subscription), None)
    if subscription is None:
        raise DeliveryError(f"subscription {delivery.subscription!r} is no longer configured (WEBHOOKS in .env)")
    event = delivery.event
    post_event(subscription.url, signed_headers(subscription, event.event_id, event.type, event.body, now),
               event.body, now)


def deliver_due_events(database_url: str, settings: EventSettings, now: datetime) -> tuple[int, int]:
    """Try every delivery that is due; return (sent, failed). One unit of work each, no lock held while waiting."""
    sent = failed = 0
    with session_scope(database_url) as session:
        due_ids = [delivery.id for delivery in Repository(session).due_deliveries(now)]
    for delivery_id in due_ids:
        with session_scope(database_url) as session:
            repo = Repository(session)
            delivery = session.get(EventDelivery, delivery_id)
            if delivery is None:  # its visitor was forgotten meanwhile
                continue
            try:
                _attempt(delivery, settings, now)
            except DeliveryError as error:
                attempts = delivery.attempts + 1
                wait = None if attempts >= settings.max_attempts else max(backoff(attempts), error.retry_after
                                                                         or timedelta(0))
                repo.delivery_failed(delivery, str(error), wait)
                failed += 1
            else:
                repo.delivery_sent(delivery)
                sent += 1
    return sent, failed


def prune_delivered_events(database_url: str, settings: EventSettings, now: datetime) -> int:
    """Delete events delivered everywhere (or wanted nowhere) more than `keep_days` ago."""
    with session_scope(database_url) as session:
        return Repository(session).prune_delivered_events(now - timedelta(days=settings.keep_days))

