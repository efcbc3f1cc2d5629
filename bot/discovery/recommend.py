"""Ranks catalog items by how well they fit what the visitor said, with a reason for each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.discovery.answers import role_level
from bot.discovery.catalog import Catalog, CatalogItem
from bot.discovery.item_meaning import item_description
from bot.discovery.paraphrase import reflect_challenge, reflect_goal
from bot.meaning.closeness import Query
from bot.profile.facts import known_value

# How soon the visitor wants to act says which stage of content helps them most.
TIMELINE_STAGE = {
    "this month": "decision",
    "this quarter": "consideration",
    "this year": "awareness",
    "later": "awareness",
    "no timeline": "awareness",
}


@dataclass(frozen=True)
class VisitorProfile:
    """What the visitor told us during discovery (any field may be unknown)."""

    goal: str | None = None
    challenge: str | None = None
    role: str | None = None
    company_size: str | None = None
    timeline: str | None = None


@dataclass(frozen=True)
class Recommendation:
    """A catalog item picked for the visitor, its fit score, and why it was picked."""

    item: CatalogItem
    score: float
    reason: str


@dataclass(frozen=True)
class _Fit:
    score: float
    challenge_hit: bool


# An item whose `roles` or `company_sizes` leave this visitor out is not for them, however close its words.
_NOT_FOR_THEM = float("-inf")


class GoalUnknownError(ValueError):
    """Recommending before the visitor's goal is known is never allowed."""


def _mentions(text: str | None, keywords: tuple[str, ...]) -> bool:
    if not text:
        return False
    lowered = text.lower().replace("-", " ")
    return any(re.search(r"\b" + re.escape(keyword), lowered) for keyword in keywords)


class _VisitorMeaning:
    """The visitor's goal and challenge, embedded once per recommendation."""

    def __init__(self, profile: VisitorProfile) -> None:
        goal, challenge = known_value(profile.goal) or "", known_value(profile.challenge) or ""
        self.both = Query.of(f"{goal} {challenge}")
        self.goal: Query | None = Query.of(goal) if challenge else None
        self.challenge: Query | None = Query.of(challenge) if challenge else None

    def challenge_is_closer(self, item: CatalogItem) -> bool:
        """Whether the item answers what's in the way more than the goal (decides the reason's wording)."""
        if self.goal is None or self.challenge is None:
            return False
        description = item_description(item)
        return description.closeness(self.challenge) > description.closeness(self.goal)


def _fit(item: CatalogItem, profile: VisitorProfile, meaning: _VisitorMeaning, weights: dict[str, int],
         stage: str | None) -> _Fit:
    """Meaning carries the score; keywords, stage and a matching role or size nudge it. A role or size the item
    is not for rules it out."""
    # An item's goal words name its topic: "client onboarding takes us weeks" is about onboarding too.
    goal_hit = _mentions(profile.goal, item.goals) or _mentions(known_value(profile.challenge), item.goals)
    challenge_hit = _mentions(profile.challenge, item.challenges)
    score = weights["meaning_match"] * item_description(item).closeness(meaning.both)
    score += weights["goal_match"] * goal_hit + weights["challenge_match"] * challenge_hit
    if score < weights["minimum_relevance"]:
        # Role, size and stage only order items that are about what the visitor said: alone they would carry a
        # health-score webinar to a restaurant owner whose rota is a nightmare.
        return _Fit(_NOT_FOR_THEM, challenge_hit)
    level = role_level(known_value(profile.role) or "")
    if item.roles and level:
        score += weights["role_match"] if level in item.roles else _NOT_FOR_THEM
    size = known_value(profile.company_size)
    if item.company_sizes and size:
        score += weights["size_match"] if size in item.company_sizes else _NOT_FOR_THEM
    if stage and item.stage == stage:
        score += weights["stage_match"]
    return _Fit(score, challenge_hit)


def _reason(catalog: Catalog, profile: VisitorProfile, item: CatalogItem, challenge_hit: bool,
            used: set[str]) -> str:
    """Why this item: the challenge or the goal it answers (each quoted once per answer), then what it offers."""
    if challenge_hit and known_value(profile.challenge) and "challenge" not in used:
        used.add("challenge")
        return catalog.reasons["challenge"].format(challenge=reflect_challenge(profile.challenge or ""),
                                                   helps_with=item.helps_with)
    if "goal" not in used:
        used.add("goal")
        return catalog.reasons["goal"].format(goal=reflect_goal(profile.goal or ""), helps_with=item.helps_with)
    return catalog.reasons["also"].format(helps_with=item.helps_with)


def recommend_for(profile: VisitorProfile, catalog: Catalog, prefer_stage: str | None = None) -> list[Recommendation]:
    """At most `max_items` items that fit well and nearly as well as the best one, best first; empty when nothing
    fits well."""
    if not known_value(profile.goal):
        raise GoalUnknownError("the visitor's goal must be known before recommending")
    weights = catalog.ranking
    stage = prefer_stage or TIMELINE_STAGE.get(known_value(profile.timeline) or "")
    meaning = _VisitorMeaning(profile)
    fits = [(item, _fit(item, profile, meaning, weights, stage)) for item in catalog.items]
    good = [(item, fit) for item, fit in fits if fit.score >= weights["minimum_score"]]
    good.sort(key=lambda entry: -entry[1].score)  # stable: ties keep the catalog's order
    if good:
        # Only what fits nearly as well as the best pick: a weak third item reads as a pitch, not a fit.
        floor = good[0][1].score * weights["close_to_best"] / 100
        good = [(item, fit) for item, fit in good if fit.score >= floor]
    quoted: set[str] = set()
    return [Recommendation(item, round(fit.score, 2), _reason(
                catalog, profile, item, fit.challenge_hit or meaning.challenge_is_closer(item), quoted))
            for item, fit in good[: weights["max_items"]]]
