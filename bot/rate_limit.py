"""A sliding-window counter per key: the one rate-limiting mechanism (sign-ins, public chat)."""

from __future__ import annotations

from collections import defaultdict, deque


class SlidingWindow:
    """Counts events per key within the last `window` seconds (in memory, per process)."""

    def __init__(self, window: float) -> None:
        self.window = window
        self._events: dict[str, deque] = defaultdict(deque)

    def count(self, key: str, now: float) -> int:
        events = self._events.get(key)
        if events is None:
            return 0
        while events and events[0] <= now - self.window:
            events.popleft()
        if not events:
            del self._events[key]  # keys of visitors who went quiet must not pile up in memory
            return 0
        return len(events)

    def record(self, key: str, now: float) -> None:
        self._events[key].append(now)

    def clear(self, key: str) -> None:
        self._events.pop(key, None)
