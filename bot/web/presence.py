"""Reps' presence: online or away by their own choice, and away anyway once no inbox page of theirs has been
open for a while (bot/handoff/offers.py `is_online`). Every signed-in request, and every open live page,
keeps `last_active_at` fresh, written at most every 30 seconds per rep."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from aiohttp import web
from sqlalchemy import or_, update

from bot.db.engine import session_scope
from bot.db.models import Rep, utcnow
from bot.db.off_loop import off_loop
from bot.handoff.offers import AWAY, ONLINE

ACTIVE_EVERY = timedelta(seconds=30)
PRESENCES = (ONLINE, AWAY)


def mark_active(database_url: str, rep_id: int, now: datetime | None = None) -> None:
    """The rep has an inbox page open now (a write only when the last mark is older than ACTIVE_EVERY)."""
    now = now or utcnow()
    with session_scope(database_url) as session:
        session.execute(update(Rep).where(Rep.id == rep_id, or_(Rep.last_active_at.is_(None),
                                                                Rep.last_active_at < now - ACTIVE_EVERY))
                        .values(last_active_at=now))


def set_presence(database_url: str, rep_id: int, presence: str) -> None:
    """Online or away, as the rep chose; anything else is a ValueError."""
    if presence not in PRESENCES:
        raise ValueError(f"presence must be one of {', '.join(PRESENCES)}")
    with session_scope(database_url) as session:
        session.execute(update(Rep).where(Rep.id == rep_id).values(presence=presence, last_active_at=utcnow()))


async def keep_present(request: web.Request) -> None:
    """Called by live pages on each poll: marks the rep active, at most every ACTIVE_EVERY per process."""
    rep_id = request["rep"].id
    marks: dict[int, float] = request.app["presence_marks"]
    if time.monotonic() - marks.get(rep_id, 0.0) >= ACTIVE_EVERY.total_seconds():
        marks[rep_id] = time.monotonic()
        await off_loop(mark_active, request.app["settings"].database_url, rep_id)
