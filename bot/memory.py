"""What the assistant remembers about a visitor, as plain calls the action server can make."""

from __future__ import annotations

from typing import Dict

from bot.db.engine import session_scope
from bot.db.repository import Repository


class VisitorMemory:
    """Records and recalls one visitor's facts in the SQL store, one unit of work per call."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    def remember(self, sender_id: str, kind: str, value: str) -> None:
        with session_scope(self.database_url) as session:
            Repository(session).record_fact(sender_id, kind, value)

    def recall(self, sender_id: str) -> Dict[str, str]:
        """The latest value of every fact the visitor gave, empty for a new visitor."""
        with session_scope(self.database_url) as session:
            return Repository(session).latest_facts(sender_id)
