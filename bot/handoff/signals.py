"""Turns a conversation (intents seen, slots) into the signals warmth is scored from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.discovery.answers import SKIPPED
from bot.handoff.warmth import LeadSignals

INTENT_SIGNALS = {
    "ask_pricing": "asked_for_pricing",
    "request_demo": "asked_for_demo",
    "request_human": "asked_for_person",
}


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value) and value != SKIPPED


def signals_from_conversation(intents: Iterable[str], slots: Mapping[str, Any]) -> LeadSignals:
    """What the visitor did (`intents`, oldest first) and told us (`slots`) as warmth signals."""
    events = {INTENT_SIGNALS[intent] for intent in intents if intent in INTENT_SIGNALS}
    if _filled(slots.get("email")):
        events.add("gave_email")
    if _filled(slots.get("goal")):
        events.add("shared_goal")
    if _filled(slots.get("challenge")):
        events.add("shared_challenge")
    if slots.get("known_visitor"):
        events.add("returning_visitor")
    return LeadSignals(role=slots.get("role"), company_size=slots.get("company_size"),
                       timeline=slots.get("timeline"), events=frozenset(events))
