"""Work the web app does off the request path: sending notifications, meeting emails and events, claim
timeouts, offers that ran out (to the next rep), the retention period and the weekly unmet-needs digest."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta, timezone

from aiohttp import web

from bot.db.off_loop import off_loop
from bot.digest.weekly_email import deliver_due_digests, queue_weekly_digest
from bot.events.delivery_worker import deliver_due_events, fan_out_new_events, prune_delivered_events
from bot.handoff.lifecycle import expire_unclaimed
from bot.handoff.notify import deliver_due_notifications
from bot.handoff.offers import move_on_expired_offers
from bot.meetings.email_outbox import deliver_due_meeting_emails
from bot.profile.export_email import deliver_due_export_emails
from bot.retention import purge_inactive
from bot.web.inbox.signin import prune_expired_sessions

logger = logging.getLogger(__name__)
NOTIFY_EVERY_SECONDS = 2.0
TIMEOUT_CHECK_EVERY_SECONDS = 5.0
EVENTS_EVERY_SECONDS = 1.0
PRUNE_EVERY_SECONDS = 3600.0


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
    """Notifications, events and claim timeouts run while the app runs (an aiohttp cleanup context)."""
    settings, handoff_settings, event_settings = app["settings"], app["handoff_settings"], app["event_settings"]
    timeout = timedelta(minutes=handoff_settings.claim_timeout_minutes)

    async def notify() -> None:
        now = datetime.now(timezone.utc)
        await off_loop(deliver_due_notifications, settings.database_url, handoff_settings, now)
        await off_loop(deliver_due_meeting_emails, settings.database_url, handoff_settings, now)
        await off_loop(deliver_due_digests, settings.database_url, handoff_settings, now)
        await off_loop(deliver_due_export_emails, settings.database_url, handoff_settings, now)

    async def send_events() -> None:
        await off_loop(fan_out_new_events, settings.database_url, event_settings)
        await off_loop(deliver_due_events, settings.database_url, event_settings, datetime.now(timezone.utc),
                       handoff_settings.inbox_url)

    async def prune_events() -> None:
        await off_loop(prune_delivered_events, settings.database_url, event_settings, datetime.now(timezone.utc))

    async def retire_inactive() -> None:
        await off_loop(purge_inactive, settings.database_url, settings.retention_days, datetime.now(timezone.utc))
        await off_loop(prune_expired_sessions, settings.database_url, datetime.now(timezone.utc))
        if handoff_settings.smtp_host:  # queued only when it can be sent: the week it covers is in the row
            await off_loop(queue_weekly_digest, settings.database_url, handoff_settings.digest_emails,
                           datetime.now(timezone.utc))

    async def expire() -> None:
        await expire_unclaimed(settings.database_url, app["rasa"], timeout, datetime.now(timezone.utc))
        await off_loop(move_on_expired_offers, settings.database_url, app["routing"], datetime.now(timezone.utc))

    tasks = [asyncio.create_task(_forever(NOTIFY_EVERY_SECONDS, notify, "notify")),
             asyncio.create_task(_forever(EVENTS_EVERY_SECONDS, send_events, "events")),
             asyncio.create_task(_forever(PRUNE_EVERY_SECONDS, prune_events, "prune-events")),
             asyncio.create_task(_forever(PRUNE_EVERY_SECONDS, retire_inactive, "retention")),
             asyncio.create_task(_forever(TIMEOUT_CHECK_EVERY_SECONDS, expire, "claim-timeout"))]
    yield
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
