"""Declarative models for leads, what they told us, what we showed them, handoffs and meetings."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from uuid import uuid4

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import registry, relationship
from sqlalchemy.orm.decl_api import DeclarativeMeta

mapper_registry = registry()


class Base(metaclass=DeclarativeMeta):
    """The declarative base, written out as a class (SQLAlchemy 1.4's documented form) so type checkers see it."""

    __abstract__ = True
    registry = mapper_registry
    metadata = mapper_registry.metadata
    __init__ = mapper_registry.constructor

# Visitor text is untrusted: stored values are length-limited as well as parameterised.
MAX_FACT_LENGTH = 2000
MAX_FIELD_LENGTH = 255


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(timezone.utc)


def new_public_id() -> str:
    """A random id that names a lead to systems outside (events, CRM) without revealing its chat id."""
    return uuid4().hex


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always returns them aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use bot.db.models.utcnow()")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Lead(Base):
    """A website visitor, keyed by the Rasa sender id."""

    __tablename__ = "leads"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(MAX_FIELD_LENGTH), nullable=False, unique=True, index=True)
    public_id = Column(String(32), nullable=False, unique=True, index=True, default=new_public_id)
    name = Column(String(MAX_FIELD_LENGTH))
    email = Column(String(MAX_FIELD_LENGTH))
    company = Column(String(MAX_FIELD_LENGTH))
    role = Column(String(MAX_FIELD_LENGTH))
    company_size = Column(String(64))
    timeline = Column(String(64))
    consent_scope = Column(String(MAX_FIELD_LENGTH))
    consent_at = Column(UTCDateTime)
    opted_out = Column(Boolean, nullable=False, default=False)
    # Said "just browsing" (or opted out): the widget never offers them a proactive prompt again.
    prompts_declined = Column(Boolean, nullable=False, default=False, server_default=false())
    # How and when they may be contacted, as they said it (bot/profile/contact_preferences.py).
    contact_channel = Column(String(16))
    contact_not_before = Column(Date)
    contact_scope = Column(String(32))
    contact_said = Column(Text)
    contact_set_at = Column(UTCDateTime)
    contact_set_on_card = Column(Boolean, nullable=False, default=False, server_default=false())
    warmth_score = Column(Integer, nullable=False, default=0, server_default="0")
    warmth_reasons = Column(Text, nullable=False, default="[]", server_default="[]")
    first_seen = Column(UTCDateTime, nullable=False, default=utcnow)
    last_seen = Column(UTCDateTime, nullable=False, default=utcnow)

    facts: list[DiscoveryFact] = relationship(
        "DiscoveryFact", back_populates="lead", cascade="all, delete-orphan",
        order_by="DiscoveryFact.said_at",
    )
    recommendations: list[RecommendationShown] = relationship(
        "RecommendationShown", back_populates="lead", cascade="all, delete-orphan",
        order_by="(RecommendationShown.shown_at, RecommendationShown.id)",  # shown together: in the order shown
    )
    handoffs: list[Handoff] = relationship(
        "Handoff", back_populates="lead", cascade="all, delete-orphan",
        order_by="Handoff.created_at",
    )
    touches: list[LeadTouch] = relationship(
        "LeadTouch", back_populates="lead", cascade="all, delete-orphan", order_by="LeadTouch.touch",
    )
    unmet_needs: list[UnmetNeed] = relationship(
        "UnmetNeed", back_populates="lead", cascade="all, delete-orphan", order_by="UnmetNeed.id",
    )
    export_emails: list[DataExportEmail] = relationship(
        "DataExportEmail", back_populates="lead", cascade="all, delete-orphan", order_by="DataExportEmail.id",
    )


class DiscoveryFact(Base):
    """One thing the visitor told us (goal, challenge, ...), kept with when they said it."""

    __tablename__ = "discovery_facts"

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(64), nullable=False)
    value = Column(Text, nullable=False)
    said_at = Column(UTCDateTime, nullable=False, default=utcnow)
    # Set when the visitor corrected it on their "what we know" card: reps see it as corrected by the visitor.
    corrected_by_visitor = Column(Boolean, nullable=False, default=False, server_default=false())

    lead = relationship("Lead", back_populates="facts")


