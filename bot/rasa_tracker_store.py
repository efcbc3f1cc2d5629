"""Rasa's SQL tracker store plus the lead bookkeeping that must follow each saved turn."""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db.engine import configure_sqlite_engine
from bot.handoff.desk import handoff_desk
from bot.memory import forget_visitor

FORGET_ACTION = "action_forget_visitor"
logger = logging.getLogger(__name__)


def forget_requested_this_turn(tracker: DialogueStateTracker) -> bool:
    """True when the forget action ran after the visitor's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return True
    return False


def intents_of(tracker: DialogueStateTracker) -> list[str]:
    """The intents of the visitor's messages in this session, oldest first."""
    return [event.intent_name for event in tracker.events if isinstance(event, UserUttered) and event.intent_name]


class LeadAwareSQLTrackerStore(SQLTrackerStore):
    """Stores conversations like `SQLTrackerStore`, then keeps the lead in step with them.

    - After a confirmed "forget me" it erases the conversation: the forget action already deleted the lead
      rows, but Rasa saves the turn's events afterwards, so only here can they be removed for good.
    - Otherwise it recomputes the lead's warmth from the turn just saved.
    """

    def __init__(self, host: str | None = None, **kwargs: Any) -> None:
        super().__init__(host=host, **kwargs)
        self.database_url = str(host)
        configure_sqlite_engine(self.engine)  # WAL, busy timeout: Rasa shares the file with two processes
        if self.engine.dialect.name != "sqlite":
            # Rasa's engine keeps dead connections after a database restart; pre-ping replaces them, so
            # the first message after an outage succeeds instead of failing once more.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        handoff_desk()  # load data/warmth.yml now: a bad file stops the server at start, not mid-chat

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if forget_requested_this_turn(tracker):
            forget_visitor(self.database_url, tracker.sender_id)
            return
        intents = intents_of(tracker)
        if intents:
            handoff_desk().rescore(tracker.sender_id, intents, tracker.current_slot_values())
