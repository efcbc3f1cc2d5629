"""Meetings booked in the chat, on a real database: booking, the race for one slot, round-robin, cancel and
reschedule, invitations delivered to a real SMTP server on loopback and read by the icalendar library."""

from __future__ import annotations

import email
import json
import threading
from datetime import datetime, timedelta, timezone

import icalendar
import pytest
from sqlalchemy import func, select

from bot.db.engine import session_scope
from bot.db.meeting_repository import MeetingRepository
from bot.db.models import Meeting, MeetingEmail, OutboundEvent
from bot.db.repository import Repository
from bot.meetings import booking, manage_links
from bot.meetings.email_outbox import deliver_due_meeting_emails
from bot.meetings.weekly_hours import parse_weekly_hours
from bot.passwords import hash_password
from bot.profile.visitor_store import VisitorStore, forget_visitor
from bot.settings import MeetingSettings, load_handoff_settings
from tests.db.test_event_outbox import _validate
from tests.support.receivers import smtp_server

pytestmark = pytest.mark.db
UTC = timezone.utc
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday
SLOT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday 09:00 UTC, free for every rep below
SETTINGS = MeetingSettings(min_notice_minutes=60, horizon_days=14, manage_url="https://example.test/meetings",
                           inbox_url="https://example.test/inbox", link_secret="m" * 32,
                           can_send_invitations=True)


def _rep(database_url, email_address, name, zone="UTC", hours="09:00-11:00", minutes=30) -> int:
    with session_scope(database_url) as session:
        rep = Repository(session).add_rep(email_address, name, hash_password("a long password"))
        days = parse_weekly_hours(zone, {day: hours for day in ("mon", "tue", "wed", "thu", "fri")})
        MeetingRepository(session).save_schedule(rep.id, days.zone.key, days.to_json(), minutes, 0)
        return rep.id


def _visitor(database_url, sender, consent=True) -> None:
    store = VisitorStore(database_url)
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.touch_lead(sender)
        repo.record_fact(sender, "goal", "onboard customers in days, not weeks")
    if consent:
        store.save_contact(sender, f"{sender}@example.com", "a calendar invitation")


def _events(database_url, prefix="meeting.") -> list[dict]:
    with session_scope(database_url) as session:
        return [json.loads(body) for body in session.scalars(
            select(OutboundEvent.body).where(OutboundEvent.type.like(f"{prefix}%")).order_by(OutboundEvent.id))]


def _book(database_url, sender, start=SLOT, zone="Europe/Paris"):
    return booking.book(database_url, SETTINGS, sender, start, zone, NOW)


def test_a_booking_queues_two_invitations_and_a_signed_event(database_url):
    rep_id = _rep(database_url, "rita@example.com", "Rita Rep")
    _visitor(database_url, "sam")
    booked = _book(database_url, "sam")
    assert isinstance(booked, booking.Booked)
    assert (booked.rep_name, booked.starts_at, booked.ends_at) == ("Rita Rep", SLOT, SLOT + timedelta(minutes=30))
    [event] = _events(database_url)
    _validate(event)
    assert event["type"] == "meeting.booked" and event["lead"]["email"] == "sam@example.com"
    assert event["data"]["rep"]["id"] == rep_id and event["data"]["starts_at"] == "2026-11-24T09:00:00Z"
    with session_scope(database_url) as session:
        emails = session.scalars(select(MeetingEmail).order_by(MeetingEmail.id)).all()
        assert [(e.recipient, e.method) for e in emails] == [("sam@example.com", "REQUEST"),
                                                            ("rita@example.com", "REQUEST")]
        visitor_copy, rep_copy = emails
        assert "Tue 24 Nov 2026, 10:00 (Europe/Paris)" in visitor_copy.subject  # the visitor's own clock
        assert "Tue 24 Nov 2026, 09:00 (UTC)" in rep_copy.subject
        assert manage_links.sign(SETTINGS.link_secret, booked.public_id) in visitor_copy.body
        assert "manage" not in rep_copy.body and "onboard customers in days" in rep_copy.body


def test_invitations_reach_a_real_smtp_server_as_calendar_requests(database_url):
    _rep(database_url, "rita@example.com", "Rita Rep")
    _visitor(database_url, "sam")
    booked = _book(database_url, "sam")
    with smtp_server() as (port, received):
        settings = load_handoff_settings()
        settings = type(settings)(**{**settings.__dict__, "smtp_host": "127.0.0.1", "smtp_port": port,
                                     "smtp_starttls": False})
        assert deliver_due_meeting_emails(database_url, settings, datetime.now(UTC)) == (2, 0)
        assert deliver_due_meeting_emails(database_url, settings, datetime.now(UTC)) == (0, 0)
    assert len(received) == 2
    for raw in received:
        message = email.message_from_string(raw)
        parts = {part.get_content_type(): part for part in message.walk()}
        calendar_part = parts["text/calendar"]
        assert calendar_part.get_param("method") == "REQUEST"
        calendar = icalendar.Calendar.from_ical(calendar_part.get_payload(decode=True))
        [event] = calendar.walk("VEVENT")
        assert calendar["METHOD"] == "REQUEST" and event["UID"].startswith(booked.public_id)
        assert event.decoded("DTSTART") == SLOT
        assert "onboard customers in days" in str(event["DESCRIPTION"])
        assert icalendar.Calendar.from_ical(parts["application/ics"].get_payload(decode=True))["METHOD"] == "REQUEST"


