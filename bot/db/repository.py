"""All queries on the project's tables go through `Repository`; nothing else writes SQL."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Boolean, Integer, String, Text, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session, selectinload

from bot.db.models import (
    MAX_FACT_LENGTH,
    MAX_FIELD_LENGTH,
    OPEN_HANDOFF_STATUSES,
    DeliveryStatus,
    DiscoveryFact,
    EventDelivery,
    Handoff,
    HandoffNote,
    HandoffRead,
    HandoffStatus,
    Lead,
    LeadTouch,
    Meeting,
    MeetingStatus,
    Notification,
    OutboundEvent,
    PromptCount,
    RecommendationShown,
    Rep,
    RepSession,
    RetiredLead,
    TouchKind,
    UTCDateTime,
    new_public_id,
    utcnow,
)
from bot.db.tracker_events import rasa_events, rasa_events_table_exists
from bot.events.envelope import LeadIdentity, event_body, identity_of, new_event_id
from bot.profile.contact_preferences import ContactPreferences
from bot.profile.facts import LEAD_COLUMNS
from bot.visits.page_context import PageContext

# Facts that are also kept as the lead's current profile, in a column of their own.
PROFILE_COLUMNS = ("name", "email", "company", *LEAD_COLUMNS)


@dataclass(frozen=True)
class VisitRecorded:
    """The lead a visit was written to: its row id, who it is to the outside, and whether it is new."""

    lead_id: int
    identity: LeadIdentity
    created: bool


@dataclass(frozen=True)
class ForgetResult:
    """What `Repository.forget` removed."""

    lead_deleted: bool
    tracker_events_deleted: int


def _plain(statuses: Sequence[str]) -> list[str]:
    """Status enum members as the plain strings the column stores (every database driver binds those)."""
    return [str(status) for status in statuses]


def _clip(text: str, limit: int) -> str:
    return text.strip()[:limit]


@lru_cache(maxsize=64)
def _visit_statement(columns: tuple[str, ...]) -> Any:
    """INSERT a lead or, for a known sender, UPDATE `columns` (column names from the model, never from input).

    Written as SQL text because SQLAlchemy 1.4 cannot cache the compiled form of its dialect upserts (it would
    compile one on every message); SQLite and PostgreSQL share this syntax.
    """
    names = ("sender_id", "public_id", "first_seen", "opted_out", *columns)
    assert all(name in Lead.__table__.c for name in names)
    statement = text(
        f"INSERT INTO leads ({', '.join(names)}) VALUES ({', '.join(':' + name for name in names)}) "
        f"ON CONFLICT (sender_id) DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in columns)} "
        # An update leaves first_seen alone, so it equals this visit's time only for a lead just inserted.
        "RETURNING id, public_id, first_seen = :first_seen AS created, consent_at, opted_out, name, email")
    return statement.bindparams(*(bindparam(name, type_=Lead.__table__.c[name].type) for name in names)) \
        .columns(id=Integer, public_id=String, created=Boolean, consent_at=UTCDateTime, opted_out=Boolean,
                 name=String, email=String)


@lru_cache(maxsize=1)
def _event_statement() -> Any:
    """INSERT one outbox event (built once: it runs on the per-turn path)."""
    return insert(OutboundEvent)


@lru_cache(maxsize=1)
def _facts_statement() -> Any:
    """INSERT a fact for the lead of a sender, by sender id (built once)."""
    return insert(DiscoveryFact).from_select(
        ["lead_id", "kind", "value", "said_at"],
        select(Lead.id, bindparam("kind", type_=String), bindparam("value", type_=Text),
               bindparam("said_at", type_=DiscoveryFact.said_at.type))
        .where(Lead.sender_id == bindparam("sender")))


@lru_cache(maxsize=2)
def _touch_statement(replace: bool) -> Any:
    """Write a page touch for the lead of a sender, by sender id: `replace` overwrites an earlier touch of the
    same kind (the latest page), otherwise the first one written stays (SQL text, as `_visit_statement`)."""
    columns = [name for name in LeadTouch.__table__.c.keys() if name not in ("id", "lead_id")]
    on_conflict = (f"DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in columns if name != 'touch')}"
                   if replace else "DO NOTHING")
    statement = text(
        f"INSERT INTO lead_touches (lead_id, {', '.join(columns)}) "
        # A visitor who opted out is not followed from page to page.
        f"SELECT id, {', '.join(':' + name for name in columns)} FROM leads "
        "WHERE sender_id = :sender AND NOT opted_out "
        f"ON CONFLICT (lead_id, touch) {on_conflict}")
    return statement.bindparams(bindparam("sender", type_=String),
                                *(bindparam(name, type_=LeadTouch.__table__.c[name].type) for name in columns))


@lru_cache(maxsize=1)
def _prompt_count_statement() -> Any:
    """Add to a prompt's counts for a day (one row per prompt and day; SQL text as `_visit_statement`)."""
    return text(
        "INSERT INTO prompt_counts (prompt_id, day, shown, opened, dismissed) "
        "VALUES (:prompt_id, :day, :shown, :opened, :dismissed) ON CONFLICT (prompt_id, day) DO UPDATE SET "
        "shown = prompt_counts.shown + excluded.shown, opened = prompt_counts.opened + excluded.opened, "
        "dismissed = prompt_counts.dismissed + excluded.dismissed")