class RecommendationShown(Base):
    """A catalog item the assistant showed a visitor, and why."""

    __tablename__ = "recommendations_shown"

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    catalog_item_id = Column(String(128), nullable=False)
    reason = Column(Text, nullable=False)
    shown_at = Column(UTCDateTime, nullable=False, default=utcnow)

    lead = relationship("Lead", back_populates="recommendations")


class Rep(Base):
    """A sales rep who can sign in to the inbox."""

    __tablename__ = "reps"

    id = Column(Integer, primary_key=True)
    email = Column(String(MAX_FIELD_LENGTH), nullable=False, unique=True)
    display_name = Column(String(MAX_FIELD_LENGTH), nullable=False)
    password_hash = Column(String(MAX_FIELD_LENGTH), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    is_admin = Column(Boolean, nullable=False, default=False, server_default=false())
    # Presence: the rep's choice (online/away), and when an inbox page of theirs was last open.
    presence = Column(String(8), nullable=False, default="away", server_default="away")
    last_active_at = Column(UTCDateTime)
    last_offered_at = Column(UTCDateTime)  # round-robin: the rep offered a conversation longest ago goes first


class HandoffStatus(str, Enum):
    """Where a handoff is in its life (bot/handoff/lifecycle.py moves it from one to the next).

    A string enum (Python 3.10 has no `StrEnum`): members compare equal to the stored strings.
    """

    QUEUED = "queued"  # waiting for a rep, the bot paused
    ASSIGNED = "assigned"  # a rep holds the conversation
    FOLLOW_UP = "follow_up"  # nobody came (or out of hours): a rep follows up later
    HANDED_BACK = "handed_back"  # the rep gave the chat back to the bot; close it with an outcome
    CLOSED = "closed"

    def __str__(self) -> str:
        return self.value


OPEN_HANDOFF_STATUSES = (HandoffStatus.QUEUED, HandoffStatus.ASSIGNED)  # waiting for, or talking with, a rep


class Handoff(Base):
    """A conversation passed to a person: its status, why, how warm, and how it ended."""

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    status = Column(String(32), nullable=False, default=HandoffStatus.QUEUED.value, index=True)
    reason = Column(String(MAX_FIELD_LENGTH), nullable=False)
    warmth_score = Column(Integer, nullable=False, default=0)
    warmth_reasons = Column(Text, nullable=False, default="[]")
    summary = Column(Text, nullable=False, default="")
    assigned_rep_id = Column(Integer, ForeignKey("reps.id", ondelete="SET NULL"))
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    claimed_at = Column(UTCDateTime)
    closed_at = Column(UTCDateTime)
    outcome = Column(String(32))
    notes = Column(Text)
    # Routing: the rep it is offered to now, until when, and every rep it was offered to (JSON list of ids).
    offered_rep_id = Column(Integer, ForeignKey("reps.id", ondelete="SET NULL"))
    offer_expires_at = Column(UTCDateTime)
    offered_to = Column(Text, nullable=False, default="[]", server_default="[]")
    # The visitor's rating of the chat with the rep (1-5), asked when the rep closes it, and their comment.
    rating = Column(Integer)
    rating_comment = Column(Text)
    rated_at = Column(UTCDateTime)

    lead = relationship("Lead", back_populates="handoffs")
    assigned_rep = relationship("Rep", foreign_keys=[assigned_rep_id])
    offered_rep = relationship("Rep", foreign_keys=[offered_rep_id])
    notifications: list[Notification] = relationship(
        "Notification", back_populates="handoff", cascade="all, delete-orphan", order_by="Notification.id",
    )
    internal_notes: list[HandoffNote] = relationship(
        "HandoffNote", back_populates="handoff", cascade="all, delete-orphan", order_by="HandoffNote.id",
    )


class Notification(Base):
    """One message to the reps about a handoff (an outbox row), retried with backoff until sent."""

    __tablename__ = "notifications"

    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    channel = Column(String(16), nullable=False)  # webhook | email
    status = Column(String(16), nullable=False, default="pending", index=True)  # pending | sent | cancelled (withdrawn)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_error = Column(Text)
    sent_at = Column(UTCDateTime)

    handoff = relationship("Handoff", back_populates="notifications")


class DeliveryStatus(str, Enum):
    """Where one delivery of an event to one subscriber stands."""

    PENDING = "pending"  # due now or after a backoff
    SENT = "sent"
    DEAD = "dead"  # gave up after the last attempt; a rep can retry it from the inbox

    def __str__(self) -> str:
        return self.value


class OutboundEvent(Base):
    """Something that happened that systems outside may subscribe to (an outbox row, body frozen as JSON).

    Deleted with its lead, so a forgotten visitor's undelivered events never leave.
    """

    __tablename__ = "outbound_events"

    id = Column(Integer, primary_key=True)
    event_id = Column(String(64), nullable=False, unique=True)  # the idempotency key subscribers see
    type = Column(String(64), nullable=False)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    body = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    fanned_out = Column(Boolean, nullable=False, default=False, index=True)  # deliveries created

    deliveries: list[EventDelivery] = relationship(
        "EventDelivery", back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="EventDelivery.id",
    )


class EventDelivery(Base):
    """One event on its way to one webhook subscription, retried with backoff until sent or dead."""

    __tablename__ = "event_deliveries"

    id = Column(Integer, primary_key=True)
    event_row_id = Column(Integer, ForeignKey("outbound_events.id", ondelete="CASCADE"), nullable=False,
                          index=True)
    subscription = Column(String(64), nullable=False)
    status = Column(String(16), nullable=False, default=DeliveryStatus.PENDING.value, index=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_error = Column(Text)
    sent_at = Column(UTCDateTime)

    event = relationship("OutboundEvent", back_populates="deliveries")


class CrmLink(Base):
    """The record a CRM holds for one lead (a HubSpot contact, a Salesforce Lead).

    Keyed by the lead's public id, not a foreign key: it outlives a forgotten lead until the CRM has deleted
    its copy too.
    """

    __tablename__ = "crm_links"
    __table_args__ = (UniqueConstraint("system", "lead_public_id"),)

    id = Column(Integer, primary_key=True)
    system = Column(String(32), nullable=False)  # "hubspot" or "salesforce"
    lead_public_id = Column(String(32), nullable=False, index=True)
    remote_id = Column(String(64), nullable=False)
    noted_handoff_id = Column(Integer)  # the latest handoff whose summary the CRM has as a note
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class RepSchedule(Base):
    """When a rep takes meetings: weekly hours in their own timezone, meeting length and the gap kept around
    each meeting. A rep without one is never offered to visitors."""

    __tablename__ = "rep_schedules"

    id = Column(Integer, primary_key=True)
    rep_id = Column(Integer, ForeignKey("reps.id", ondelete="CASCADE"), nullable=False, unique=True)
    timezone = Column(String(64), nullable=False)
    weekly_hours = Column(Text, nullable=False, default="{}")  # {"mon": [["09:00", "12:00"], ...], ...}
    meeting_minutes = Column(Integer, nullable=False, default=30)
    buffer_minutes = Column(Integer, nullable=False, default=10)
    # Bumped by every booking before it reads the calendar: the write serialises bookings on SQLite and
    # PostgreSQL alike, so two visitors racing for one slot cannot both see it free.
    booking_lock = Column(Integer, nullable=False, default=0, server_default="0")
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)

    rep = relationship("Rep")


class MeetingStatus(str, Enum):
    """A meeting is booked until it is cancelled (a reschedule cancels it and books another)."""

    BOOKED = "booked"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return self.value


class Meeting(Base):
    """A call a visitor booked in the chat with one rep."""

    __tablename__ = "meetings"
    __table_args__ = (
        # The last word on double booking: one booked meeting per rep and start time.
        Index("uq_meetings_rep_start_booked", "rep_id", "starts_at", unique=True,
              sqlite_where=text("status = 'booked'"), postgresql_where=text("status = 'booked'")),
    )

    id = Column(Integer, primary_key=True)
    public_id = Column(String(32), nullable=False, unique=True, default=new_public_id)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    rep_id = Column(Integer, ForeignKey("reps.id", ondelete="CASCADE"), nullable=False, index=True)
    starts_at = Column(UTCDateTime, nullable=False, index=True)
    ends_at = Column(UTCDateTime, nullable=False)
    status = Column(String(16), nullable=False, default=MeetingStatus.BOOKED.value, index=True)
    visitor_email = Column(String(MAX_FIELD_LENGTH), nullable=False)
    visitor_timezone = Column(String(64), nullable=False)
    summary = Column(Text, nullable=False, default="")
    rescheduled_from_id = Column(Integer, ForeignKey("meetings.id", ondelete="SET NULL"))
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    cancelled_at = Column(UTCDateTime)

    lead = relationship("Lead")
    rep = relationship("Rep")
    emails: list[MeetingEmail] = relationship(
        "MeetingEmail", back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MeetingEmail.id",
    )


class MeetingEmail(Base):
    """An invitation or cancellation on its way to one person (an outbox row, frozen when queued)."""

    __tablename__ = "meeting_emails"

    id = Column(Integer, primary_key=True)
    meeting_id = Column(Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True)
    recipient = Column(String(MAX_FIELD_LENGTH), nullable=False)
    subject = Column(String(MAX_FIELD_LENGTH), nullable=False)
    body = Column(Text, nullable=False)
    calendar = Column(Text, nullable=False)  # the iCalendar object, METHOD:REQUEST or METHOD:CANCEL
    method = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False, default="pending", index=True)  # pending | sent
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_error = Column(Text)
    sent_at = Column(UTCDateTime)

    meeting = relationship("Meeting", back_populates="emails")


