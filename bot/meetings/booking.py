"""Meetings, one function per operation: open slots, book, cancel, reschedule.

Each checks, then changes everything in one unit of work (the meeting, its invitations in the email outbox,
the `meeting.*` event), so a crash never leaves a meeting without its emails or an email without its meeting.
Bookings take a lock first (`MeetingRepository.lock_calendars`): of two visitors racing for one slot, exactly
one gets it, and the other is offered new slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from bot.db.engine import session_scope
from bot.db.meeting_repository import MeetingRepository
from bot.db.models import Lead, Meeting, MeetingStatus, Rep, utcnow
from bot.db.repository import Repository
from bot.events.envelope import identity_of
from bot.meetings.email_wording import email_wording
from bot.meetings.free_slots import RepCalendar, Slot, free_slots, slot_at
from bot.meetings.invitations import about_visitor, queue_emails
from bot.meetings.weekly_hours import load_weekly_hours, parse_zone
from bot.profile.contact_preferences import ContactPreferences
from bot.profile.contact_rules import Contact, preferences_of, refusal
from bot.settings import MeetingSettings

SLOTS_OFFERED = 3


class MeetingError(ValueError):
    """The meeting cannot change this way (unknown, already cancelled, already over); the text says why."""


class MeetingRefused(MeetingError):
    """The visitor asked not to be called, or not yet: `preferences` say what they asked for."""

    def __init__(self, reason: str, preferences: ContactPreferences) -> None:
        super().__init__(reason)
        self.preferences = preferences


@dataclass(frozen=True)
class Booked:
    public_id: str
    rep_name: str
    starts_at: datetime
    ends_at: datetime
    email: str


@dataclass(frozen=True)
class SlotTaken:
    """The slot went to someone else (or was never free); these are free now."""

    slots: list[Slot]


def _window(settings: MeetingSettings, now: datetime) -> tuple[datetime, datetime]:
    return now + timedelta(minutes=settings.min_notice_minutes), now + timedelta(days=settings.horizon_days)


def _calendars(repo: MeetingRepository, earliest: datetime, latest: datetime,
               ignoring: int | None = None) -> list[RepCalendar]:
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    # A day's margin either side: a buffer or a long meeting reaches across the window's edges.
    for meeting in repo.booked_between(earliest - timedelta(days=1), latest + timedelta(days=1)):
        if meeting.id != ignoring:
            busy.setdefault(meeting.rep_id, []).append((meeting.starts_at, meeting.ends_at))
    last = repo.last_booked()
    return [RepCalendar(rep_id=s.rep_id, hours=load_weekly_hours(s.timezone, s.weekly_hours),
                        meeting_minutes=s.meeting_minutes, buffer_minutes=s.buffer_minutes,
                        busy=tuple(busy.get(s.rep_id, ())), last_booked_at=last.get(s.rep_id))
            for s in repo.schedules()]


def meetings_available(database_url: str) -> bool:
    """True when at least one rep has set hours (otherwise the assistant never offers a meeting)."""
    with session_scope(database_url) as session:
        return MeetingRepository(session).any_schedule()


def open_slots(database_url: str, settings: MeetingSettings, now: datetime, after: datetime | None = None,
               count: int = SLOTS_OFFERED) -> list[Slot]:
    """The next `count` free slots (after `after`, if given), soonest first."""
    earliest, latest = _window(settings, now)
    if after is not None:
        earliest = max(earliest, after + timedelta(seconds=1))
    with session_scope(database_url) as session:
        return free_slots(_calendars(MeetingRepository(session), earliest, latest), earliest, latest, count)


def _inbox_link(lead: Lead, settings: MeetingSettings) -> str:
    handoff = lead.handoffs[-1] if lead.handoffs else None
    return f"{settings.inbox_url}/handoffs/{handoff.id}" if handoff else f"{settings.inbox_url}/meetings"


def _event_data(meeting: Meeting, rep: Rep, **extra: Any) -> dict[str, Any]:
    return {"meeting_id": meeting.public_id, "starts_at": _iso(meeting.starts_at), "ends_at": _iso(meeting.ends_at),
            "rep": {"id": rep.id, "name": rep.display_name, "email": rep.email},
            "visitor_timezone": meeting.visitor_timezone, **extra}


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _book_in(session: Any, settings: MeetingSettings, lead: Lead, start: datetime, visitor_zone: str,
             now: datetime, rescheduled_from: Meeting | None = None) -> Booked | SlotTaken:
    repo = MeetingRepository(session)
    repo.lock_calendars()
    earliest, latest = _window(settings, now)
    calendars = _calendars(repo, earliest, latest)
    slot = slot_at(calendars, start, earliest, latest)
    if slot is None:
        return SlotTaken(free_slots(calendars, earliest, latest, SLOTS_OFFERED))
    calendar = next(c for c in calendars if c.rep_id == slot.rep_ids[0])
    rep = repo.get_rep(calendar.rep_id)
    assert rep is not None  # its schedule is deleted with it (ON DELETE CASCADE), under the booking lock
    facts = Repository(session).latest_facts(lead.sender_id)
    meeting = repo.add_meeting(Meeting(
        lead_id=lead.id, rep_id=rep.id, starts_at=start, ends_at=start + calendar.length,
        status=str(MeetingStatus.BOOKED), visitor_email=lead.email, visitor_timezone=visitor_zone,
        summary=about_visitor(facts), rescheduled_from_id=rescheduled_from.id if rescheduled_from else None,
        created_at=now))
    queue_emails(repo, meeting, lead, rep, calendar.hours.zone, email_wording(), settings,
                 _inbox_link(lead, settings), "REQUEST", now)
    Repository(session).add_event("meeting.booked", lead.id, identity_of(lead), _event_data(
        meeting, rep, rescheduled_from=rescheduled_from.public_id if rescheduled_from else None))
    return Booked(meeting.public_id, rep.display_name, meeting.starts_at, meeting.ends_at, lead.email)


def _bookable_lead(repo: MeetingRepository, sender_id: str, today: date) -> Lead:
    lead = repo.lead_of(sender_id)
    if lead is None or not lead.email or not lead.consent_at or lead.opted_out:
        raise MeetingError("a meeting needs the visitor's email and their agreement to be contacted")
    preferences = preferences_of(lead)
    if (refused := refusal(preferences, Contact.CALL, today)) is not None:
        raise MeetingRefused(refused.reason, preferences)
    return lead


def call_refused(database_url: str, sender_id: str, today: date) -> ContactPreferences | None:
    """The visitor's contact preferences when they rule out a call today ("email only", "not before Q3");
    None when a call is fine."""
    with session_scope(database_url) as session:
        lead = MeetingRepository(session).lead_of(sender_id)
        if lead is None:
            return None
        preferences = preferences_of(lead)
        return preferences if refusal(preferences, Contact.CALL, today) is not None else None


def book(database_url: str, settings: MeetingSettings, sender_id: str, start: datetime, visitor_zone: str,
         now: datetime) -> Booked | SlotTaken:
    """Book the visitor into the slot at `start` with the next rep in turn, or say it is taken."""
    parse_zone(visitor_zone)
    try:
        with session_scope(database_url) as session:
            lead = _bookable_lead(MeetingRepository(session), sender_id, now.date())
            result = _book_in(session, settings, lead, start, visitor_zone, now)
            if isinstance(result, SlotTaken):
                session.rollback()
            return result
    except IntegrityError:  # the unique index caught a double booking the lock did not (another grid)
        return SlotTaken(open_slots(database_url, settings, now))


def _cancel_in(session: Any, settings: MeetingSettings, meeting: Meeting, reason: str, now: datetime) -> None:
    repo = MeetingRepository(session)
    schedule = repo.schedule_of(meeting.rep_id)
    rep_zone = parse_zone(schedule.timezone if schedule else "UTC")
    meeting.status, meeting.cancelled_at = str(MeetingStatus.CANCELLED), now
    session.flush()
    queue_emails(repo, meeting, meeting.lead, meeting.rep, rep_zone, email_wording(), settings,
                 _inbox_link(meeting.lead, settings), "CANCEL", now)
    Repository(session).add_event("meeting.cancelled", meeting.lead_id, identity_of(meeting.lead),
                                  _event_data(meeting, meeting.rep, reason=reason))


def _changeable(repo: MeetingRepository, public_id: str, now: datetime) -> Meeting:
    meeting = repo.meeting(public_id)
    if meeting is None:
        raise MeetingError("this meeting does not exist any more")
    if meeting.status != MeetingStatus.BOOKED:
        raise MeetingError("this meeting was already cancelled")
    if meeting.starts_at <= now:
        raise MeetingError("this meeting has already started, so it can no longer be changed here")
    return meeting


def cancel(database_url: str, settings: MeetingSettings, public_id: str, now: datetime | None = None) -> None:
    """Cancel a booked meeting: both people get a cancellation, subscribers a `meeting.cancelled`."""
    now = now or utcnow()
    with session_scope(database_url) as session:
        meeting = _changeable(MeetingRepository(session), public_id, now)
        _cancel_in(session, settings, meeting, "cancelled_by_visitor", now)


def reschedule(database_url: str, settings: MeetingSettings, public_id: str, start: datetime,
               now: datetime | None = None) -> Booked | SlotTaken:
    """Move a meeting: the old one is cancelled and the new one booked together, or neither when it is taken."""
    now = now or utcnow()
    try:
        with session_scope(database_url) as session:
            repo = MeetingRepository(session)
            meeting = _changeable(repo, public_id, now)
            _cancel_in(session, settings, meeting, "rescheduled", now)
            result = _book_in(session, settings, meeting.lead, start, meeting.visitor_timezone, now, meeting)
            if isinstance(result, SlotTaken):
                session.rollback()
            return result
    except IntegrityError:
        return SlotTaken(open_slots(database_url, settings, now))


@dataclass(frozen=True)
class MeetingView:
    """A meeting as a page shows it."""

    public_id: str
    status: str
    starts_at: datetime
    ends_at: datetime
    rep_name: str
    visitor: str
    visitor_timezone: str
    summary: str
    inbox_link: str


def _view(meeting: Meeting, settings: MeetingSettings) -> MeetingView:
    return MeetingView(meeting.public_id, meeting.status, meeting.starts_at, meeting.ends_at,
                       meeting.rep.display_name, meeting.lead.name or meeting.visitor_email,
                       meeting.visitor_timezone, meeting.summary, _inbox_link(meeting.lead, settings))


def meeting_view(database_url: str, settings: MeetingSettings, public_id: str) -> MeetingView | None:
    with session_scope(database_url) as session:
        meeting = MeetingRepository(session).meeting(public_id)
        return None if meeting is None else _view(meeting, settings)


def upcoming_meetings(database_url: str, settings: MeetingSettings, now: datetime) -> list[MeetingView]:
    with session_scope(database_url) as session:
        return [_view(meeting, settings) for meeting in MeetingRepository(session).upcoming(now)]
