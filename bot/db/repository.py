"""All queries on the project's tables go through `Repository`; nothing else writes SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, Iterator, List, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from bot.db.models import (
    MAX_FACT_LENGTH,
    MAX_FIELD_LENGTH,
    DiscoveryFact,
    Handoff,
    Lead,
    Notification,
    RecommendationShown,
    Rep,
    utcnow,
)
from bot.db.tracker_events import rasa_events, rasa_events_table_exists
from bot.profile.facts import LEAD_COLUMNS

# Facts that are also kept as the lead's current profile, in a column of their own.
PROFILE_COLUMNS = ("name", "email", "company", *LEAD_COLUMNS)


OPEN_HANDOFF_STATUSES = ("queued", "assigned")
OUTCOMES = ("meeting_booked", "qualified", "not_a_fit", "no_response")


class HandoffStateError(ValueError):
    """A handoff cannot make the requested change (already claimed, already closed, ...)."""


@dataclass(frozen=True)
class ForgetResult:
    """What `Repository.forget` removed."""

    lead_deleted: bool
    tracker_events_deleted: int


def _clip(text: str, limit: int) -> str:
    return text.strip()[:limit]


class Repository:
    """Reads and writes leads, facts, recommendations, reps and handoffs within one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_lead(self, sender_id: str) -> Lead | None:
        return self.session.scalar(select(Lead).where(Lead.sender_id == sender_id))

    def touch_lead(self, sender_id: str) -> Lead:
        """Return the lead for `sender_id`, creating it on first contact; updates last_seen."""
        lead = self.get_lead(sender_id)
        now = utcnow()
        if lead is None:
            lead = Lead(sender_id=_clip(sender_id, MAX_FIELD_LENGTH), first_seen=now, last_seen=now,
                        opted_out=False)
            self.session.add(lead)
        else:
            lead.last_seen = now
        self.session.flush()
        return lead

    def list_leads(self, limit: int | None = None) -> List[Lead]:
        query = select(Lead).order_by(Lead.last_seen.desc(), Lead.id.desc())
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

    def latest_facts(self, sender_id: str) -> Dict[str, str]:
        """The most recent value the visitor gave for each kind of fact."""
        lead = self.get_lead(sender_id)
        if lead is None:
            return {}
        latest: Dict[str, str] = {}
        for fact in lead.facts:  # ordered by said_at, so later facts win
            latest[fact.kind] = fact.value
        return latest

    def record_recommendation(self, sender_id: str, catalog_item_id: str, reason: str) -> RecommendationShown:
        lead = self.touch_lead(sender_id)
        shown = RecommendationShown(lead=lead, catalog_item_id=catalog_item_id,
                                    reason=_clip(reason, MAX_FACT_LENGTH), shown_at=utcnow())
        self.session.add(shown)
        self.session.flush()
        return shown

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
                       warmth_reasons: Sequence[str], summary: str, status: str = "queued",
                       notify_channels: Sequence[str] = ()) -> Handoff:
        """A new handoff, with one pending notification per channel the reps should be told on."""
        lead = self.touch_lead(sender_id)
        now = utcnow()
        handoff = Handoff(lead=lead, status=status, reason=_clip(reason, MAX_FIELD_LENGTH),
                          warmth_score=warmth_score, warmth_reasons=json.dumps(list(warmth_reasons)),
                          summary=_clip(summary, MAX_FACT_LENGTH), created_at=now)
        handoff.notifications = [Notification(channel=channel, status="pending", attempts=0, next_attempt_at=now)
                                 for channel in notify_channels]
        self.session.add(handoff)
        self.session.flush()
        return handoff

    def get_handoff(self, handoff_id: int) -> Handoff | None:
        return self.session.get(Handoff, handoff_id)

    def open_handoff_for(self, sender_id: str) -> Handoff | None:
        """The visitor's queued or assigned handoff, if any."""
        return self.session.scalar(
            select(Handoff).join(Lead).where(Lead.sender_id == sender_id,
                                             Handoff.status.in_(OPEN_HANDOFF_STATUSES))
            .order_by(Handoff.created_at.desc()).limit(1))

    def inbox_queue(self) -> List[Handoff]:
        """Handoffs a rep should look at: open or waiting for follow-up, warmest then longest waiting."""
        return list(self.session.scalars(
            select(Handoff).where(Handoff.status.in_(OPEN_HANDOFF_STATUSES + ("follow_up", "handed_back")))
            .order_by(Handoff.warmth_score.desc(), Handoff.created_at.asc())))

    def claim_handoff(self, handoff_id: int, rep: Rep) -> Handoff:
        """Assign a queued handoff to `rep`; only one rep can ever win (a conditional UPDATE)."""
        claimed = self.session.execute(
            update(Handoff).where(Handoff.id == handoff_id, Handoff.status.in_(("queued", "follow_up")),
                                  Handoff.assigned_rep_id.is_(None))
            .values(status="assigned", assigned_rep_id=rep.id, claimed_at=utcnow())
            .execution_options(synchronize_session=False))
        handoff = self.get_handoff(handoff_id)
        if handoff is None:
            raise HandoffStateError(f"handoff {handoff_id} does not exist")
        self.session.refresh(handoff)
        if claimed.rowcount != 1 and handoff.assigned_rep_id != rep.id:
            holder = handoff.assigned_rep.display_name if handoff.assigned_rep else "nobody"
            raise HandoffStateError(f"already claimed by {holder}" if handoff.assigned_rep
                                    else f"this conversation is {handoff.status} and cannot be claimed")
        return handoff

    def _owned(self, handoff_id: int, rep: Rep) -> Handoff:
        handoff = self.get_handoff(handoff_id)
        if handoff is None:
            raise HandoffStateError(f"handoff {handoff_id} does not exist")
        if handoff.status != "assigned" or handoff.assigned_rep_id != rep.id:
            raise HandoffStateError("claim this conversation before replying or handing it back")
        return handoff

    def require_owner(self, handoff_id: int, rep: Rep) -> Handoff:
        """The handoff, if `rep` holds it; otherwise a clear error."""
        return self._owned(handoff_id, rep)

    def hand_back(self, handoff_id: int, rep: Rep) -> Handoff:
        handoff = self._owned(handoff_id, rep)
        handoff.status = "handed_back"
        self.session.flush()
        return handoff

    def close_handoff(self, handoff_id: int, rep: Rep, outcome: str, notes: str) -> Handoff:
        if outcome not in OUTCOMES:
            raise HandoffStateError(f"outcome must be one of {', '.join(OUTCOMES)}")
        handoff = self.get_handoff(handoff_id)
        if handoff is None:
            raise HandoffStateError(f"handoff {handoff_id} does not exist")
        if handoff.status == "closed":
            raise HandoffStateError("this conversation is already closed")
        if handoff.assigned_rep_id not in (None, rep.id):
            raise HandoffStateError(f"{handoff.assigned_rep.display_name} holds this conversation")
        handoff.status = "closed"
        handoff.assigned_rep_id = rep.id
        handoff.outcome = outcome
        handoff.notes = _clip(notes or "", MAX_FACT_LENGTH)
        handoff.closed_at = utcnow()
        self.session.flush()
        return handoff

    def unclaimed_since(self, cutoff: datetime) -> List[Handoff]:
        """Queued handoffs nobody claimed before `cutoff`."""
        return list(self.session.scalars(
            select(Handoff).where(Handoff.status == "queued", Handoff.created_at < cutoff)))

    def move_to_follow_up(self, handoff_id: int) -> bool:
        """queued -> follow_up, unless a rep claimed it meanwhile; True when this call moved it."""
        moved = self.session.execute(
            update(Handoff).where(Handoff.id == handoff_id, Handoff.status == "queued")
            .values(status="follow_up").execution_options(synchronize_session=False))
        return moved.rowcount == 1

    def requeue(self, handoff_id: int) -> None:
        """follow_up -> queued again (the visitor could not be told; try again later)."""
        self.session.execute(
            update(Handoff).where(Handoff.id == handoff_id, Handoff.status == "follow_up")
            .values(status="queued").execution_options(synchronize_session=False))

    def due_notifications(self, now: datetime, limit: int = 20) -> List[Notification]:
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

    def leads_for_report(self, first_seen_since: datetime | None = None) -> List[Lead]:
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

    def get_rep(self, rep_id: int) -> Rep | None:
        return self.session.get(Rep, rep_id)

    def list_handoffs(self, status: str | None = None) -> List[Handoff]:
        query = select(Handoff).order_by(Handoff.created_at.desc(), Handoff.id.desc())
        if status is not None:
            query = query.where(Handoff.status == status)
        return list(self.session.scalars(query))

    def add_rep(self, email: str, display_name: str, password_hash: str) -> Rep:
        rep = Rep(email=_clip(email, MAX_FIELD_LENGTH).lower(),
                  display_name=_clip(display_name, MAX_FIELD_LENGTH), password_hash=password_hash,
                  created_at=utcnow())
        self.session.add(rep)
        self.session.flush()
        return rep

    def get_rep_by_email(self, email: str) -> Rep | None:
        return self.session.scalar(select(Rep).where(Rep.email == email.strip().lower()))

    def forget(self, sender_id: str) -> ForgetResult:
        """Delete the lead (and its facts, recommendations, handoffs) and the sender's tracker events."""
        lead = self.get_lead(sender_id)
        if lead is not None:
            self.session.delete(lead)
            self.session.flush()
        events_deleted = 0
        if rasa_events_table_exists(self.session):
            result = self.session.execute(delete(rasa_events).where(rasa_events.c.sender_id == sender_id))
            events_deleted = result.rowcount or 0
        return ForgetResult(lead_deleted=lead is not None, tracker_events_deleted=events_deleted)
