"""The right of access by email: at the visitor's request, a copy of everything stored about them (the same
document as `python -m bot export`) goes to the address they shared with consent, never to one typed for the
occasion (the product must not mail strangers). At most a few a day per visitor; built when sent, retried with
backoff through the outbox, and dropped with the lead if they are forgotten first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy.orm import Session

from bot import smtp_sender
from bot.db.engine import session_scope
from bot.db.export_email_repository import ExportEmailRepository
from bot.db.models import DataExportEmail
from bot.db.repository import Repository
from bot.outbox import work_through
from bot.profile.visitor_export import visitor_export
from bot.retry_schedule import backoff
from bot.settings import HandoffSettings

MAX_PER_DAY = 3

SENT, NO_ADDRESS, TOO_MANY = "sent", "no_address", "too_many"


@dataclass(frozen=True)
class ExportRequest:
    outcome: str  # SENT (queued), NO_ADDRESS or TOO_MANY
    address: str = ""  # masked, for the chat: d***@example.com


def masked(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def request_export_email(database_url: str, sender_id: str, now: datetime) -> ExportRequest:
    """Queue a copy to the visitor's consented address, unless they have none or asked too often today."""
    with session_scope(database_url) as session:
        lead = Repository(session).get_lead(sender_id)
        if lead is None or not lead.email or lead.consent_at is None:
            return ExportRequest(NO_ADDRESS)
        outbox = ExportEmailRepository(session)
        if outbox.requested_since(lead, now - timedelta(days=1)) >= MAX_PER_DAY:
            return ExportRequest(TOO_MANY, masked(lead.email))
        outbox.queue(lead, now)
        return ExportRequest(SENT, masked(lead.email))


def export_message(sender_id: str, recipient: str, database_url: str) -> EmailMessage | None:
    document = visitor_export(database_url, sender_id)
    if document is None:
        return None
    message = EmailMessage()
    message["Subject"] = "Your data, as you asked"
    message["To"] = recipient
    message.set_content("You asked for a copy of everything we store about you. It is attached as JSON: your "
                        "profile, consent, what you told us, our recommendations, conversations with our team, "
                        "meetings and the conversation itself.\n\nTo have it all deleted, say \"forget me\" in "
                        "the chat.\n")
    message.add_attachment(json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8"),
                           maintype="application", subtype="json", filename="your-data.json")
    return message


def deliver_due_export_emails(database_url: str, settings: HandoffSettings, now: datetime) -> tuple[int, int]:
    """Try every requested copy that is due; return (sent, failed)."""

    def attempt(session: Session, email_id: int) -> bool | None:
        email = session.get(DataExportEmail, email_id)
        if email is None:  # forgotten meanwhile: the request went with them
            return None
        message = export_message(email.lead.sender_id, email.recipient, database_url)
        if message is None:
            return None
        outbox = ExportEmailRepository(session)
        if (error := smtp_sender.deliver(settings, message)) is not None:
            outbox.failed(email, error, now + backoff(email.attempts + 1))
            return False
        outbox.sent(email, now)
        return True

    return work_through(database_url, lambda session: ExportEmailRepository(session).due(now), attempt)
