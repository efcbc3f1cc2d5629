"""Sends one email through the SMTP server configured in `.env` (handoff notices, meeting invitations)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from bot.settings import HandoffSettings


def send(settings: HandoffSettings, message: EmailMessage) -> None:
    """Deliver `message` (From is set here); raises OSError or SMTPException when the server refuses."""
    if not settings.smtp_host:
        raise OSError("SMTP_HOST is not set, so email cannot be sent; set it in .env")
    message["From"] = settings.smtp_from
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)


def deliver(settings: HandoffSettings, message: EmailMessage) -> str | None:
    """Send `message`; None when the server took it, else why not (for an outbox row to retry with backoff)."""
    try:
        send(settings, message)
    except (OSError, smtplib.SMTPException) as error:
        return f"{type(error).__name__}: {error}"
    return None
