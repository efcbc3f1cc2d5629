"""Sends queued meeting emails (text, plus the invitation as text/calendar), retried with backoff."""

from __future__ import annotations

import smtplib
from datetime import datetime
from email.message import EmailMessage

from bot import smtp_sender
from bot.db.engine import session_scope
from bot.db.meeting_repository import MeetingRepository
from bot.db.models import MeetingEmail
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
    sent = failed = 0
    with session_scope(database_url) as session:
        due_ids = [email.id for email in MeetingRepository(session).due_emails(now)]
    for email_id in due_ids:  # one unit of work each: no lock is held while the server is slow
        with session_scope(database_url) as session:
            repo = MeetingRepository(session)
            email = session.get(MeetingEmail, email_id)
            if email is None:  # the visitor was forgotten meanwhile
                continue
            try:
                smtp_sender.send(settings, email_message(email))
            except (OSError, smtplib.SMTPException) as error:
                repo.email_failed(email, f"{type(error).__name__}: {error}", backoff(email.attempts + 1))
                failed += 1
            else:
                repo.email_sent(email)
                sent += 1
    return sent, failed
