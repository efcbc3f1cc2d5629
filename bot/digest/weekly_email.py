"""The weekly digest email: queued once per recipient and week, built from the data when it is sent (so a
visitor forgotten meanwhile is not in it), retried with backoff through the outbox."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import smtp_sender
from bot.db.digest_repository import DigestRepository
from bot.db.engine import session_scope
from bot.db.models import DigestEmail
from bot.digest.render import digest_html, digest_markdown
from bot.digest.unmet_needs import build_digest, monday_of
from bot.outbox import work_through
from bot.retry_schedule import backoff
from bot.settings import HandoffSettings


def last_full_week(now: datetime) -> date:
    """The Monday starting the most recent week that has ended."""
    return monday_of(now.date()) - timedelta(days=7)


def queue_weekly_digest(database_url: str, recipients: tuple[str, ...], now: datetime) -> int:
    """Queue last week's digest for each recipient who has not had it; returns how many were queued."""
    if not recipients:
        return 0
    try:
        with session_scope(database_url) as session:
            return DigestRepository(session).queue_digest(last_full_week(now).isoformat(), recipients, now)
    except IntegrityError:  # another web worker queued the same week at the same moment
        return 0


def digest_message(week_start: date, recipient: str, database_url: str) -> EmailMessage:
    digest = build_digest(database_url, week_start)
    message = EmailMessage()
    message["Subject"] = f"What visitors wanted and we could not help with (week of {week_start})"
    message["To"] = recipient
    message.set_content(digest_markdown(digest))
    message.add_alternative(digest_html(digest), subtype="html")
    return message


def deliver_due_digests(database_url: str, settings: HandoffSettings, now: datetime) -> tuple[int, int]:
    """Try every digest email that is due; return (sent, failed)."""

    def attempt(session: Session, email_id: int) -> bool | None:
        repo, email = DigestRepository(session), session.get(DigestEmail, email_id)
        if email is None:
            return None
        message = digest_message(date.fromisoformat(email.week), email.recipient, database_url)
        if (error := smtp_sender.deliver(settings, message)) is not None:
            repo.digest_failed(email, error, backoff(email.attempts + 1))
            return False
        repo.digest_sent(email)
        return True

    return work_through(database_url, lambda session: [e.id for e in DigestRepository(session).due_digests(now)],
                        attempt)
