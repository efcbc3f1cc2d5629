"""Telling reps about a handoff: a Slack-compatible webhook and/or email, from an outbox with retries."""

from __future__ import annotations

import json
import smtplib
import urllib.request
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy.orm import Session

from bot import smtp_sender
from bot.db.models import Handoff, Notification
from bot.db.repository import Repository
from bot.outbox import work_through
from bot.profile.contact_preferences import for_reps
from bot.profile.contact_rules import preferences_of
from bot.retry_schedule import backoff
from bot.settings import HandoffSettings


def notification_text(handoff: Handoff, inbox_url: str) -> tuple[str, str]:
    """Subject and body: who, how warm and why, how they want to be contacted, what they said, the inbox link."""
    reasons = ", ".join(json.loads(handoff.warmth_reasons or "[]")) or "no signals yet"
    subject = f"Warm lead ({handoff.warmth_score}/100): {handoff.reason}"
    preferences = for_reps(preferences_of(handoff.lead))
    contact = f"How they want to be contacted: {preferences}\n\n" if preferences else ""
    body = (f"{subject}\n\nWarmth {handoff.warmth_score}/100 because: {reasons}\n\n{contact}{handoff.summary}\n\n"
            f"Open the conversation: {inbox_url}/handoffs/{handoff.id}\n")
    return subject, body


def send_webhook(url: str, text: str) -> None:
    request = urllib.request.Request(url, data=json.dumps({"text": text}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status >= 300:
            raise OSError(f"webhook answered {response.status}")


def send_email(settings: HandoffSettings, subject: str, body: str) -> None:
    message = EmailMessage()
    message["Subject"] = subject
    message["To"] = ", ".join(settings.notify_emails)
    message.set_content(body)
    smtp_sender.send(settings, message)


def _send(notification: Notification, settings: HandoffSettings) -> None:
    subject, body = notification_text(notification.handoff, settings.inbox_url)
    if notification.channel == "webhook":
        send_webhook(settings.webhook_url, body)
    elif notification.channel == "email":
        send_email(settings, subject, body)
    else:
        raise ValueError(f"unknown notification channel {notification.channel!r}")


def deliver_due_notifications(database_url: str, settings: HandoffSettings, now: datetime) -> tuple[int, int]:
    """Try every notification that is due; return (sent, failed). Failures are rescheduled with backoff."""

    def attempt(session: Session, notification_id: int) -> bool | None:
        repo, notification = Repository(session), session.get(Notification, notification_id)
        if notification is None:  # its handoff was deleted with a forgotten visitor meanwhile
            return None
        try:
            _send(notification, settings)
        except (OSError, smtplib.SMTPException, ValueError) as error:
            repo.notification_failed(notification, f"{type(error).__name__}: {error}",
                                     backoff(notification.attempts + 1))
            return False
        repo.notification_sent(notification)
        return True

    return work_through(database_url, lambda session: [n.id for n in Repository(session).due_notifications(now)],
                        attempt)
