"""The visitor profile, declared once: every fact's name, how an answer is normalised, whether and in
which order it is asked, and how it shows to reps. Slots, stored fact kinds, the discovery form's order,
the handoff summary and the checks in `bot check` all derive from `PROFILE_FACTS`.

Adding a fact: add a `ProfileFact` here, a recogniser in `bot/profile/hearing.py`, then the content
`bot check` asks for (a slot in domain.yml and, if it is asked, an `utter_ask_<name>` response).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.discovery.answers import SKIPPED, clean_free_text, company_size_band, timeline_bucket


def known_value(value: Any) -> str | None:
    """The value when the visitor gave one and did not skip it; None otherwise."""
    return value if isinstance(value, str) and value and value != SKIPPED else None


def _free_text(limit: int) -> Callable[[str], str | None]:
    def normalise(text: str) -> str | None:
        return clean_free_text(text, limit=limit) or None
    return normalise


@dataclass(frozen=True)
class ProfileFact:
    """One thing the assistant may learn about a visitor."""

    name: str  # slot name and stored fact kind
    label: str  # how reps see it named (summary, inbox, CSV)
    normalise: Callable[[str], str | None]  # an answer -> the stored value (None: no value in it)
    asked: bool = False  # asked by the discovery form, in declaration order
    skippable: bool = True  # "skip" is accepted as an answer
    lead_column: bool = False  # mirrored on the leads table for listing and filtering
    shown_as: str = "{value}"  # how the value reads in the summary

    def show(self, value: str) -> str:
        return self.shown_as.format(value=value)


PROFILE_FACTS: tuple[ProfileFact, ...] = (
    ProfileFact("goal", "Goal", _free_text(500), asked=True, skippable=False, shown_as='"{value}"'),
    ProfileFact("challenge", "In the way", _free_text(500), asked=True, shown_as='"{value}"'),
    ProfileFact("role", "Role", _free_text(120), asked=True, lead_column=True),
    ProfileFact("company_size", "Company size", company_size_band, asked=True, lead_column=True,
                shown_as="{value} people"),
    ProfileFact("timeline", "Timeline", timeline_bucket, asked=True, lead_column=True, shown_as="timeline {value}"),
    ProfileFact("industry", "Industry", _free_text(80), shown_as="{value} industry"),
    ProfileFact("tools", "Tools in use", _free_text(200), shown_as="uses {value}"),
    ProfileFact("team", "Team affected", _free_text(80), shown_as="{value} team"),
)
FACTS_BY_NAME: dict[str, ProfileFact] = {fact.name: fact for fact in PROFILE_FACTS}
FACT_NAMES: tuple[str, ...] = tuple(FACTS_BY_NAME)
ASKED_FACTS: tuple[str, ...] = tuple(fact.name for fact in PROFILE_FACTS if fact.asked)
LEAD_COLUMNS: tuple[str, ...] = tuple(fact.name for fact in PROFILE_FACTS if fact.lead_column)


def known_facts(slots: Mapping[str, Any]) -> dict[str, str]:
    """The profile facts in `slots` that hold a known, not skipped, value."""
    return {name: value for name in FACT_NAMES if (value := known_value(slots.get(name)))}
