"""Work the web app does off the request path: sending notifications, and claim timeouts."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.handoff.notify import deliver_due_notifications
from bot.rasa_ext.conversation_api import RasaConversationError, RasaConversations

logger = logging.getLogger(__name__)
NOTIFY_EVERY_SECONDS = 2.0
TIMEOUT_CHECK_EVERY_SECONDS = 5.0


def _unclaimed(database_url: str, cutoff: datetime) -> list[tuple[int, str]]:
    with session_scope(database_url) as session:
        return [(h.id, h.lead.sender_id) for h in Repository(session).unclaimed_since(cutoff)]


def _move(database_url: str, handoff_id: int, to_follow_up: bool) -> bool:
    with session_scope(database_url) as session:
        repo = Repository(session)
        if to_follow_up:
            return repo.move_to_follow_up(handoff_id)
        repo.requeue(handoff_id)
        return True


async def expire_unclaimed_handoffs(database_url: str, rasa: RasaConversations, timeout: timedelta,
                                    now: datetime) -> int:
    """Give unclaimed chats back to the bot, which apologises and offers a follow-up; return how many."""
    expired = 0
    for handoff_id, sender_id in await asyncio.to_thread(_unclaimed, database_url, now - timeout):
        if not await asyncio.to_thread(_move, database_url, handoff_id, True):
            continue  # a rep claimed it a moment ago
        try:
            await rasa.resume(sender_id)
            await rasa.trigger_intent(sender_id, "EXTERNAL_nobody_available")
            expired += 1
        except (RasaConversationError, OSError, asyncio.TimeoutError) as error:
            logger.warning("could not hand conversation %s back to the bot, will retry: %s", sender_id, error)
            await asyncio.to_thread(_move, database_url, handoff_id, False)
    return expired


async def _forever(every: float, work, name: str) -> None:  # noqa: ANN001
    while True:
        try:
            await work()
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a background loop must survive any one failure; it is logged
            logger.exception("background task %s failed; retrying", name)
        await asyncio.sleep(every)


async def start_background_tasks(app: web.Application) -> None:
    settings, handoff_settings = app["settings"], app["handoff_settings"]
    timeout = timedelta(minutes=handoff_settings.claim_timeout_minutes)

    async def notify() -> None:
        await asyncio.to_thread(deliver_due_notifications, settings.database_url, handoff_settings,
                                datetime.now(timezone.utc))

    async def expire() -> None:
        await expire_unclaimed_handoffs(settings.database_url, app["rasa"], timeout, datetime.now(timezone.utc))

    app["background"] = [asyncio.create_task(_forever(NOTIFY_EVERY_SECONDS, notify, "notify")),
                         asyncio.create_task(_forever(TIMEOUT_CHECK_EVERY_SECONDS, expire, "claim-timeout"))]


async def stop_background_tasks(app: web.Application) -> None:
    for task in app.get("background", []):
        task.cancel()
    await asyncio.gather(*app.get("background", []), return_exceptions=True)
