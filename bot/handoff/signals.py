"""Turns a conversation (intents seen, slots) into the signals warmth is scored from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.handoff.warmth import LeadSignals
from bot.profile.facts import known_value

INTENT_SIGNALS = {
    "ask_pricing": "asked_for_pricing",
    "request_demo": "asked_for_demo",
    "request_human": "asked_for_person",
}


def signals_from_conversation(intents: Iterable[str], slots: Mapping[str, Any],
                              visited: Iterable[tuple[str, str]] = ()) -> LeadSignals:
    """What the visitor did (`intents`, oldest first), told us (`slots`) and looked at (`visited`: page path and
    campaign medium, bot.conversation_events.visitor_pages) as warmth signals."""
    events = {INTENT_SIGNALS[intent] for intent in intents if intent in INTENT_SIGNALS}
    if known_value(slots.get("email")):
        events.add("gave_email")
    if known_value(slots.get("goal")):
        events.add("shared_goal")
    if known_value(slots.get("challenge")):
        events.add("shared_challenge")
    if slots.get("known_visitor"):
        events.add("returning_visitor")
    return LeadSignals(role=slots.get("role"), company_size=slots.get("company_size"),
                       timeline=slots.get("timeline"), events=frozenset(events), visited=tuple(visited))
