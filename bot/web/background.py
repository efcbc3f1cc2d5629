"""Work the web app does off the request path: sending notifications, and claim timeouts."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta, timezone

from aiohttp import web

from bot.db.off_loop import off_loop
from bot.handoff.lifecycle import expire_unclaimed
from bot.handoff.notify import deliver_due_notifications

logger = logging.getLogger(__name__)
NOTIFY_EVERY_SECONDS = 2.0
TIMEOUT_CHECK_EVERY_SECONDS = 5.0


async def _forever(every: float, work: Callable[[], Awaitable[None]], name: str) -> None:
    while True:
        try:
            await work()
        except asyncio.CancelledError:
            raise
        except Exception:  # a background loop must survive any one failure; it is logged
            logger.exception("background task %s failed; retrying", name)
        await asyncio.sleep(every)


async def background_tasks(app: web.Application) -> AsyncIterator[None]:
    """Notifications and claim timeouts run while the app runs (an aiohttp cleanup context)."""
    settings, handoff_settings = app["settings"], app["handoff_settings"]
    timeout = timedelta(minutes=handoff_settings.claim_timeout_minutes)

    async def notify() -> None:
        await off_loop(deliver_due_notifications, settings.database_url, handoff_settings, datetime.now(timezone.utc))

    async def expire() -> None:
        await expire_unclaimed(settings.database_url, app["rasa"], timeout, datetime.now(timezone.utc))

    tasks = [asyncio.create_task(_forever(NOTIFY_EVERY_SECONDS, notify, "notify")),
             asyncio.create_task(_forever(TIMEOUT_CHECK_EVERY_SECONDS, expire, "claim-timeout"))]
    yield
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
