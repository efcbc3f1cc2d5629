"""Visitor messages the assistant was unsure about, so a marketer can turn them into training examples."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from bot.conversation_events import typed_by_visitor
from bot.db.engine import session_scope
from bot.db.repository import Repository

DEFAULT_THRESHOLD = 0.6
FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class UnsureMessage:
    sender_id: str
    text: str
    predicted_intent: str
    confidence: float
    fell_back: bool
    at: datetime


def _best_guess(parse: dict) -> tuple[str, float]:
    """The classifier's best real intent (skipping nlu_fallback) and its confidence."""
    for ranked in parse.get("intent_ranking") or []:
        if ranked.get("name") != FALLBACK:
            return ranked.get("name") or "?", float(ranked.get("confidence") or 0)
    intent = parse.get("intent") or {}
    return intent.get("name") or "?", float(intent.get("confidence") or 0)


def unsure_messages(database_url: str, threshold: float = DEFAULT_THRESHOLD, limit: int = 50) -> list[UnsureMessage]:
    """Most recent first: messages that hit the fallback or scored below `threshold`."""
    found: list[UnsureMessage] = []
    with session_scope(database_url) as session:
        for sender_id, data, timestamp in Repository(session).visitor_messages_newest_first():
            event = json.loads(data or "{}")
            text = event.get("text") or ""
            if not typed_by_visitor(text):
                continue
            parse = event.get("parse_data") or {}
            fell_back = (parse.get("intent") or {}).get("name") == FALLBACK
            intent, confidence = _best_guess(parse)
            if fell_back or confidence < threshold:
                found.append(UnsureMessage(sender_id, text, intent, confidence, fell_back,
                                           datetime.fromtimestamp(timestamp or 0, timezone.utc)))
                if len(found) >= limit:
                    break
    return found
