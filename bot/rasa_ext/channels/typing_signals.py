"""Who is typing right now, between a visitor and the rep talking with them.

The widget reports its visitor's typing (only while a person is in the chat); the inbox asks for it through
the Rasa server. Kept for a few seconds: in this process, or in Redis when several Rasa servers share the
visitors (REDIS_URL), because the inbox's question can reach any of them.
"""

from __future__ import annotations

import time
from typing import Protocol

import redis

TYPING_SECONDS = 6.0
MAX_CONVERSATIONS = 50_000  # memory bound: a flood of typing reports cannot grow the map without limit


class TypingSignals(Protocol):
    def record(self, conversation_id: str) -> None: ...

    def is_typing(self, conversation_id: str) -> bool: ...


class LocalTypingSignals:
    """In this process: enough for one Rasa server."""

    def __init__(self, seconds: float = TYPING_SECONDS, max_conversations: int = MAX_CONVERSATIONS) -> None:
        self.seconds = seconds
        self.max_conversations = max_conversations
        self._last: dict[str, float] = {}

    def record(self, conversation_id: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if len(self._last) >= self.max_conversations:
            self._last = {key: at for key, at in self._last.items() if now - at < self.seconds}
            if len(self._last) >= self.max_conversations:
                return  # still full of live signals: drop this one rather than grow
        self._last[conversation_id] = now

    def is_typing(self, conversation_id: str, now: float | None = None) -> bool:
        at = self._last.get(conversation_id)
        return at is not None and (time.monotonic() if now is None else now) - at < self.seconds


class RedisTypingSignals:
    """In Redis, shared by every Rasa server; each signal expires by itself."""

    def __init__(self, redis_url: str, seconds: float = TYPING_SECONDS) -> None:
        self.client = redis.Redis.from_url(redis_url, socket_timeout=1)
        self.milliseconds = int(seconds * 1000)

    def record(self, conversation_id: str) -> None:
        self.client.set(f"leadbot:typing:{conversation_id}", b"1", px=self.milliseconds)

    def is_typing(self, conversation_id: str) -> bool:
        return bool(self.client.exists(f"leadbot:typing:{conversation_id}"))


def typing_signals(redis_url: str) -> TypingSignals:
    return RedisTypingSignals(redis_url) if redis_url else LocalTypingSignals()
