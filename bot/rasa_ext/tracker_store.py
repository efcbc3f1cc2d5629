"""Rasa's SQL tracker store, made cheap per message, with the product's after-turn work (bot/after_turn.py).

Hooks: `retrieve` and `save`, which Rasa calls once each per handled message.
- `retrieve` checks with one small query (event count and newest timestamp) that the database still holds what
  this process saved for the sender, and then reuses the tracker it kept (bot/rasa_ext/tracker_cache.py);
  otherwise it reads the conversation as Rasa does. When the sender has no conversation yet, the stored profile
  the session start restores is read on the same connection (bot/rasa_ext/session_start_profile.py).
- `save` writes the turn's events with one statement, and the after-turn work (forget, facts, warmth) in the
  same transaction. Rasa's own `save` counts the stored events with a query first and inserts them one by one.
  Only here can a confirmed "forget me" erase the conversation for good, since Rasa saves the turn's events
  after the forget action ran.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import AllSlotsReset, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.pool import QueuePool

from bot.after_turn import Turn, after_turn
from bot.conversation_events import slot_values, visitor_intents, visitor_pages
from bot.db.engine import configure_sqlite_engine, engine_for, session_scope
from bot.db.repository import Repository
from bot.handoff.desk import handoff_desk
from bot.profile.visitor_store import recall_from
from bot.rasa_ext.session_start_profile import profiles
from bot.rasa_ext.tracker_cache import KeptConversation, TrackerCache

logger = logging.getLogger(__name__)


class LeadAwareSQLTrackerStore(SQLTrackerStore):
    """Stores conversations in Rasa's `events` table, keeps recent ones in memory, and runs the after-turn
    work in the same transaction as each turn's events."""

    engine: sa.engine.Engine

    def __init__(self, host: str | None = None, **kwargs: Any) -> None:
        super().__init__(host=host, **kwargs)
        self.database_url = str(host)
        url = self.engine.url
        self.engine.dispose()
        if url.get_backend_name() == "sqlite":
            # Rasa's engine would open (and set up) a new SQLite connection for every query; pool them.
            self.engine = sa.create_engine(url, poolclass=QueuePool, connect_args={"check_same_thread": False})
            configure_sqlite_engine(self.engine)  # WAL, busy timeout: Rasa shares the file with two processes
        else:
            # Rasa's engine keeps dead connections after a database restart; pre-ping replaces them, so
            # the first message after an outage succeeds instead of failing once more.
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        self.cache = TrackerCache()
        table = self.SQLEvent.__table__
        # Built once: SQLAlchemy would otherwise rebuild and re-key them on every message.
        self._stored_query = sa.select(sa.func.count(), sa.func.max(table.c.timestamp)).where(
            table.c.sender_id == sa.bindparam("sender"))
        self._insert_events = sa.insert(table)
        handoff_desk()  # load data/warmth.yml now: a bad file stops the server at start, not mid-chat

    @property
    def domain(self) -> Domain:
        return self._domain

    @domain.setter
    def domain(self, domain: Domain) -> None:
        """A new model brings its domain (slots, forms): trackers kept for the old one are read afresh."""
        self._domain = domain
        if hasattr(self, "cache"):
            self.cache.clear()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The sender's tracker for the latest session: the kept one while the database agrees with it."""
        with engine_for(self.database_url).connect() as connection:  # a read: nothing to commit
            stored_count, newest = connection.execute(self._stored_query, {"sender": sender_id}).one()
            if not stored_count:  # a session starts: what we know of them, in the same round trip's connection
                with sa.orm.Session(bind=connection) as session:
                    profiles.leave(sender_id, recall_from(Repository(session), sender_id))
        kept = self.cache.get(sender_id)
        if kept is not None and kept.matches(stored_count, newest):
            return kept.tracker
        tracker = await super().retrieve(sender_id) if stored_count else None
        self.cache.keep(sender_id, _kept_as_read(tracker, stored_count, newest))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the events the database lacks and the after-turn work, in one transaction."""
        sender_id = tracker.sender_id
        kept = self.cache.get(sender_id)
        if kept is not None and (kept.tracker is tracker or (kept.tracker is None and kept.stored_count == 0)):
            already_saved = kept.saved_length if kept.tracker is tracker else 0
            intents, slots_before, lead = list(kept.intents), kept.slots, kept.lead
            visited = list(kept.visited)
        else:  # not read through this store (or changed since): count what is stored, as Rasa does
            with self.session_scope() as session:
                already_saved = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
            earlier = [_readable(event) for event in itertools.islice(tracker.events, already_saved)]
            intents, slots_before, lead = visitor_intents(earlier), slot_values(earlier), None
            visited = visitor_pages(earlier)
            kept = None
        new_events = list(itertools.islice(tracker.events, already_saved, None))
        if self.event_broker is not None:
            await self._stream_new_events(self.event_broker, new_events, sender_id)
        data = [event.as_dict() for event in new_events]
        visited += [page for page in visitor_pages(data) if page not in visited]
        turn = Turn(sender_id, data, intents + visitor_intents(data), slots_before, tracker.current_slot_values(),
                    visited)
        with session_scope(self.database_url) as session:
            done = after_turn(session, handoff_desk(), turn, lead)
            if not done.forgotten and new_events:
                session.execute(self._insert_events, [
                    _row(sender_id, event, item) for event, item in zip(new_events, data, strict=True)])
        if done.forgotten or kept is None or _session_restarted(new_events, already_saved):
            self.cache.drop(sender_id)  # read it afresh next time
            return
        timestamps = [event.timestamp for event in new_events]
        self.cache.keep(sender_id, KeptConversation(
            tracker=tracker, saved_length=len(tracker.events), stored_count=kept.stored_count + len(new_events),
            newest_timestamp=max([*timestamps, kept.newest_timestamp or float("-inf")]) if timestamps
            else kept.newest_timestamp,
            intents=list(turn.intents), visited=list(turn.visited), slots=turn.slots, lead=done.lead))


def _kept_as_read(tracker: DialogueStateTracker | None, stored_count: int, newest: float | None) -> KeptConversation:
    if tracker is None:
        return KeptConversation(None, 0, stored_count, newest)
    intents = [event.intent.get(INTENT_NAME_KEY) for event in tracker.events if isinstance(event, UserUttered)]
    user_metadata = [{"event": "user", "metadata": event.metadata} for event in tracker.events
                     if isinstance(event, UserUttered)]
    return KeptConversation(tracker, len(tracker.events), stored_count, newest,
                            intents=[name for name in intents if name], visited=visitor_pages(user_metadata),
                            slots=tracker.current_slot_values())


def _readable(event: Event) -> dict[str, Any]:
    """The event as the after-turn helpers read it (only what they look at is converted)."""
    return event.as_dict() if isinstance(event, (UserUttered, SlotSet, SessionStarted, AllSlotsReset)) else {}


def _session_restarted(new_events: list[Event], already_saved: int) -> bool:
    """True when a session started after earlier events: Rasa would read back only the new session."""
    return any(isinstance(event, SessionStarted) and already_saved + index > 1
               for index, event in enumerate(new_events))


def _row(sender_id: str, event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """The `events` row Rasa's `SQLTrackerStore.save` would write for `event`."""
    return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"), "data": json.dumps(data)}
