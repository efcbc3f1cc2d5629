"""The page a visitor is chatting from, for actions that word things by page (data/openings.yml)."""

from __future__ import annotations

from functools import lru_cache

from rasa_sdk import Tracker

from bot.visits.page_context import PageContext, page_from_metadata
from bot.visits.page_openings import PageOpenings, load_page_openings


@lru_cache(maxsize=1)
def page_openings() -> PageOpenings:
    """The process-wide openings (checked when the action server starts; a bad file fails loudly)."""
    return load_page_openings()


def page_of_latest_message(tracker: Tracker) -> PageContext | None:
    """The page the widget reported with the visitor's latest message (None over REST, or without one)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return page_from_metadata(event.get("metadata"))
    return None
