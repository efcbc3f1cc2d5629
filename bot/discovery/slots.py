"""Turns what is stored about a visitor into the conversation's slot values, and back."""

from __future__ import annotations

from typing import Any

from bot.discovery.paraphrase import reflect_challenge, reflect_goal
from bot.discovery.recommend import VisitorProfile
from bot.profile.facts import FACT_NAMES, known_value
from bot.profile.visitor_store import StoredProfile


def restored_slots(stored: StoredProfile) -> dict[str, Any]:
    """Slot values for a new session of a visitor we already know (nothing for a new visitor)."""
    slots: dict[str, Any] = {name: stored.facts[name] for name in FACT_NAMES if stored.facts.get(name)}
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
    return VisitorProfile(goal=known_value(slots.get("goal")), challenge=known_value(slots.get("challenge")),
                          role=known_value(slots.get("role")), company_size=known_value(slots.get("company_size")),
                          timeline=known_value(slots.get("timeline")))
