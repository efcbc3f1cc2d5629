"""Sends queued meeting emails (text, plus the invitation as text/calendar), retried with backoff."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from sqlalchemy.orm import Session

from bot import smtp_sender
from bot.db.meeting_repository import MeetingRepository
from bot.db.models import MeetingEmail
from bot.outbox import work_through
from bot.retry_schedule import backoff
from bot.settings import HandoffSettings


def email_message(email: MeetingEmail) -> EmailMessage:
    """The text for mail readers, the iTIP calendar part for calendars (RFC 6047), and an .ics to open."""
    message = EmailMessage()
    message["Subject"] = email.subject
    message["To"] = email.recipient
    message.set_content(email.body)
    message.add_alternative(email.calendar, subtype="calendar", params={"method": email.method})
    message.add_attachment(email.calendar.encode("utf-8"), maintype="application", subtype="ics",
                           filename="invite.ics")
    return message


def deliver_due_meeting_emails(database_url: str, settings: HandoffSettings, now: datetime) -> tuple[int, int]:
    """Try every meeting email that is due; return (sent, failed)."""

    def attempt(session: Session, email_id: int) -> bool | None:
        repo, email = MeetingRepository(session), session.get(MeetingEmail, email_id)
        if email is None:  # the visitor was forgotten meanwhile
            return None
        if (error := smtp_sender.deliver(settings, email_message(email))) is not None:
            repo.email_failed(email, error, backoff(email.attempts + 1))
            return False
        repo.email_sent(email)
        return True

    return work_through(database_url, lambda session: [e.id for e in MeetingRepository(session).due_emails(now)],
                        attempt)
