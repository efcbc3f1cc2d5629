"""The retention period: leads who never came back are purged, leaving only anonymous counts for the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.db.engine import session_scope
from bot.db.repository import Repository

BATCH = 200


@dataclass(frozen=True)
class RetentionResult:
    leads: int  # purged (or, in a dry run, that would be)
    conversation_events: int  # Rasa tracker events deleted with them
    cutoff: datetime


def purge_inactive(database_url: str, retention_days: int, now: datetime, dry_run: bool = False) -> RetentionResult:
    """Purge every lead last seen more than `retention_days` ago (none with a rep or a meeting ahead)."""
    cutoff = now - timedelta(days=retention_days)
    leads = events = 0
    while True:
        with session_scope(database_url) as session:  # one batch per unit of work: no long lock
            repo = Repository(session)
            batch = repo.inactive_leads(cutoff, BATCH)
            if dry_run:
                return RetentionResult(len(repo.inactive_leads(cutoff, None)), 0, cutoff)
            for lead in batch:
                events += repo.retire(lead, now)
            leads += len(batch)
        if len(batch) < BATCH:
            return RetentionResult(leads, events, cutoff)
