"""Exactly once: a visitor message sent again with the same client message id (a widget retrying after a
reconnect, a proxy retrying a request) is not a new turn; it is answered with the replies the first one got.

Remembered for a window: in this process on the default profile, in Redis when several Rasa servers share the
visitors (REDIS_URL), because a retry can reach another server. A repeat that arrives while the first is still
being answered waits for those replies. If the first failed, the repeat is handled as new. In Redis the first
attempt's claim is a short lease, not the window: a server killed mid-answer leaves a claim nobody will finish,
and a repeat takes the message over once it lapses (if that turn was saved, answered_once.py replies from it).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import redis.asyncio as redis

from bot.rasa_ext.channels.chat_input import MESSAGE_ID_PATTERN

WINDOW_SECONDS = 600.0
WAIT_SECONDS = 30.0  # a repeat waits this long at most for the first one's replies
CLAIM_SECONDS = 10  # Redis: how long a first attempt's claim outlives its server
MAX_REMEMBERED = 50_000  # memory bound for the in-process guard: oldest forgotten first

Replies = list[dict[str, Any]]
Handle = Callable[[], Awaitable[Replies]]


def message_key(conversation_id: str, message_id: Any) -> str | None:
    """The key a message is remembered by, or None when it carries no usable client id (then never deduplicated)."""
    if not isinstance(message_id, str) or not MESSAGE_ID_PATTERN.fullmatch(message_id):
        return None
    return f"{conversation_id}:{message_id}"


class RepeatGuard(Protocol):
    async def once(self, key: str | None, handle: Handle) -> tuple[Replies, bool]:
        """The replies to the message, and whether they are the first attempt's (a repeat)."""
        ...


class LocalRepeatGuard:
    """Remembers message ids in this process."""

    def __init__(self, window: float = WINDOW_SECONDS, max_remembered: int = MAX_REMEMBERED) -> None:
        self.window, self.max_remembered = window, max_remembered
        self._seen: OrderedDict[str, tuple[float, asyncio.Future[Replies | None]]] = OrderedDict()

    def _forget_old(self, now: float) -> None:
        while self._seen and (len(self._seen) > self.max_remembered
                              or next(iter(self._seen.values()))[0] < now - self.window):
            self._seen.popitem(last=False)

    async def once(self, key: str | None, handle: Handle) -> tuple[Replies, bool]:
        if key is None:
            return await handle(), False
        now = time.monotonic()
        self._forget_old(now)
        if (seen := self._seen.get(key)) is not None:
            replies = await asyncio.wait_for(asyncio.shield(seen[1]), WAIT_SECONDS)
            if replies is not None:
                return replies, True
        first: asyncio.Future[Replies | None] = asyncio.get_running_loop().create_future()
        self._seen[key] = (now, first)
        try:
            replies = await handle()
        except BaseException:
            self._seen.pop(key, None)
            first.set_result(None)  # waiting repeats handle the message themselves
            raise
        first.set_result(replies)
        return replies, False


class RedisRepeatGuard:
    """Remembers message ids in Redis, shared by every Rasa server."""

    def __init__(self, redis_url: str, window: float = WINDOW_SECONDS, claim_seconds: int = CLAIM_SECONDS) -> None:
        self.client = redis.Redis.from_url(redis_url, socket_timeout=2)
        self.window, self.claim_seconds = int(window), claim_seconds

    async def once(self, key: str | None, handle: Handle) -> tuple[Replies, bool]:
        if key is None:
            return await handle(), False
        name = f"leadbot:message:{key}"
        deadline = time.monotonic() + WAIT_SECONDS
        while not await self.client.set(name, "", nx=True, ex=self.claim_seconds):
            stored = await self.client.get(name)
            if stored:  # the first attempt's replies
                return json.loads(stored), True
            if time.monotonic() > deadline:
                raise TimeoutError(f"the first attempt of {key} is still being answered")
            await asyncio.sleep(0.1)  # being answered by another attempt (perhaps on another server)
        try:
            replies = await handle()
        except BaseException:
            await self.client.delete(name)
            raise
        await self.client.set(name, json.dumps(replies), ex=self.window)
        return replies, False


def repeat_guard(redis_url: str) -> RepeatGuard:
    return RedisRepeatGuard(redis_url) if redis_url else LocalRepeatGuard()
