"""Queries on the outbox of data copies emailed to visitors at their request (one session each)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import DataExportEmail, Lead


class ExportEmailRepository:
    """Reads and writes the data-copy outbox within one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def requested_since(self, lead: Lead, since: datetime) -> int:
        return int(self.session.scalar(select(func.count(DataExportEmail.id)).where(
            DataExportEmail.lead_id == lead.id, DataExportEmail.created_at > since)) or 0)

    def queue(self, lead: Lead, now: datetime) -> None:
        self.session.add(DataExportEmail(lead_id=lead.id, recipient=lead.email, status="pending", attempts=0,
                                         next_attempt_at=now, created_at=now))

    def due(self, now: datetime, limit: int = 20) -> list[int]:
        return list(self.session.scalars(select(DataExportEmail.id).where(
            DataExportEmail.status == "pending", DataExportEmail.next_attempt_at <= now)
            .order_by(DataExportEmail.id).limit(limit)))

    def sent(self, email: DataExportEmail, now: datetime) -> None:
        email.status, email.sent_at, email.attempts, email.last_error = "sent", now, email.attempts + 1, None

    def failed(self, email: DataExportEmail, error: str, retry_at: datetime) -> None:
        email.attempts += 1
        email.last_error = error[:2000]
        email.next_attempt_at = retry_at

