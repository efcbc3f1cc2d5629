"""A returning visitor opened another page: record it as the page they are on now (the widget reports it
when it reconnects), so a rep sees where they are even before their next message."""

from __future__ import annotations

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.visits.page_context import PageContext


def record_page_view(database_url: str, sender_id: str, page: PageContext) -> None:
    """Make `page` the latest page of the visitor's lead; nothing for a visitor who never chatted or opted out."""
    with session_scope(database_url) as session:
        Repository(session).record_touches(sender_id, page)
