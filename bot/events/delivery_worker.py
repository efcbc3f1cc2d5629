"""The outbox's delivery worker (the web app runs it every second): each new event gets one delivery per
webhook subscription and connected CRM that wants it; due deliveries are tried, failures retried with
backoff and dead after the last attempt (a rep can retry them from the inbox); delivered events are pruned."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy.orm import Session

from bot.crm import crm_sync
from bot.crm.field_mapping import FieldMapping, MappingError, load_mapping
from bot.db.engine import session_scope
from bot.db.models import EventDelivery, OutboundEvent
from bot.db.repository import Repository
from bot.events.event_types import matches
from bot.events.http_call import DeliveryError
from bot.events.webhook_delivery import post_event, signed_headers
from bot.outbox import work_through
from bot.retry_schedule import backoff
from bot.settings import EventSettings

# A delivery held by the visitor's wish without an end date is looked at again daily (they may lift it).
HELD_RECHECK = timedelta(days=1)


def _destinations(event: OutboundEvent, settings: EventSettings) -> list[str]:
    names = [subscription.name for subscription in settings.subscriptions if matches(subscription.events, event.type)]
    if settings.crm and crm_sync.wants(event.type, json.loads(event.body)):
        names += [connection.name for connection in settings.crm]
    return names


def fan_out_new_events(database_url: str, settings: EventSettings) -> int:
    """Give each new event its deliveries; return how many events."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        events = repo.events_to_fan_out()
        for event in events:
            repo.fan_out(event, _destinations(event, settings))
        return len(events)


class _Mapping:
    """The CRM field mapping, read once per round and only when a CRM delivery is due."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._mapping: FieldMapping | None = None

    def get(self) -> FieldMapping:
        if self._mapping is None:
            try:
                self._mapping = load_mapping(self._path)
            except MappingError as error:
                raise DeliveryError(str(error)) from None
        return self._mapping


def _attempt(delivery: EventDelivery, settings: EventSettings, mapping: _Mapping, session: Session,
             now: datetime, inbox_url: str) -> None:
    event = delivery.event
    connection = next((c for c in settings.crm if c.name == delivery.subscription), None)
    if connection is not None:
        crm_sync.apply_event(connection, mapping.get(), event, session, now, inbox_url)
        return
    subscription = next((s for s in settings.subscriptions if s.name == delivery.subscription), None)
    if subscription is None:
        raise DeliveryError(f"{delivery.subscription!r} is no longer configured (WEBHOOKS, HUBSPOT_TOKEN or "
                            "SALESFORCE_CLIENT_ID in .env)")
    post_event(subscription.url, signed_headers(subscription, event.event_id, event.type, event.body, now),
               event.body, now)


def deliver_due_events(database_url: str, settings: EventSettings, now: datetime,
                       inbox_url: str = "") -> tuple[int, int]:
    """Try every delivery that is due; return (sent, failed). One unit of work each, no lock held while waiting.
    `inbox_url` is where CRM notes link a conversation to."""
    mapping = _Mapping(settings.crm_mapping_file)

    def attempt(session: Session, delivery_id: int) -> bool | None:
        repo, delivery = Repository(session), session.get(EventDelivery, delivery_id)
        if delivery is None:  # its visitor was forgotten meanwhile
            return None
        try:
            _attempt(delivery, settings, mapping, session, now, inbox_url)
        except crm_sync.ContactHeld as held:
            until = datetime.combine(held.until, time(0), timezone.utc) if held.until else now + HELD_RECHECK
            repo.delivery_held(delivery, f"held: {held}", until)
            return None
        except DeliveryError as error:
            attempts = delivery.attempts + 1
            wait = None if attempts >= settings.max_attempts else max(backoff(attempts), error.retry_after
                                                                     or timedelta(0))
            repo.delivery_failed(delivery, str(error), wait)
            return False
        repo.delivery_sent(delivery)
        return True

    return work_through(database_url, lambda session: [d.id for d in Repository(session).due_deliveries(now)],
                        attempt)


def prune_delivered_events(database_url: str, settings: EventSettings, now: datetime) -> int:
    """Delete events delivered everywhere (or wanted nowhere) more than `keep_days` ago."""
    with session_scope(database_url) as session:
        return Repository(session).prune_delivered_events(now - timedelta(days=settings.keep_days))
