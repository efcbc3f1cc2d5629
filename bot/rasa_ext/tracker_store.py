"""Rasa's SQL tracker store, followed by the product's after-turn work (bot/after_turn.py)."""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.after_turn import after_turn
from bot.db.engine import configure_sqlite_engine
from bot.handoff.desk import handoff_desk

logger = logging.getLogger(__name__)
# The events the after-turn work reads; the rest (bot messages, predictions) are not converted.
_READ_EVENTS = (UserUttered, ActionExecuted, SlotSet, SessionStarted)


class LeadAwareSQLTrackerStore(SQLTrackerStore):
    """Stores conversations like `SQLTrackerStore`, then runs the after-turn work.

    Hook: `save`, which Rasa calls once per handled message, after the turn's last action. Only here can a
    confirmed "forget me" erase the conversation for good, since Rasa saves the turn's events after the
    forget action ran.
    """

    engine: sa.engine.Engine

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
        events = [event.as_dict() for event in tracker.events if isinstance(event, _READ_EVENTS)]
        after_turn(self.database_url, handoff_desk(), tracker.sender_id, events, tracker.current_slot_values())
