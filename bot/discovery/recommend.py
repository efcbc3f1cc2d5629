"""Ranks catalog items by how well they fit what the visitor said, with a reason for each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.discovery.answers import role_level
from bot.discovery.catalog import Catalog, CatalogItem
from bot.discovery.paraphrase import reflect_challenge, reflect_goal
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
    score: int
    reason: str


class GoalUnknownError(ValueError):
    """Recommending before the visitor's goal is known is never allowed."""


def _mentions(text: str | None, keywords: tuple[str, ...]) -> bool:
    if not text:
        return False
    lowered = text.lower().replace("-", " ")
    return any(re.search(r"\b" + re.escape(keyword), lowered) for keyword in keywords)


def _score(item: CatalogItem, profile: VisitorProfile, weights: dict[str, int],
           stage: str | None) -> tuple[int, bool, bool]:
    words = f"{profile.goal or ''} {profile.challenge or ''}"
    goal_hit = _mentions(profile.goal, item.goals)
    challenge_hit = _mentions(profile.challenge, item.challenges) or (
        not goal_hit and _mentions(words, item.goals + item.challenges)
    )
    score = weights["goal_match"] * goal_hit + weights["challenge_match"] * challenge_hit
    level = role_level(known_value(profile.role) or "")
    if item.roles and level:
        score += weights["role_match"] if level in item.roles else -weights["role_match"]
    size = known_value(profile.company_size)
    if item.company_sizes and size:
        score += weights["size_match"] if size in item.company_sizes else -weights["size_match"]
    if stage and item.stage == stage:
        score += weights["stage_match"]
    return score, goal_hit, challenge_hit


def _reason(catalog: Catalog, profile: VisitorProfile, item: CatalogItem, goal_hit: bool, challenge_hit: bool,
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
    """At most `max_items` items that fit well, best first; empty when nothing fits well."""
    if not known_value(profile.goal):
        raise GoalUnknownError("the visitor's goal must be known before recommending")
    weights = catalog.ranking
    stage = prefer_stage or TIMELINE_STAGE.get(known_value(profile.timeline) or "")
    scored = []
    for position, item in enumerate(catalog.items):
        score, goal_hit, challenge_hit = _score(item, profile, weights, stage)
        if (goal_hit or challenge_hit) and score >= weights["minimum_score"]:
            scored.append((-score, position, item, goal_hit, challenge_hit))
    scored.sort(key=lambda entry: entry[:2])
    picks: list[Recommendation] = []
    quoted: set[str] = set()
    for negative_score, _, item, goal_hit, challenge_hit in scored[: weights["max_items"]]:
        reason = _reason(catalog, profile, item, goal_hit, challenge_hit, quoted)
        picks.append(Recommendation(item, -negative_score, reason))
    return picks
