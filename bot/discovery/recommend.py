"""Ranks catalog items by how well they fit what the visitor said, with a reason for each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.discovery.answers import SKIPPED, role_level
from bot.discovery.catalog import Catalog, CatalogItem
from bot.discovery.paraphrase import reflect_challenge, reflect_goal

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
    score: int
    reason: str


class GoalUnknownError(ValueError):
    """Recommending before the visitor's goal is known is never allowed."""


def _known(value: str | None) -> str | None:
    return value if value and value != SKIPPED else None


def _mentions(text: str | None, keywords: tuple[str, ...]) -> bool:
    if not text:
        return False
    lowered = text.lower()
    return any(re.search(r"\b" + re.escape(keyword), lowered) for keyword in keywords)


def _score(item: CatalogItem, profile: VisitorProfile, weights: dict[str, int],
           stage: str | None) -> tuple[int, bool, bool]:
    words = f"{profile.goal or ''} {profile.challenge or ''}"
    goal_hit = _mentions(profile.goal, item.goals)
    challenge_hit = _mentions(profile.challenge, item.challenges) or (
        not goal_hit and _mentions(words, item.goals + item.challenges)
    )
    score = weights["goal_match"] * goal_hit + weights["challenge_match"] * challenge_hit
    level = role_level(_known(profile.role) or "")
    if item.roles and level:
        score += weights["role_match"] if level in item.roles else -weights["role_match"]
    size = _known(profile.company_size)
    if item.company_sizes and size:
        score += weights["size_match"] if size in item.company_sizes else -weights["size_match"]
    if stage and item.stage == stage:
        score += weights["stage_match"]
    return score, goal_hit, challenge_hit


def _reason(catalog: Catalog, profile: VisitorProfile, goal_hit: bool, challenge_hit: bool,
            used: set[str]) -> str:
    """Quote the challenge when it matched, unless that reason was already given and the goal matched too."""
    by_challenge = (catalog.reasons["challenge"].format(challenge=reflect_challenge(profile.challenge))
                    if challenge_hit and _known(profile.challenge) else None)
    by_goal = catalog.reasons["goal"].format(goal=reflect_goal(profile.goal or ""))
    if by_challenge and (by_challenge not in used or not goal_hit):
        return by_challenge
    return by_goal


def recommend_for(profile: VisitorProfile, catalog: Catalog, prefer_stage: str | None = None) -> list[Recommendation]:
    """At most `max_items` items that fit well, best first; empty when nothing fits well."""
    if not _known(profile.goal):
        raise GoalUnknownError("the visitor's goal must be known before recommending")
    weights = catalog.ranking
    stage = prefer_stage or TIMELINE_STAGE.get(_known(profile.timeline) or "")
    scored = []
    for position, item in enumerate(catalog.items):
        score, goal_hit, challenge_hit = _score(item, profile, weights, stage)
        if (goal_hit or challenge_hit) and score >= weights["minimum_score"]:
            scored.append((-score, position, item, goal_hit, challenge_hit))
    scored.sort(key=lambda entry: entry[:2])
    picks: list[Recommendation] = []
    used_reasons: set[str] = set()
    for negative_score, _, item, goal_hit, challenge_hit in scored[: weights["max_items"]]:
        reason = _reason(catalog, profile, goal_hit, challenge_hit, used_reasons)
        used_reasons.add(reason)
        picks.append(Recommendation(item, -negative_score, reason))
    return picks
