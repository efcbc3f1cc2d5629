"""When an outbox row (a notification, an event delivery) is tried again after a failed attempt."""

from __future__ import annotations

from datetime import timedelta

MAX_BACKOFF = timedelta(minutes=10)
FIRST_BACKOFF = timedelta(seconds=5)


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s, ... capped at 10 minutes."""
    return min(MAX_BACKOFF, FIRST_BACKOFF * (2 ** max(0, attempts - 1)))
