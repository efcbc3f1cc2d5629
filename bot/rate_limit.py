"""A sliding-window counter per key: the one rate-limiting mechanism (sign-ins, public chat). In this process
on the default profile; in Redis when REDIS_URL is set, so several Rasa servers or web workers share one count
(otherwise a visitor behind the balancer would get the limit once per server)."""

from __future__ import annotations

import logging
import math
import secrets
import time
from collections import deque

import redis

logger = logging.getLogger(__name__)
REDIS_TIMEOUT_SECONDS = 0.25  # a limiter must never hold up a chat: Redis answers on loopback in well under this
REDIS_RETRY_SECONDS = 30.0  # after a Redis error, count in this process for this long before trying again

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


class RedisSlidingWindow:
    """The same counts in Redis (a sorted set of event times per key, expiring with the window). If Redis fails,
    counting continues in this process for a while, so a Redis outage never stops the chat or sign-ins."""

    def __init__(self, redis_url: str, window: float, prefix: str) -> None:
        self.window = window
        self.prefix = prefix
        self.client = redis.Redis.from_url(redis_url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                           socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
        self.local = SlidingWindow(window)
        self._redis_down_until = 0.0

    def _usable(self) -> bool:
        return time.monotonic() >= self._redis_down_until

    def _failed(self) -> None:
        logger.warning("rate limits counted in this process for %.0f s: Redis did not answer", REDIS_RETRY_SECONDS,
                       exc_info=True)
        self._redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS

    def count(self, key: str, now: float) -> int:
        if self._usable():
            try:
                pipe = self.client.pipeline()
                pipe.zremrangebyscore(self.prefix + key, "-inf", now - self.window)
                pipe.zcard(self.prefix + key)
                return int(pipe.execute()[1])
            except redis.RedisError:
                self._failed()
        return self.local.count(key, now)

    def record(self, key: str, now: float) -> None:
        if self._usable():
            try:
                pipe = self.client.pipeline()
                pipe.zadd(self.prefix + key, {f"{now}:{secrets.token_hex(4)}": now})
                pipe.expire(self.prefix + key, math.ceil(self.window) + 1)
                pipe.execute()
                return
            except redis.RedisError:
                self._failed()
        self.local.record(key, now)

    def clear(self, key: str) -> None:
        self.local.clear(key)
        if self._usable():
            try:
                self.client.delete(self.prefix + key)
            except redis.RedisError:
                self._failed()


def sliding_window(window: float, redis_url: str = "", prefix: str = "") -> SlidingWindow | RedisSlidingWindow:
    """Counts shared through Redis when `redis_url` is set, else in this process."""
    return RedisSlidingWindow(redis_url, window, f"leadbot:limit:{prefix}") if redis_url else SlidingWindow(window)
