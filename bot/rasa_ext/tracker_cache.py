"""The conversations the Rasa process handled last, kept in memory between a visitor's messages.

Rebuilding a tracker from the database on every message (read all of this session's events, parse each, replay
it) costs more the longer the conversation is. A kept conversation is reused only while the database still
holds exactly what this process saved for it (same event count, same newest timestamp) and nobody changed the
kept tracker without saving it; anything else (another Rasa server, a "forget" from the command line, a failed
turn) means a fresh read.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.trackers import DialogueStateTracker

from bot.after_turn import LeadWritten

# A kept 9-message conversation costs ~115 KiB (events with their parse data, slot copies, the replayed history
# the rule policy reads; measured with tracemalloc): 500 of them bound the cache near 60 MiB, ten times the
# visitors one Rasa process serves within its latency goal. A visitor beyond them costs one read when they write.
DEFAULT_CAPACITY = 500
DEFAULT_IDLE_SECONDS = 600.0


@dataclass
class KeptConversation:
    """A tracker as last read or saved, and what the database held for its sender then."""

    tracker: DialogueStateTracker | None  # None: the database had no events for the sender
    saved_length: int  # len(tracker.events) when it matched the database
    stored_count: int  # the sender's events in the database, all sessions
    newest_timestamp: float | None
    intents: list[str] = field(default_factory=list)
    visited: list[tuple[str, str]] = field(default_factory=list)  # bot.conversation_events.visitor_pages
    slots: Mapping[str, Any] = field(default_factory=dict)
    lead: LeadWritten | None = None

    def matches(self, stored_count: int, newest_timestamp: float | None) -> bool:
        """True while the database holds what was saved and the tracker has no unsaved events."""
        unchanged = self.tracker is None or len(self.tracker.events) == self.saved_length
        return unchanged and (stored_count, newest_timestamp) == (self.stored_count, self.newest_timestamp)


class TrackerCache:
    """At most `capacity` kept conversations, the least recently used dropped first, and none idle for longer
    than `idle_seconds`: a visitor who left costs memory (and the garbage collector's time on every pass over
    the heap) for nothing, and coming back later only means one read from the database."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY, idle_seconds: float = DEFAULT_IDLE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity, self.idle_seconds, self._clock = capacity, idle_seconds, clock
        self._kept: OrderedDict[str, tuple[float, KeptConversation]] = OrderedDict()  # oldest use first

    def get(self, sender_id: str) -> KeptConversation | None:
        self._forget_idle()
        entry = self._kept.get(sender_id)
        if entry is None:
            return None
        self._kept[sender_id] = (self._clock(), entry[1])
        self._kept.move_to_end(sender_id)
        return entry[1]

    def keep(self, sender_id: str, kept: KeptConversation) -> None:
        self._kept[sender_id] = (self._clock(), kept)
        self._kept.move_to_end(sender_id)
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)

    def _forget_idle(self) -> None:
        cutoff = self._clock() - self.idle_seconds
        while self._kept and next(iter(self._kept.values()))[0] < cutoff:
            self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)

    def drop(self, sender_id: str) -> None:
        self._kept.pop(sender_id, None)

    def clear(self) -> None:
        self._kept.clear()