def test_two_visitors_racing_for_one_slot_exactly_one_wins(database_url):
    _rep(database_url, "rita@example.com", "Rita Rep")
    senders = [f"racer-{n}" for n in range(4)]
    for sender in senders:
        _visitor(database_url, sender)
    barrier, results = threading.Barrier(len(senders)), {}

    def race(sender):
        barrier.wait()
        results[sender] = _book(database_url, sender)

    threads = [threading.Thread(target=race, args=(sender,)) for sender in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [r for r in results.values() if isinstance(r, booking.Booked)]
    losers = [r for r in results.values() if isinstance(r, booking.SlotTaken)]
    assert len(winners) == 1 and len(losers) == len(senders) - 1
    for lost in losers:  # offered other slots, never the one just taken
        assert lost.slots and SLOT not in [slot.starts_at for slot in lost.slots]
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count(Meeting.id))) == 1
        assert session.scalar(select(func.count(MeetingEmail.id))) == 2
    assert len(_events(database_url)) == 1


def test_bookings_go_round_robin_among_free_reps(database_url):
    ana = _rep(database_url, "ana@example.com", "Ana")
    ben = _rep(database_url, "ben@example.com", "Ben")
    for sender in ("v1", "v2", "v3", "v4"):
        _visitor(database_url, sender)
    assert _book(database_url, "v1").rep_name == "Ana"  # nobody booked yet: lowest id first
    assert _book(database_url, "v2").rep_name == "Ben"  # same time, Ana is taken
    assert isinstance(_book(database_url, "v3"), booking.SlotTaken)  # both taken
    later = SLOT + timedelta(hours=1)
    assert _book(database_url, "v3", later).rep_name == "Ana"  # Ana's booking is older than Ben's
    assert _book(database_url, "v4", later).rep_name == "Ben"
    assert {ana, ben} == {e["data"]["rep"]["id"] for e in _events(database_url)}


def test_no_booking_without_consent_and_no_slot_off_the_grid(database_url):
    _rep(database_url, "rita@example.com", "Rita Rep")
    _visitor(database_url, "shy", consent=False)
    with pytest.raises(booking.MeetingError, match="email"):
        _book(database_url, "shy")
    _visitor(database_url, "sam")
    assert isinstance(_book(database_url, "sam", SLOT + timedelta(minutes=7)), booking.SlotTaken)
    assert isinstance(_book(database_url, "sam", NOW + timedelta(minutes=30)), booking.SlotTaken)  # too soon
    assert not _events(database_url)


def test_cancel_tells_both_people_and_frees_the_slot(database_url):
    _rep(database_url, "rita@example.com", "Rita Rep")
    _visitor(database_url, "sam")
    booked = _book(database_url, "sam")
    booking.cancel(database_url, SETTINGS, booked.public_id, NOW)
    with pytest.raises(booking.MeetingError, match="already cancelled"):
        booking.cancel(database_url, SETTINGS, booked.public_id, NOW)
    with session_scope(database_url) as session:
        cancels = session.scalars(select(MeetingEmail).where(MeetingEmail.method == "CANCEL")).all()
        assert sorted(e.recipient for e in cancels) == ["rita@example.com", "sam@example.com"]
        calendar = icalendar.Calendar.from_ical(cancels[0].calendar)
        [event] = calendar.walk("VEVENT")
        assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
    booked_event, cancelled_event = _events(database_url)
    _validate(cancelled_event)
    assert cancelled_event["data"]["reason"] == "cancelled_by_visitor"
    assert cancelled_event["data"]["meeting_id"] == booked_event["data"]["meeting_id"]
    assert SLOT in [s.starts_at for s in booking.open_slots(database_url, SETTINGS, NOW, count=20)]


def test_reschedule_moves_the_meeting_or_changes_nothing_when_the_time_is_taken(database_url):
    _rep(database_url, "rita@example.com", "Rita Rep")
    _visitor(database_url, "sam")
    _visitor(database_url, "kim")
    first = _book(database_url, "sam")
    taken = _book(database_url, "kim", SLOT + timedelta(hours=1))
    refused = booking.reschedule(database_url, SETTINGS, first.public_id, taken.starts_at, NOW)
    assert isinstance(refused, booking.SlotTaken)
    assert booking.meeting_view(database_url, SETTINGS, first.public_id).status == "booked"
    moved = booking.reschedule(database_url, SETTINGS, first.public_id, SLOT + timedelta(days=1), NOW)
    assert isinstance(moved, booking.Booked) and moved.public_id != first.public_id
    assert booking.meeting_view(database_url, SETTINGS, first.public_id).status == "cancelled"
    events = _events(database_url)
    assert [e["type"] for e in events] == ["meeting.booked", "meeting.booked", "meeting.cancelled",
                                           "meeting.booked"]
    assert events[2]["data"]["reason"] == "rescheduled"
    assert events[3]["data"]["rescheduled_from"] == first.public_id
    for event in events:
        _validate(event)


def test_a_forgotten_visitor_leaves_no_meeting_or_unsent_invitation(database_url):
    _rep(database_url, "rita@example.com", "Rita Rep")
    _visitor(database_url, "sam")
    _book(database_url, "sam")
    forget_visitor(database_url, "sam")
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count(Meeting.id))) == 0
        assert session.scalar(select(func.count(MeetingEmail.id))) == 0
