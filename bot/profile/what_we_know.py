"""What the assistant holds about a visitor, in plain lines they can read in the chat."""

from __future__ import annotations

from bot.profile.facts import PROFILE_FACTS, known_value
from bot.profile.visitor_store import StoredProfile


def what_we_know(profile: StoredProfile) -> list[str]:
    """One line per thing stored ("- Goal: faster onboarding"), in the profile's order; empty when nothing is."""
    lines = [f"- {fact.label}: {value}" for fact in PROFILE_FACTS
             if (value := known_value(profile.facts.get(fact.name)))]
    if profile.email:
        lines.append(f"- Email: {profile.email}")
    if profile.contact:
        lines.append(f"- How to contact you: {profile.contact}")
    if profile.opted_out:
        lines.append("- You asked us not to contact you")
    return lines
