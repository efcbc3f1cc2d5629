"""A plain-language summary of what the visitor said, for the rep who picks the conversation up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.discovery.answers import SKIPPED

MAX_SUMMARY_LENGTH = 1500


def _known(slots: Mapping[str, Any], name: str) -> str | None:
    value = slots.get(name)
    return value if isinstance(value, str) and value and value != SKIPPED else None


def handoff_summary(slots: Mapping[str, Any], reason: str, warmth_reasons: Sequence[str]) -> str:
    """E.g. "Asked for a person. Goal: "…". In the way: "…". Role: …; 51-200 people; this quarter."""
    parts = [reason[:1].upper() + reason[1:] + "."]
    if goal := _known(slots, "goal"):
        parts.append(f'Goal, in their words: "{goal}".')
    if challenge := _known(slots, "challenge"):
        parts.append(f'What is in the way: "{challenge}".')
    size, timeline = _known(slots, "company_size"), _known(slots, "timeline")
    candidates = (_known(slots, "role"), f"{size} people" if size else None,
                  f"timeline {timeline}" if timeline else None)
    profile = [text for text in candidates if text]
    if profile:
        joined = "; ".join(profile)
        parts.append(joined[:1].upper() + joined[1:] + ".")
    if email := _known(slots, "email"):
        parts.append(f"Email: {email}.")
    if slots.get("opted_out"):
        parts.append("Asked not to be contacted by email or phone.")
    if warmth_reasons:
        parts.append("Warm because: " + ", ".join(warmth_reasons) + ".")
    return " ".join(parts)[:MAX_SUMMARY_LENGTH]
