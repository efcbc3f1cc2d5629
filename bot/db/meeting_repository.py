"""Queries on reps' schedules, meetings and the invitations' email outbox (one session each)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from bot.db.models import Lead, Meeting, MeetingEmail, MeetingStatus, Rep, RepSchedule, utcnow


class MeetingRepository:
    """Reads and writes schedules, meetings and meeting emails within one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def schedule_of(self, rep_id: int) -> RepSchedule | None:
        return self.session.scalar(select(RepSchedule).where(RepSchedule.rep_id == rep_id))

    def save_schedule(self, rep_id: int, timezone: str, weekly_hours: str, meeting_minutes: int,
                      buffer_minutes: int) -> RepSchedule:
        schedule = self.schedule_of(rep_id)
        if schedule is None:
            schedule = RepSchedule(rep_id=rep_id, booking_lock=0)
            self.session.add(schedule)
        schedule.timezone, schedule.weekly_hours = timezone, weekly_hours
        schedule.meeting_minutes, schedule.buffer_minutes = meeting_minutes, buffer_minutes
        schedule.updated_at = utcnow()
        self.session.flush()
        return schedule

    def any_schedule(self) -> bool:
        return self.session.scalar(select(func.count(RepSchedule.id)).where(RepSchedule.weekly_hours != "{}")) > 0

    def lock_calendars(self) -> None:
        """Take the booking lock: a write to every schedule, so concurrent bookings run one after another."""
        self.session.execute(update(RepSchedule).values(booking_lock=RepSchedule.booking_lock + 1))

    def schedules(self) -> list[RepSchedule]:
        return list(self.session.scalars(select(RepSchedule).options(selectinload(RepSchedule.rep))
                                         .order_by(RepSchedule.rep_id)))

    def booked_between(self, start: datetime, end: datetime) -> list[Meeting]:
        """Booked meetings that overlap [start, end)."""
        return list(self.session.scalars(select(Meeting).where(
            Meeting.status == str(MeetingStatus.BOOKED), Meeting.starts_at < end, Meeting.ends_at > start)))

    def last_booked(self) -> dict[int, datetime]:
        """When each rep was last given a booking (round-robin order)."""
        rows = self.session.execute(select(Meeting.rep_id, func.max(Meeting.created_at)).group_by(Meeting.rep_id))
        return {rep_id: created for rep_id, created in rows}

    def add_meeting(self, meeting: Meeting) -> Meeting:
        self.session.add(meeting)
        self.session.flush()
        return meeting

    def meeting(self, public_id: str) -> Meeting | None:
        return self.session.scalar(select(Meeting).options(selectinload(Meeting.rep), selectinload(Meeting.lead))
                                   .where(Meeting.public_id == public_id))

    def meetings_of(self, lead_id: int) -> list[Meeting]:
        return list(self.session.scalars(select(Meeting).options(selectinload(Meeting.rep))
                                         .where(Meeting.lead_id == lead_id).order_by(Meeting.id)))

    def upcoming(self, now: datetime, limit: int = 100) -> list[Meeting]:
        return list(self.session.scalars(
            select(Meeting).options(selectinload(Meeting.rep), selectinload(Meeting.lead))
            .where(Meeting.status == str(MeetingStatus.BOOKED), Meeting.ends_at > now)
            .order_by(Meeting.starts_at).limit(limit)))

    def get_rep(self, rep_id: int) -> Rep | None:
        return self.session.get(Rep, rep_id)

    def lead_of(self, sender_id: str) -> Lead | None:
        return self.session.scalar(select(Lead).where(Lead.sender_id == sender_id))

    def queue_email(self, meeting: Meeting, recipient: str, subject: str, body: str, calendar: str,
                    method: str) -> None:
        self.session.add(MeetingEmail(meeting_id=meeting.id, recipient=recipient, subject=subject, body=body,
                                      calendar=calendar, method=method, status="pending", attempts=0,
                                      next_attempt_at=utcnow()))

    def due_emails(self, now: datetime, limit: int = 20) -> list[MeetingEmail]:
        return list(self.session.scalars(select(MeetingEmail).where(
            MeetingEmail.status == "pending", MeetingEmail.next_attempt_at <= now)
            .order_by(MeetingEmail.id).limit(limit)))

    def email_sent(self, email: MeetingEmail) -> None:
        email.status, email.sent_at, email.attempts = "sent", utcnow(), email.attempts + 1
        email.last_error = None

    def email_failed(self, email: MeetingEmail, error: str, retry_in: timedelta) -> None:
        email.attempts += 1
        email.last_error = error[:2000]
        email.next_attempt_at = utcnow() + retry_in

    def emails_of(self, meeting_ids: Sequence[int]) -> list[MeetingEmail]:
        return list(self.session.scalars(select(MeetingEmail).where(MeetingEmail.meeting_id.in_(meeting_ids))))
