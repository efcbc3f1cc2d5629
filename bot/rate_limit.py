"""A sliding-window counter per key: the one rate-limiting mechanism (sign-ins, public chat)."""

from __future__ import annotations

from collections import deque

MAX_KEYS = 100_000  # past this, the keys that went quiet longest are dropped first


class SlidingWindow:
    """Counts events per key within the last `window` seconds (in memory, per process).

    Memory is bounded: once per window every key whose last event has left the window is dropped (visitor ids
    that went quiet), and never more than `max_keys` are kept.
    """

    def __init__(self, window: float, max_keys: int = MAX_KEYS) -> None:
        self.window = window
        self.max_keys = max_keys
        self._events: dict[str, deque] = {}  # insertion order = order of each key's latest event
        self._swept_at = float("-inf")

    def count(self, key: str, now: float) -> int:
        events = self._events.get(key)
        if events is None:
            return 0
        while events and events[0] <= now - self.window:
            events.popleft()
        if not events:
            del self._events[key]
            return 0
        return len(events)

    def record(self, key: str, now: float) -> None:
        events = self._events.pop(key, None) or deque()
        events.append(now)
        self._events[key] = events  # moved to the end: the dict stays ordered by latest event
        if now - self._swept_at >= self.window:
            self._sweep(now)
        while len(self._events) > self.max_keys:
            del self._events[next(iter(self._events))]

    def clear(self, key: str) -> None:
        self._events.pop(key, None)

    def __len__(self) -> int:
        return len(self._events)

    def _sweep(self, now: float) -> None:
        self._swept_at = now
        for key in [k for k, events in self._events.items() if events[-1] <= now - self.window]:
            del self._events[key]
