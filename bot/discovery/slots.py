"""Turns what is stored about a visitor into the conversation's slot values, and back."""

from __future__ import annotations

from typing import Any

from bot.discovery.answers import SKIPPED
from bot.discovery.paraphrase import reflect_challenge, reflect_goal
from bot.discovery.recommend import VisitorProfile
from bot.memory import StoredProfile

PROFILE_SLOTS = ("goal", "challenge", "role", "company_size", "timeline")


def restored_slots(stored: StoredProfile) -> dict[str, Any]:
    """Slot values for a new session of a visitor we already know (nothing for a new visitor)."""
    slots: dict[str, Any] = {name: stored.facts[name] for name in PROFILE_SLOTS if stored.facts.get(name)}
    if slots.get("goal"):
        slots["goal_reflection"] = reflect_goal(slots["goal"])
        slots["returning_visitor"] = True
        if slots.get("challenge"):
            slots["challenge_reflection"] = reflect_challenge(slots["challenge"])
            slots["goal_confirmed"] = True
    if stored.email:
        slots["email"] = stored.email
    slots["opted_out"] = stored.opted_out
    return slots


def profile_from_slots(slots: dict[str, Any]) -> VisitorProfile:
    """The visitor profile the recommender needs, from the tracker's slots."""
    def known(name: str) -> str | None:
        value = slots.get(name)
        return value if isinstance(value, str) and value and value != SKIPPED else None

    return VisitorProfile(goal=known("goal"), challenge=known("challenge"), role=known("role"),
                          company_size=known("company_size"), timeline=known("timeline"))
