"""Rasa's SQL tracker store, extended so a conversation is erased when the visitor asks to be forgotten."""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.memory import forget_visitor

FORGET_ACTION = "action_forget_visitor"


def forget_requested_this_turn(tracker: DialogueStateTracker) -> bool:
    """True when the forget action ran after the visitor's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return True
    return False


class ForgettingSQLTrackerStore(SQLTrackerStore):
    """Stores conversations like `SQLTrackerStore`; after a confirmed "forget me" it erases them.

    The forget action deletes the lead rows, but Rasa saves the turn's events afterwards, so the
    conversation itself can only be erased here, once that save has happened.
    """

    def __init__(self, host: str | None = None, **kwargs: Any) -> None:
        super().__init__(host=host, **kwargs)
        self.database_url = str(host)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if forget_requested_this_turn(tracker):
            forget_visitor(self.database_url, tracker.sender_id)