@lru_cache(maxsize=1)
def _read_statement() -> Any:
    """Remember how far a rep has read a conversation (never backwards; SQL text as `_visit_statement`)."""
    return text(
        "INSERT INTO handoff_reads (rep_id, handoff_id, read_until) VALUES (:rep_id, :handoff_id, :read_until) "
        "ON CONFLICT (rep_id, handoff_id) DO UPDATE SET read_until = excluded.read_until "
        "WHERE handoff_reads.read_until < excluded.read_until")


class Repository:
    """Reads and writes leads, facts, recommendations, reps and handoffs within one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_lead(self, sender_id: str) -> Lead | None:
        return self.session.scalar(select(Lead).where(Lead.sender_id == sender_id))

    def touch_lead(self, sender_id: str) -> Lead:
        """Return the lead for `sender_id`, creating it on first contact (with its `lead.created` event);
        updates last_seen."""
        lead = self.get_lead(sender_id)
        now = utcnow()
        if lead is None:
            lead = Lead(sender_id=_clip(sender_id, MAX_FIELD_LENGTH), public_id=new_public_id(), first_seen=now,
                        last_seen=now, opted_out=False)
            self.session.add(lead)
            self.session.flush()
            self.add_event("lead.created", lead.id, identity_of(lead), {"facts": {}})
        else:
            lead.last_seen = now
            self.session.flush()
        return lead

    def record_visit(self, sender_id: str, profile: Mapping[str, str],
                     warmth: tuple[int, Sequence[str]] | None) -> VisitRecorded:
        """Create or update the visitor's lead in one statement: seen now, with any new profile values and
        warmth (the per-turn write; `touch_lead` and friends read the row first)."""
        now = utcnow()
        changes: dict[str, Any] = {"last_seen": now}
        changes |= {kind: _clip(value, MAX_FIELD_LENGTH) for kind, value in profile.items() if kind in PROFILE_COLUMNS}
        if warmth is not None:
            changes |= {"warmth_score": warmth[0], "warmth_reasons": json.dumps(list(warmth[1]))}
        values = {"sender_id": _clip(sender_id, MAX_FIELD_LENGTH), "public_id": new_public_id(), "first_seen": now,
                  "opted_out": False, **changes}
        row = self.session.execute(_visit_statement(tuple(changes)), values).one()
        identity = LeadIdentity(public_id=row.public_id, consented=bool(row.consent_at) and not row.opted_out,
                                name=row.name, email=row.email)
        return VisitRecorded(lead_id=row.id, identity=identity, created=bool(row.created))

    def record_touches(self, sender_id: str, page: PageContext, landing: PageContext | None = None) -> None:
        """Remember `page` as the page the visitor chats from now, and as their first page (`landing`, where
        the widget saw them arrive, if given) unless one is already recorded. No lead yet: nothing written."""
        now = utcnow()
        for kind, context, replace in ((TouchKind.FIRST, landing or page, False), (TouchKind.LAST, page, True)):
            self.session.execute(_touch_statement(replace),
                                 {"sender": sender_id, "touch": str(kind), "seen_at": now, **context.as_dict()})

    def add_event(self, event_type: str, lead_id: int | None, lead: LeadIdentity, data: Mapping[str, Any]) -> str:
        """Record an event in the outbox, in this unit of work (sent after commit); return its id."""
        event_id, now = new_event_id(), utcnow()
        self.session.execute(_event_statement(), {
            "event_id": event_id, "type": event_type, "lead_id": lead_id, "created_at": now, "fanned_out": False,
            "body": event_body(event_id, event_type, now, lead, data)})
        return event_id

    def events_to_fan_out(self, limit: int = 100) -> list[OutboundEvent]:
        """Events not yet given their deliveries, oldest first."""
        return list(self.session.scalars(
            select(OutboundEvent).where(OutboundEvent.fanned_out.is_(False)).order_by(OutboundEvent.id)
            .limit(limit)))

    def fan_out(self, event: OutboundEvent, subscriptions: Sequence[str]) -> None:
        """One pending delivery of `event` per subscription, due now."""
        now = utcnow()
        event.deliveries.extend(EventDelivery(subscription=name, status=str(DeliveryStatus.PENDING), attempts=0,
                                              next_attempt_at=now) for name in subscriptions)
        event.fanned_out = True
        self.session.flush()

    def due_deliveries(self, now: datetime, limit: int = 20) -> list[EventDelivery]:
        return list(self.session.scalars(
            select(EventDelivery).where(EventDelivery.status == str(DeliveryStatus.PENDING),
                                        EventDelivery.next_attempt_at <= now)
            .order_by(EventDelivery.next_attempt_at, EventDelivery.id).limit(limit)))

    def delivery_sent(self, delivery: EventDelivery) -> None:
        delivery.status = str(DeliveryStatus.SENT)
        delivery.attempts += 1
        delivery.sent_at = utcnow()
        delivery.last_error = None
        self.session.flush()

    def delivery_failed(self, delivery: EventDelivery, error: str, retry_in: timedelta | None) -> None:
        """Count a failed attempt: due again after `retry_in`, or dead when None (no more attempts)."""
        delivery.attempts += 1
        delivery.last_error = _clip(error, MAX_FACT_LENGTH)
        if retry_in is None:
            delivery.status = str(DeliveryStatus.DEAD)
        else:
            delivery.next_attempt_at = utcnow() + retry_in
        self.session.flush()

    def delivery_held(self, delivery: EventDelivery, reason: str, until: datetime) -> None:
        """Not an attempt: the visitor asked to wait; due again at `until`, with the reason shown to reps."""
        delivery.last_error = _clip(reason, MAX_FACT_LENGTH)
        delivery.next_attempt_at = until
        self.session.flush()

    def undelivered(self, limit: int = 200) -> list[EventDelivery]:
        """Deliveries that failed at least once, or are held, and are not sent (dead first, then newest)."""
        return list(self.session.scalars(
            select(EventDelivery).options(selectinload(EventDelivery.event))
            .where(EventDelivery.status != str(DeliveryStatus.SENT),
                   or_(EventDelivery.attempts > 0, EventDelivery.last_error.is_not(None)))
            .order_by((EventDelivery.status == str(DeliveryStatus.DEAD)).desc(), EventDelivery.id.desc())
            .limit(limit)))

    def retry_delivery(self, delivery_id: int) -> bool:
        """Make an unsent delivery due now with a fresh set of attempts; False when there is no such delivery."""
        changed = self.session.execute(
            update(EventDelivery)
            .where(EventDelivery.id == delivery_id, EventDelivery.status != str(DeliveryStatus.SENT))
            .values(status=str(DeliveryStatus.PENDING), attempts=0, next_attempt_at=utcnow())
            .execution_options(synchronize_session=False))
        return changed.rowcount == 1

    def prune_delivered_events(self, created_before: datetime) -> int:
        """Delete events older than `created_before` that have nothing left to deliver; return how many."""
        unfinished = select(EventDelivery.id).where(EventDelivery.event_row_id == OutboundEvent.id,
                                                    EventDelivery.status != str(DeliveryStatus.SENT))
        old = select(OutboundEvent.id).where(OutboundEvent.created_at < created_before,
                                             OutboundEvent.fanned_out.is_(True), ~unfinished.exists())
        ids = list(self.session.scalars(old))
        if ids:
            self._delete_events(ids)
        return len(ids)

    def _delete_events(self, event_row_ids: Sequence[int]) -> None:
        # Explicitly, children first: the tracker store's SQLite connections do not enforce foreign keys.
        self.session.execute(delete(EventDelivery).where(EventDelivery.event_row_id.in_(event_row_ids))
                             .execution_options(synchronize_session=False))
        self.session.execute(delete(OutboundEvent).where(OutboundEvent.id.in_(event_row_ids))
                             .execution_options(synchronize_session=False))

    def add_facts(self, sender_id: str, facts: Mapping[str, str]) -> None:
        """Append what the visitor said, one fact per kind, in one statement (the lead must exist)."""
        if not facts:
            return
        statement = _facts_statement()
        now = utcnow()
        self.session.execute(statement, [
            {"sender": sender_id, "kind": kind, "value": _clip(value, MAX_FACT_LENGTH), "said_at": now}
            for kind, value in facts.items()])

    def list_leads(self, limit: int | None = None) -> list[Lead]:
        query = select(Lead).options(selectinload(Lead.facts), selectinload(Lead.touches)) \
            .order_by(Lead.last_seen.desc(), Lead.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return list(self.session.scalars(query))

    def record_fact(self, sender_id: str, kind: str, value: str) -> DiscoveryFact:
        """Append what the visitor said about `kind`; profile kinds also update the lead."""
        lead = self.touch_lead(sender_id)
        fact = DiscoveryFact(lead=lead, kind=kind, value=_clip(value, MAX_FACT_LENGTH), said_at=utcnow())
        self.session.add(fact)
        if kind in PROFILE_COLUMNS:
            setattr(lead, kind, _clip(value, MAX_FIELD_LENGTH))
        self.session.flush()
        return fact

    def correct_fact(self, sender_id: str, kind: str, value: str) -> Lead:
        """The visitor's own correction of a fact: it becomes the latest value, marked as theirs."""
        lead = self.touch_lead(sender_id)
        self.session.add(DiscoveryFact(lead=lead, kind=kind, value=_clip(value, MAX_FACT_LENGTH), said_at=utcnow(),
                                       corrected_by_visitor=True))
        if kind in PROFILE_COLUMNS:
            setattr(lead, kind, _clip(value, MAX_FIELD_LENGTH))
        self.session.flush()
        return lead

    def remove_fact(self, sender_id: str, kind: str) -> Lead | None:
        """Delete every value the visitor gave for `kind` (also as said); removing the email withdraws consent."""
        lead = self.get_lead(sender_id)
        if lead is None:
            return None
        self.session.execute(delete(DiscoveryFact).where(
            DiscoveryFact.lead_id == lead.id, DiscoveryFact.kind.in_((kind, f"{kind}_as_said"))))
        if kind in PROFILE_COLUMNS:
            setattr(lead, kind, None)
        if kind == "email":
            lead.consent_scope, lead.consent_at = None, None
        self.session.expire(lead, ["facts"])
        self.session.flush()
        return lead

    def set_contact_preferences(self, sender_id: str, preferences: ContactPreferences, on_card: bool) -> Lead:
        """Store how and when the visitor may be contacted (replacing what was stored), and who set it."""
        lead = self.touch_lead(sender_id)
        lead.contact_channel, lead.contact_not_before = preferences.channel, preferences.not_before
        lead.contact_scope = preferences.scope
        lead.contact_said = _clip(preferences.said, MAX_FACT_LENGTH) or None
        lead.contact_set_at, lead.contact_set_on_card = utcnow(), on_card
        self.session.flush()
        return lead

    def corrected_by_visitor(self, sender_id: str) -> set[str]:
        """The fact kinds whose latest value the visitor set on their card."""
        lead = self.get_lead(sender_id)
        latest: dict[str, bool] = {}
        for fact in lead.facts if lead is not None else []:
            latest[fact.kind] = bool(fact.corrected_by_visitor)
        return {kind for kind, corrected in latest.items() if corrected}

    def latest_facts(self, sender_id: str) -> dict[str, str]:
        """The most recent value the visitor gave for each kind of fact."""
        lead = self.get_lead(sender_id)
        if lead is None:
            return {}
        latest: dict[str, str] = {}
        for fact in lead.facts:  # ordered by said_at, so later facts win
            latest[fact.kind] = fact.value
        return latest

    def record_recommendation(self, sender_id: str, catalog_item_id: str, reason: str) -> None:
        self.record_recommendations(sender_id, [(catalog_item_id, reason)])

    def record_recommendations(self, sender_id: str, shown: Sequence[tuple[str, str]]) -> Lead:
        """Store (catalog item id, reason) pairs shown to the visitor together, creating the lead if need be."""
        lead = self.touch_lead(sender_id)
        self.add_recommendations_shown(lead.id, shown)
        return lead

    def add_recommendations_shown(self, lead_id: int, shown: Sequence[tuple[str, str]]) -> None:
        """Store (catalog item id, reason) pairs shown together to the lead `lead_id`, in one statement."""
        now = utcnow()
        self.session.execute(insert(RecommendationShown), [
            {"lead_id": lead_id, "catalog_item_id": item_id, "reason": _clip(reason, MAX_FACT_LENGTH), "shown_at": now}
            for item_id, reason in shown])

    def record_consent(self, sender_id: str, scope: str) -> Lead:
        """Store what the visitor consented to, and when; explicit consent lifts an earlier opt-out."""
        lead = self.touch_lead(sender_id)
        lead.consent_scope = _clip(scope, MAX_FIELD_LENGTH)
        lead.consent_at = utcnow()
        lead.opted_out = False
        self.session.flush()
        return lead

    def mark_opted_out(self, sender_id: str) -> Lead:
        lead = self.touch_lead(sender_id)
        lead.opted_out = True
        lead.consent_scope = None
        lead.consent_at = None
        self.session.flush()
        return lead

    def record_warmth(self, sender_id: str, score: int, reasons: Sequence[str]) -> Lead:
        lead = self.touch_lead(sender_id)
        lead.warmth_score = score
        lead.warmth_reasons = json.dumps(list(reasons))
        self.session.flush()
        return lead

    def create_handoff(self, sender_id: str, reason: str, warmth_score: int,
                       warmth_reasons: Sequence[str], summary: str, status: str = HandoffStatus.QUEUED,
                       notify_channels: Sequence[str] = ()) -> Handoff:
        """A new handoff, with one pending notification per channel the reps should be told on."""
        lead = self.touch_lead(sender_id)
        now = utcnow()
        handoff = Handoff(lead=lead, status=str(status), reason=_clip(reason, MAX_FIELD_LENGTH),
                          warmth_score=warmth_score, warmth_reasons=json.dumps(list(warmth_reasons)),
                          summary=_clip(summary, MAX_FACT_LENGTH), created_at=now)
        handoff.notifications = [Notification(channel=channel, status="pending", attempts=0, next_attempt_at=now)
                                 for channel in notify_channels]
        self.session.add(handoff)
        self.session.flush()
        return handoff

    def get_handoff(self, handoff_id: int) -> Handoff | None:
        return self.session.get(Handoff, handoff_id)

    def handoff_for(self, sender_id: str, statuses: Sequence[str]) -> Handoff | None:
        """The visitor's newest handoff in one of `statuses`, if any."""
        return self.session.scalar(
            select(Handoff).join(Lead).where(Lead.sender_id == sender_id, Handoff.status.in_(_plain(statuses)))
            .order_by(Handoff.created_at.desc()).limit(1))

    def inbox_queue(self, statuses: Sequence[str]) -> list[Handoff]:
        """Handoffs in `statuses`, warmest then longest waiting."""
        return list(self.session.scalars(
            select(Handoff).where(Handoff.status.in_(_plain(statuses)))
            .options(selectinload(Handoff.lead).selectinload(Lead.touches), selectinload(Handoff.assigned_rep),
                     selectinload(Handoff.offered_rep))
            .order_by(Handoff.warmth_score.desc(), Handoff.created_at.asc())))

    def change_status(self, handoff_id: int, from_statuses: Sequence[str], to_status: str,
                      unassigned_only: bool = False, **values: Any) -> bool:
        """One conditional UPDATE (two callers racing: only one wins); True when this call changed it."""
        conditions = [Handoff.id == handoff_id, Handoff.status.in_(_plain(from_statuses))]
        if unassigned_only:
            conditions.append(Handoff.assigned_rep_id.is_(None))
        changed = self.session.execute(
            update(Handoff).where(*conditions).values(status=str(to_status), **values)
            .execution_options(synchronize_session=False))
        return changed.rowcount == 1

    def waiting_since(self, status: str, cutoff: datetime) -> list[Handoff]:
        """Handoffs in `status` created before `cutoff`."""
        return list(self.session.scalars(
            select(Handoff).where(Handoff.status == str(status), Handoff.created_at < cutoff)))

    def due_notifications(self, now: datetime, limit: int = 20) -> list[Notification]:
        return list(self.session.scalars(
            select(Notification).where(Notification.status == "pending", Notification.next_attempt_at <= now)
            .order_by(Notification.next_attempt_at).limit(limit)))

    def notification_sent(self, notification: Notification) -> None:
        notification.status = "sent"
        notification.attempts += 1
        notification.sent_at = utcnow()
        notification.last_error = None
        self.session.flush()

    def notification_failed(self, notification: Notification, error: str, retry_in: timedelta) -> None:
        notification.attempts += 1
        notification.last_error = _clip(error, MAX_FACT_LENGTH)
        notification.next_attempt_at = utcnow() + retry_in
        self.session.flush()

    def leads_for_report(self, first_seen_since: datetime | None = None) -> list[Lead]:
        """Leads (first seen on or after the date, if given) with facts, recommendations and handoffs loaded."""
        query = select(Lead).options(selectinload(Lead.facts), selectinload(Lead.recommendations),
                                     selectinload(Lead.handoffs))
        if first_seen_since is not None:
            query = query.where(Lead.first_seen >= first_seen_since)
        return list(self.session.scalars(query))

    def visitor_messages_newest_first(self) -> Iterator[tuple[str, str, float]]:
        """(sender id, Rasa's event JSON, timestamp) of every visitor message in the tracker store."""
        if not rasa_events_table_exists(self.session):
            return iter(())
        return iter(self.session.execute(
            select(rasa_events.c.sender_id, rasa_events.c.data, rasa_events.c.timestamp)
            .where(rasa_events.c.type_name == "user").order_by(rasa_events.c.id.desc())))

    def conversation_of(self, sender_id: str) -> list[tuple[str, str, float]]:
        """(event type, Rasa's event JSON, timestamp) of the visitor's and the assistant's messages, oldest first."""
        if not rasa_events_table_exists(self.session):
            return []
        return [tuple(row) for row in self.session.execute(
            select(rasa_events.c.type_name, rasa_events.c.data, rasa_events.c.timestamp)
            .where(rasa_events.c.sender_id == sender_id, rasa_events.c.type_name.in_(("user", "bot")))
            .order_by(rasa_events.c.id))]

    def events_about(self, lead_id: int) -> list[OutboundEvent]:
        """The events recorded about a lead (what systems outside were or will be told), oldest first."""
        return list(self.session.scalars(select(OutboundEvent).where(OutboundEvent.lead_id == lead_id)
                                         .order_by(OutboundEvent.id)))

    def open_rep_session(self, rep_id: int, session_id: str, expires_at: datetime) -> None:
        self.session.add(RepSession(rep_id=rep_id, session_id=session_id, expires_at=expires_at))

    def rep_for_session(self, rep_id: int, session_id: str, now: datetime) -> Rep | None:
        """The rep whose unexpired, unrevoked session this is; None otherwise."""
        return self.session.scalar(select(Rep).join(RepSession, RepSession.rep_id == Rep.id).where(
            Rep.id == rep_id, RepSession.session_id == session_id, RepSession.revoked_at.is_(None),
            RepSession.expires_at > now))

    def revoke_rep_session(self, session_id: str) -> None:
        self.session.execute(update(RepSession).where(RepSession.session_id == session_id,
                                                      RepSession.revoked_at.is_(None)).values(revoked_at=utcnow()))

    def revoke_rep_sessions(self, rep_id: int) -> int:
        """Sign a rep out everywhere; returns how many sessions were open."""
        return self.session.execute(update(RepSession).where(
            RepSession.rep_id == rep_id, RepSession.revoked_at.is_(None)).values(revoked_at=utcnow())).rowcount or 0

    def prune_rep_sessions(self, now: datetime) -> int:
        return self.session.execute(delete(RepSession).where(RepSession.expires_at < now)).rowcount or 0

    def set_rep_password(self, email: str, password_hash: str) -> Rep | None:
        rep = self.get_rep_by_email(email)
        if rep is not None:
            rep.password_hash = password_hash
        return rep

    def search_handoffs(self, words: str, limit: int = 50) -> list[Handoff]:
        """Conversations whose visitor, profile, summary, notes or messages contain `words` (case-insensitive,
        taken literally), newest first."""
        pattern = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

        def has(column: Any) -> Any:
            return func.lower(column).like(pattern, escape="\\")

        facts = select(DiscoveryFact.id).where(DiscoveryFact.lead_id == Lead.id, has(DiscoveryFact.value))
        notes = select(HandoffNote.id).where(HandoffNote.handoff_id == Handoff.id, has(HandoffNote.text))
        matches = [has(Lead.name), has(Lead.email), has(Lead.company), has(Handoff.reason), has(Handoff.summary),
                   has(Handoff.notes), facts.exists(), notes.exists()]
        if rasa_events_table_exists(self.session):
            said = select(rasa_events.c.id).where(rasa_events.c.sender_id == Lead.sender_id,
                                                  rasa_events.c.type_name == "user", has(rasa_events.c.data))
            matches.append(said.exists())
        return list(self.session.scalars(
            select(Handoff).join(Lead, Handoff.lead_id == Lead.id).where(or_(*matches))
            .options(selectinload(Handoff.lead), selectinload(Handoff.assigned_rep))
            .order_by(Handoff.created_at.desc(), Handoff.id.desc()).limit(limit)))

    def mark_read(self, rep_id: int, handoff_id: int, until: float) -> None:
        self.session.execute(_read_statement(), {"rep_id": rep_id, "handoff_id": handoff_id, "read_until": until})

    def unread_counts(self, rep_id: int, handoffs: Sequence[Handoff]) -> dict[int, int]:
        """Handoff id -> messages the visitor typed since the rep last read it (since it began, if never)."""
        if not handoffs or not rasa_events_table_exists(self.session):
            return {}
        read = dict(self.session.execute(select(HandoffRead.handoff_id, HandoffRead.read_until).where(
            HandoffRead.rep_id == rep_id, HandoffRead.handoff_id.in_([h.id for h in handoffs]))).all())
        since = {h.lead.sender_id: (h.id, read.get(h.id, h.created_at.timestamp())) for h in handoffs}
        windows = [(rasa_events.c.sender_id == sender) & (rasa_events.c.timestamp > after)
                   for sender, (_, after) in since.items()]
        counted = self.session.execute(
            select(rasa_events.c.sender_id, func.count()).where(
                rasa_events.c.type_name == "user", ~func.coalesce(rasa_events.c.intent_name, "").like("EXTERNAL%"),
                or_(*windows)).group_by(rasa_events.c.sender_id))
        return {since[sender][0]: count for sender, count in counted}

    def list_reps(self) -> list[Rep]:
        return list(self.session.scalars(select(Rep).order_by(Rep.display_name, Rep.id)))

    def held_conversations(self) -> dict[int, int]:
        """Rep id -> how many conversations they hold now."""
        rows = self.session.execute(select(Handoff.assigned_rep_id, func.count()).where(
            Handoff.status == str(HandoffStatus.ASSIGNED)).group_by(Handoff.assigned_rep_id))
        return {rep_id: count for rep_id, count in rows if rep_id is not None}

    def offers_expired(self, now: datetime) -> list[Handoff]:
        """Waiting handoffs whose offer to a rep ran out."""
        return list(self.session.scalars(select(Handoff).where(
            Handoff.status == str(HandoffStatus.QUEUED), Handoff.offer_expires_at.is_not(None),
            Handoff.offer_expires_at <= now).order_by(Handoff.id)))

    def get_rep(self, rep_id: int) -> Rep | None:
        return self.session.get(Rep, rep_id)

    def list_handoffs(self, status: str | None = None) -> list[Handoff]:
        query = select(Handoff).order_by(Handoff.created_at.desc(), Handoff.id.desc())
        if status is not None:
            query = query.where(Handoff.status == status)
        return list(self.session.scalars(query))

    def add_rep(self, email: str, display_name: str, password_hash: str, is_admin: bool = False) -> Rep:
        rep = Rep(email=_clip(email, MAX_FIELD_LENGTH).lower(),
                  display_name=_clip(display_name, MAX_FIELD_LENGTH), password_hash=password_hash,
                  created_at=utcnow(), is_admin=is_admin)
        self.session.add(rep)
        self.session.flush()
        return rep

    def upcoming_meetings_of(self, rep_id: int, now: datetime) -> int:
        return self.session.scalar(select(func.count()).select_from(Meeting).where(
            Meeting.rep_id == rep_id, Meeting.status == str(MeetingStatus.BOOKED), Meeting.ends_at > now)) or 0

    def remove_rep(self, rep_id: int) -> bool:
        """Delete a rep account: their sessions go, conversations they hold go back to the queue, closed ones
        keep their history."""
        rep = self.get_rep(rep_id)
        if rep is None:
            return False
        self.session.execute(update(Handoff).where(Handoff.offered_rep_id == rep_id)
                             .values(offered_rep_id=None, offer_expires_at=None))
        # Conversations they held go back to the queue for a colleague (the visitor is still waiting).
        self.session.execute(update(Handoff).where(Handoff.assigned_rep_id == rep_id,
                                                   Handoff.status == str(HandoffStatus.ASSIGNED))
                             .values(status=str(HandoffStatus.QUEUED), assigned_rep_id=None))
        self.session.delete(rep)
        self.session.flush()
        return True

    def get_rep_by_email(self, email: str) -> Rep | None:
        return self.session.scalar(select(Rep).where(Rep.email == email.strip().lower()))

    def may_be_prompted(self, sender_id: str) -> bool:
        """False for a visitor who said they were just browsing or asked not to be contacted."""
        declined = self.session.execute(select(Lead.opted_out, Lead.prompts_declined)
                                        .where(Lead.sender_id == sender_id)).first()
        return declined is None or not (declined.opted_out or declined.prompts_declined)

    def decline_prompts(self, sender_id: str) -> None:
        self.session.execute(update(Lead).where(Lead.sender_id == sender_id).values(prompts_declined=True))

    def count_prompt(self, prompt_id: str, action: str, day: str) -> None:
        """One more `action` ("shown", "opened" or "dismissed") of the prompt on `day` (YYYY-MM-DD)."""
        counts = dict.fromkeys(("shown", "opened", "dismissed"), 0) | {action: 1}
        self.session.execute(_prompt_count_statement(), {"prompt_id": prompt_id, "day": day, **counts})

    def prompt_counts(self, since_day: str | None = None) -> list[PromptCount]:
        query = select(PromptCount).order_by(PromptCount.prompt_id, PromptCount.day)
        if since_day is not None:
            query = query.where(PromptCount.day >= since_day)
        return list(self.session.scalars(query))

    def latest_chat_with_rep(self, sender_id: str) -> Handoff | None:
        """The visitor's most recently closed handoff in which a rep talked with them (claimed it)."""
        return self.session.scalars(
            select(Handoff).join(Lead).where(Lead.sender_id == sender_id,
                                             Handoff.status == str(HandoffStatus.CLOSED),
                                             Handoff.claimed_at.is_not(None))
            .order_by(Handoff.closed_at.desc(), Handoff.id.desc()).limit(1)).first()

    def rate_latest_chat(self, sender_id: str, rating: int) -> Handoff | None:
        """Record the visitor's 1-5 rating of their latest chat with a rep (a second press replaces it)."""
        handoff = self.latest_chat_with_rep(sender_id)
        if handoff is not None:
            handoff.rating, handoff.rated_at = rating, utcnow()
            self.session.flush()
        return handoff

    def comment_on_latest_rating(self, sender_id: str, comment: str) -> Handoff | None:
        """Keep what the visitor said about their rated chat."""
        handoff = self.latest_chat_with_rep(sender_id)
        if handoff is not None and handoff.rating is not None:
            handoff.rating_comment = _clip(comment, MAX_FACT_LENGTH)
            self.session.flush()
        return handoff

    def forget(self, sender_id: str) -> ForgetResult:
        """Delete the lead (its facts, recommendations, handoffs and undelivered events) and the sender's
        tracker events, and record `visitor.forgotten` so that subscribers delete the lead too."""
        lead = self.get_lead(sender_id)
        if lead is not None:
            public_id = lead.public_id
            self._erase(lead)
            self.add_event("visitor.forgotten", None, LeadIdentity(public_id=public_id), {})
        return ForgetResult(lead_deleted=lead is not None, tracker_events_deleted=self._erase_conversation(sender_id))

    def _erase(self, lead: Lead) -> None:
        """Delete the lead with everything hanging off it, and its undelivered events."""
        self._delete_events(list(self.session.scalars(
            select(OutboundEvent.id).where(OutboundEvent.lead_id == lead.id))))
        self.session.delete(lead)
        self.session.flush()

    def _erase_conversation(self, sender_id: str) -> int:
        if not rasa_events_table_exists(self.session):
            return 0
        return self.session.execute(delete(rasa_events).where(rasa_events.c.sender_id == sender_id)).rowcount or 0

    def inactive_leads(self, last_seen_before: datetime, limit: int | None = 200) -> list[Lead]:
        """Leads not seen since `last_seen_before`, with no conversation open with a rep and no meeting booked
        after that, oldest first."""
        open_handoff = select(Handoff.id).where(Handoff.lead_id == Lead.id,
                                                Handoff.status.in_(_plain(OPEN_HANDOFF_STATUSES)))
        meeting = select(Meeting.id).where(Meeting.lead_id == Lead.id, Meeting.status == str(MeetingStatus.BOOKED),
                                           Meeting.ends_at > last_seen_before)
        return list(self.session.scalars(
            select(Lead).where(Lead.last_seen < last_seen_before, ~open_handoff.exists(), ~meeting.exists())
            .options(selectinload(Lead.facts), selectinload(Lead.recommendations), selectinload(Lead.handoffs))
            .order_by(Lead.last_seen).limit(limit)))

    def retire(self, lead: Lead, now: datetime) -> int:
        """Replace the lead with anonymous counts for the report and erase it and its conversation (no
        `visitor.forgotten`: a CRM keeps its copy under its own policy). Returns conversation events deleted."""
        kinds = {fact.kind for fact in lead.facts}
        self.session.add(RetiredLead(
            first_seen=lead.first_seen, retired_at=now, goal_shared="goal" in kinds,
            recommendation_shown=bool(lead.recommendations), contact_shared=bool(lead.email or lead.consent_at),
            handed_off=bool(lead.handoffs), outcomes=json.dumps([h.outcome for h in lead.handoffs if h.outcome]),
            recommended_items=json.dumps([r.catalog_item_id for r in lead.recommendations]),
            ratings=json.dumps([h.rating for h in lead.handoffs if h.rating])))
        sender_id = lead.sender_id
        self._erase(lead)
        return self._erase_conversation(sender_id)

    def retired_since(self, first_seen_since: datetime | None) -> list[RetiredLead]:
        query = select(RetiredLead)
        if first_seen_since is not None:
            query = query.where(RetiredLead.first_seen >= first_seen_since)
        return list(self.session.scalars(query))
