"""Working through an outbox (notifications, event deliveries, meeting emails): one unit of work per row."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session

from bot.db.engine import session_scope


def work_through(database_url: str, due_ids: Callable[[Session], Iterable[int]],
                 attempt: Callable[[Session, int], bool | None]) -> tuple[int, int]:
    """Read the ids of the rows due now, then `attempt` each in its own unit of work, so no lock is held while a
    receiver is slow. `attempt` answers True (sent), False (failed, rescheduled) or None (the row is gone).
    Returns (sent, failed)."""
    with session_scope(database_url) as session:
        ids = list(due_ids(session))
    sent = failed = 0
    for row_id in ids:
        with session_scope(database_url) as session:
            outcome = attempt(session, row_id)
        sent += outcome is True
        failed += outcome is False
    return sent, failed
