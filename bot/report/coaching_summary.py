"""The report's coaching section: per week, how often reps pitched before asking or asked again for what the
visitor had told us (bot/handoff/coaching.py), with recent examples. For the team lead, never for visitors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from bot.conversation_events import typed_by_visitor
from bot.db.models import Lead
from bot.handoff.coaching import ASKED_WHAT_WE_KNEW, PITCHED_BEFORE_ASKING, ChatLine, CoachingMoment, coaching_moments

MAX_EXAMPLES = 10


@dataclass
class CoachingWeek:
    week_start: str  # the Monday, YYYY-MM-DD
    pitched_before_asking: int = 0
    asked_what_we_knew: int = 0


@dataclass
class Coaching:
    weeks: list[CoachingWeek] = field(default_factory=list)  # newest first
    examples: list[CoachingMoment] = field(default_factory=list)  # newest first


def chat_lines(rows: Iterable[tuple[str, str, float]]) -> list[ChatLine]:
    """The visitor's, the assistant's and the reps' lines from the tracker store's (type, JSON, timestamp) rows."""
    lines = []
    for type_name, data, timestamp in rows:
        event = json.loads(data or "{}")
        text = str(event.get("text") or "")
        if not text or (type_name == "user" and not typed_by_visitor(text)):
            continue
        rep = str((event.get("metadata") or {}).get("rep") or "") if type_name == "bot" else ""
        speaker = "visitor" if type_name == "user" else "rep" if rep else "assistant"
        lines.append(ChatLine(speaker, text, datetime.fromtimestamp(timestamp or 0, timezone.utc), rep))
    return lines


def moments_for(lead: Lead, rows: Sequence[tuple[str, str, float]]) -> list[CoachingMoment]:
    """The coaching moments in one lead's conversation, given its tracker rows."""
    known: dict[str, datetime] = {}
    for fact in lead.facts:
        known[fact.kind] = min(known.get(fact.kind, fact.said_at), fact.said_at)
    return coaching_moments(chat_lines(rows), known)


def summarise(moments: Iterable[CoachingMoment], since: datetime | None) -> Coaching:
    """Counts per week (weeks start on Monday, UTC) and the most recent examples."""
    chosen = sorted((m for m in moments if since is None or m.at >= since), key=lambda m: m.at, reverse=True)
    weeks: dict[str, CoachingWeek] = {}
    for moment in chosen:
        monday = (moment.at - timedelta(days=moment.at.weekday())).date().isoformat()
        week = weeks.setdefault(monday, CoachingWeek(monday))
        week.pitched_before_asking += moment.kind == PITCHED_BEFORE_ASKING
        week.asked_what_we_knew += moment.kind == ASKED_WHAT_WE_KNEW
    return Coaching(sorted(weeks.values(), key=lambda week: week.week_start, reverse=True), chosen[:MAX_EXAMPLES])
