"""A plain-language summary of what the visitor said, for the rep who picks the conversation up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.profile.facts import PROFILE_FACTS, known_value

MAX_SUMMARY_LENGTH = 1500
# Goal and challenge are quoted in the visitor's own words; every other fact joins the profile line.
QUOTED = {"goal": "Goal, in their words", "challenge": "What is in the way"}


def rep_briefing(slots: Mapping[str, Any], reason: str, warmth_reasons: Sequence[str]) -> str:
    """E.g. "Asked for a person. Goal: "…". In the way: "…". Role: …; 51-200 people; this quarter."""
    parts = [reason[:1].upper() + reason[1:] + "."]
    for name, label in QUOTED.items():
        if value := known_value(slots.get(name)):
            parts.append(f'{label}: "{value}".')
    profile = [fact.show(value) for fact in PROFILE_FACTS
               if fact.name not in QUOTED and (value := known_value(slots.get(fact.name)))]
    if profile:
        joined = "; ".join(profile)
        parts.append(joined[:1].upper() + joined[1:] + ".")
    if email := known_value(slots.get("email")):
        parts.append(f"Email: {email}.")
    if slots.get("opted_out"):
        parts.append("Asked not to be contacted by email or phone.")
    if warmth_reasons:
        parts.append("Warm because: " + ", ".join(warmth_reasons) + ".")
    return " ".join(parts)[:MAX_SUMMARY_LENGTH]
