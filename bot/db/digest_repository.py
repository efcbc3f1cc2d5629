"""Queries behind the unmet-needs digest: what visitors wanted and could not get, and the weekly email outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import MAX_FACT_LENGTH, DigestEmail, Handoff, Lead, UnmetNeed, UnmetNeedKind, utcnow
from bot.db.repository import Repository

NOT_A_FIT = "not_a_fit"


@dataclass(frozen=True)
class Said:
    """One unmet need in the visitor's own words, and when."""

    kind: str  # an UnmetNeedKind, or "not_a_fit" (a rep closed the conversation so)
    said: str
    at: datetime


class DigestRepository:
    """Reads unmet needs and writes the digest's outbox within one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record_unmet_need(self, sender_id: str, kind: UnmetNeedKind, said: str) -> None:
        lead = Repository(self.session).touch_lead(sender_id)
        self.session.add(UnmetNeed(lead_id=lead.id, kind=str(kind), said=said.strip()[:MAX_FACT_LENGTH]))
        self.session.flush()

    def unmet_needs_between(self, start: datetime, end: datetime) -> list[Said]:
        """Nothing-fits and unanswered questions, then rep outcomes "not a fit" (in the visitor's words: their
        goal and what is in the way), oldest first."""
        found = [Said(need.kind, need.said, need.created_at) for need in self.session.scalars(
            select(UnmetNeed).where(UnmetNeed.created_at >= start, UnmetNeed.created_at < end)
            .order_by(UnmetNeed.created_at))]
        closed = self.session.scalars(
            select(Handoff).where(Handoff.outcome == NOT_A_FIT, Handoff.closed_at >= start, Handoff.closed_at < end)
            .options(selectinload(Handoff.lead).selectinload(Lead.facts)).order_by(Handoff.closed_at))
        for handoff in closed:
            latest = {fact.kind: fact.value for fact in handoff.lead.facts}
            words = " - ".join(latest[kind] for kind in ("goal", "challenge") if latest.get(kind))
            if words:
                found.append(Said(NOT_A_FIT, words, handoff.closed_at))
        return found

    def queue_digest(self, week: str, recipients: Sequence[str], now: datetime) -> int:
        """One pending email per recipient for `week`, unless that week's is already queued; returns how many."""
        queued = set(self.session.scalars(select(DigestEmail.recipient).where(DigestEmail.week == week)))
        new = [recipient for recipient in dict.fromkeys(recipients) if recipient not in queued]
        self.session.add_all(DigestEmail(week=week, recipient=recipient, status="pending", attempts=0,
                                         next_attempt_at=now) for recipient in new)
        self.session.flush()
        return len(new)

    def due_digests(self, now: datetime, limit: int = 20) -> list[DigestEmail]:
        return list(self.session.scalars(select(DigestEmail).where(
            DigestEmail.status == "pending", DigestEmail.next_attempt_at <= now).order_by(DigestEmail.id).limit(limit)))

    def digest_sent(self, email: DigestEmail) -> None:
        email.status, email.sent_at, email.attempts, email.last_error = "sent", utcnow(), email.attempts + 1, None

    def digest_failed(self, email: DigestEmail, error: str, retry_in: timedelta) -> None:
        email.attempts += 1
        email.last_error = error[:2000]
        email.next_attempt_at = utcnow() + retry_in