class RetiredLead(Base):
    """What the report still counts about a lead purged after the retention period: no words, no ids."""

    __tablename__ = "retired_leads"

    id = Column(Integer, primary_key=True)
    first_seen = Column(UTCDateTime, nullable=False, index=True)
    retired_at = Column(UTCDateTime, nullable=False, default=utcnow)
    goal_shared = Column(Boolean, nullable=False)
    recommendation_shown = Column(Boolean, nullable=False)
    contact_shared = Column(Boolean, nullable=False)
    handed_off = Column(Boolean, nullable=False)
    outcomes = Column(Text, nullable=False, default="[]")  # the closed handoffs' outcomes, e.g. ["qualified"]
    recommended_items = Column(Text, nullable=False, default="[]")  # catalog item ids shown
    ratings = Column(Text, nullable=False, default="[]", server_default="[]")  # the visitor's chat ratings, 1-5


class RepSession(Base):
    """A signed-in inbox session: signing out (or a password change) revokes it on the server."""

    __tablename__ = "rep_sessions"

    id = Column(Integer, primary_key=True)
    session_id = Column(String(64), nullable=False, unique=True)
    rep_id = Column(Integer, ForeignKey("reps.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = Column(UTCDateTime, nullable=False, index=True)
    revoked_at = Column(UTCDateTime)


class TouchKind(str, Enum):
    FIRST = "first"  # the page of the visitor's first conversation, with how they arrived there
    LAST = "last"  # the page they chatted from most recently

    def __str__(self) -> str:
        return self.value


class LeadTouch(Base):
    """A page a visitor chatted from (bot/visits/page_context.py): the first one, and the latest."""

    __tablename__ = "lead_touches"
    __table_args__ = (UniqueConstraint("lead_id", "touch", name="uq_lead_touches_lead_touch"),)

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False)
    touch = Column(String(8), nullable=False)
    url = Column(String(512), nullable=False)
    title = Column(String(MAX_FIELD_LENGTH), nullable=False, default="", server_default="")
    referrer = Column(String(512), nullable=False, default="", server_default="")
    utm_source = Column(String(128), nullable=False, default="", server_default="")
    utm_medium = Column(String(128), nullable=False, default="", server_default="")
    utm_campaign = Column(String(128), nullable=False, default="", server_default="")
    utm_term = Column(String(128), nullable=False, default="", server_default="")
    utm_content = Column(String(128), nullable=False, default="", server_default="")
    language = Column(String(64), nullable=False, default="", server_default="")
    timezone = Column(String(64), nullable=False, default="", server_default="")
    seen_at = Column(UTCDateTime, nullable=False, default=utcnow)

    lead = relationship("Lead", back_populates="touches")


class HandoffNote(Base):
    """A rep's note on a conversation, for the team only: never sent to the visitor."""

    __tablename__ = "handoff_notes"

    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    rep_id = Column(Integer, ForeignKey("reps.id", ondelete="SET NULL"))
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    handoff = relationship("Handoff", back_populates="internal_notes")
    rep = relationship("Rep")


class PromptCount(Base):
    """How often a proactive prompt was shown, opened and dismissed on a day: counts only, no visitor."""

    __tablename__ = "prompt_counts"
    __table_args__ = (UniqueConstraint("prompt_id", "day", name="uq_prompt_counts_prompt_day"),)

    id = Column(Integer, primary_key=True)
    prompt_id = Column(String(64), nullable=False)
    day = Column(String(10), nullable=False)  # YYYY-MM-DD, UTC
    shown = Column(Integer, nullable=False, default=0, server_default="0")
    opened = Column(Integer, nullable=False, default=0, server_default="0")
    dismissed = Column(Integer, nullable=False, default=0, server_default="0")


class HandoffRead(Base):
    """When a rep last looked at a conversation, so the queue can count what the visitor wrote since."""

    __tablename__ = "handoff_reads"
    __table_args__ = (UniqueConstraint("rep_id", "handoff_id", name="uq_handoff_reads_rep_handoff"),)

    id = Column(Integer, primary_key=True)
    rep_id = Column(Integer, ForeignKey("reps.id", ondelete="CASCADE"), nullable=False)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    read_until = Column(Float, nullable=False)  # seconds since the epoch, as Rasa's event timestamps


class UnmetNeedKind(str, Enum):
    NOTHING_FITS = "nothing_fits"  # nothing in the catalog fitted what the visitor wants
    UNANSWERED_QUESTION = "unanswered_question"  # no answer in data/answers/ fitted their question

    def __str__(self) -> str:
        return self.value


class UnmetNeed(Base):
    """What a visitor wanted that the assistant could not serve, in their own words (the digest's raw data)."""

    __tablename__ = "unmet_needs"

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(32), nullable=False)
    said = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)

    lead = relationship("Lead", back_populates="unmet_needs")


class DigestEmail(Base):
    """The weekly unmet-needs digest for one recipient and week: built when sent, so no visitor words wait here."""

    __tablename__ = "digest_emails"
    __table_args__ = (UniqueConstraint("week", "recipient", name="uq_digest_emails_week_recipient"),)

    id = Column(Integer, primary_key=True)
    week = Column(String(10), nullable=False)  # the Monday that starts the week it covers, YYYY-MM-DD
    recipient = Column(String(MAX_FIELD_LENGTH), nullable=False)
    status = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    sent_at = Column(UTCDateTime)
    last_error = Column(Text)


class DataExportEmail(Base):
    """A copy of everything stored about a visitor, emailed at their request to the address they shared with
    consent. Built when sent (so it is current, and gone with the lead if they are forgotten first)."""

    __tablename__ = "data_export_emails"

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    recipient = Column(String(MAX_FIELD_LENGTH), nullable=False)
    status = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    sent_at = Column(UTCDateTime)
    last_error = Column(Text)

    lead = relationship("Lead", back_populates="export_emails")
