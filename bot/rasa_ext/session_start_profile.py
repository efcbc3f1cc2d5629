"""A new conversation's stored profile, read by the Rasa process with its first query and handed to the session
start, so the action server does not read it again.

`action_session_start` restores what a returning visitor told us (facts, email, contact wishes) from SQL: one
more database round trip on the first turn of every conversation, in the action server. The tracker store
already asks the database about the sender on that turn (bot/rasa_ext/tracker_store.py); when the database has
no conversation for them, it reads the stored profile in the same query's connection and leaves it here. The
call to `action_session_start` that follows takes it and carries it in the action call's tracker as the
payload-only slot `PROFILE_PAYLOAD_SLOT` (never set on the conversation, never stored). Left unused, a profile
goes stale after `FRESH_SECONDS`; without one, the action server reads the profile itself, as before.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from bot.profile.visitor_store import PROFILE_PAYLOAD_SLOT, StoredProfile

FRESH_SECONDS = 10.0  # the session start runs right after the read, under the same conversation lock
MAX_WAITING = 10_000  # memory bound: the oldest are dropped first
SESSION_START = "action_session_start"


class SessionStartProfiles:
    """Profiles read for conversations about to start, each taken at most once."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._waiting: OrderedDict[str, tuple[float, StoredProfile]] = OrderedDict()

    def leave(self, sender_id: str, profile: StoredProfile) -> None:
        self._waiting[sender_id] = (self._clock(), profile)
        self._waiting.move_to_end(sender_id)
        while len(self._waiting) > MAX_WAITING:
            self._waiting.popitem(last=False)

    def take(self, sender_id: str) -> StoredProfile | None:
        """The profile left for the sender if it is still fresh; it is gone either way."""
        left = self._waiting.pop(sender_id, None)
        if left is None or self._clock() - left[0] > FRESH_SECONDS:
            return None
        return left[1]

    def add_to_call(self, action_name: str, call: dict[str, Any]) -> None:
        """Put the profile left for the call's sender into an `action_session_start` call's tracker."""
        if action_name != SESSION_START:
            return
        profile = self.take(str(call.get("sender_id")))
        slots = call.get("tracker", {}).get("slots")
        if profile is not None and isinstance(slots, dict):
            slots[PROFILE_PAYLOAD_SLOT] = profile.as_payload()


profiles = SessionStartProfiles()  # the Rasa process's one
