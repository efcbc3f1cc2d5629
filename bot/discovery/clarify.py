"""Choices offered when a message was not understood: the likeliest meanings, labelled by content."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.conversation_events import Event

LABEL_PREFIX = "utter_meaning_"
PERSON_INTENT = "request_human"
# What pressing a meaning sends. Telling us about their work goes back to listening (any intent would
# lose the words they typed, so the button just invites them to say it).
PAYLOADS = {"share_goal": "/inform"}
MEANINGS_OFFERED = 2


def _label(intent: str, responses: Mapping[str, Any]) -> str | None:
    variations = responses.get(LABEL_PREFIX + intent) or []
    text = variations[0].get("text") if variations and isinstance(variations[0], Mapping) else None
    return text or None


def clarify_buttons(ranking: Sequence[Mapping[str, Any]], responses: Mapping[str, Any]) -> list[dict[str, str]]:
    """The two likeliest meanings that have a label (responses `utter_meaning_<intent>`), then a person."""
    buttons: list[dict[str, str]] = []
    for entry in ranking:
        intent = str(entry.get("name") or "")
        label = _label(intent, responses)
        if label and intent != PERSON_INTENT and len(buttons) < MEANINGS_OFFERED:
            buttons.append({"title": label, "payload": PAYLOADS.get(intent, f"/{intent}")})
    person = _label(PERSON_INTENT, responses) or "Talk to a person"
    return buttons + [{"title": person, "payload": f"/{PERSON_INTENT}"}]


def clarified_just_before(events: Sequence[Event], action_name: str) -> bool:
    """True when the assistant's answer to the previous visitor message was `action_name`."""
    seen_current = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_current:
                return False
            seen_current = True
        elif seen_current and event.get("event") == "action" and event.get("name") not in (
                "action_listen", None):
            return event.get("name") == action_name
    return False
