"""The report's numbers, computed from the SQL store."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.discovery.catalog import Catalog
from bot.handoff.coaching import CoachingMoment
from bot.handoff.lifecycle import OUTCOMES
from bot.report.coaching_summary import Coaching, moments_for, summarise
from bot.report.themes import Theme, group_by_theme

FUNNEL_STEPS = ("conversations", "goal shared", "recommendation shown", "contact shared", "handoff",
                "rep outcome")


@dataclass
class ReportData:
    since: datetime | None
    funnel: dict[str, int] = field(default_factory=dict)
    goals: list[Theme] = field(default_factory=list)
    challenges: list[Theme] = field(default_factory=list)
    recommendations: list[tuple[str, str, int]] = field(default_factory=list)  # id, title, times shown
    outcomes: dict[str, int] = field(default_factory=dict)
    ratings: dict[int, int] = field(default_factory=dict)  # 1-5 -> chats rated so, every rating shown
    rating_comments: list[tuple[int, str]] = field(default_factory=list)  # (rating, what the visitor said)
    prompts: dict[str, dict[str, int]] = field(default_factory=dict)  # prompt id -> shown/opened/dismissed
    coaching: Coaching = field(default_factory=Coaching)  # for the team lead: reps pitching before listening

    @property
    def average_rating(self) -> float | None:
        rated = sum(self.ratings.values())
        return sum(stars * count for stars, count in self.ratings.items()) / rated if rated else None


def build_report(database_url: str, catalog: Catalog, since: datetime | None = None) -> ReportData:
    """Count every lead first seen since `since` (everyone when None)."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        leads = repo.leads_for_report(since)
        goals: list[str] = []
        challenges: list[str] = []
        shown: Counter[str] = Counter()
        outcomes: Counter[str] = Counter()
        ratings: Counter[int] = Counter()
        comments: list[tuple[int, str]] = []
        funnel = dict.fromkeys(FUNNEL_STEPS, 0)
        moments: list[CoachingMoment] = []
        for lead in leads:
            latest = {fact.kind: fact.value for fact in lead.facts}
            funnel["conversations"] += 1
            funnel["goal shared"] += "goal" in latest
            funnel["recommendation shown"] += bool(lead.recommendations)
            funnel["contact shared"] += bool(lead.email or lead.consent_at)
            funnel["handoff"] += bool(lead.handoffs)
            closed = [h for h in lead.handoffs if h.outcome]
            funnel["rep outcome"] += any(h.outcome in OUTCOMES for h in closed)  # not a request taken back
            outcomes.update(h.outcome for h in closed)
            ratings.update(h.rating for h in lead.handoffs if h.rating)
            comments += [(h.rating, h.rating_comment) for h in lead.handoffs if h.rating and h.rating_comment]
            if "goal" in latest:
                goals.append(latest["goal"])
            if "challenge" in latest:
                challenges.append(latest["challenge"])
            shown.update(r.catalog_item_id for r in lead.recommendations)
            if any(h.assigned_rep_id or h.claimed_at for h in lead.handoffs):  # only a rep's chats are coached
                moments += moments_for(lead, repo.conversation_of(lead.sender_id))
        prompts: dict[str, dict[str, int]] = {}
        for count in repo.prompt_counts(since.date().isoformat() if since else None):
            totals = prompts.setdefault(count.prompt_id, dict.fromkeys(("shown", "opened", "dismissed"), 0))
            for action in totals:
                totals[action] += getattr(count, action)
        for retired in repo.retired_since(since):  # purged after the retention period: counts only
            funnel["conversations"] += 1
            funnel["goal shared"] += retired.goal_shared
            funnel["recommendation shown"] += retired.recommendation_shown
            funnel["contact shared"] += retired.contact_shared
            funnel["handoff"] += retired.handed_off
            retired_outcomes = json.loads(retired.outcomes)
            funnel["rep outcome"] += any(outcome in OUTCOMES for outcome in retired_outcomes)
            outcomes.update(retired_outcomes)
            ratings.update(json.loads(retired.ratings))
            shown.update(json.loads(retired.recommended_items))
    titles = {item.id: item.title for item in catalog.items}
    return ReportData(
        since=since, funnel=funnel,
        goals=group_by_theme(goals, catalog),
        challenges=group_by_theme(challenges, catalog),
        recommendations=[(item_id, titles.get(item_id, "(no longer in the catalog)"), count)
                         for item_id, count in shown.most_common()],
        outcomes=dict(outcomes.most_common()),
        ratings={stars: ratings[stars] for stars in range(5, 0, -1)} if ratings else {},
        rating_comments=sorted(comments, key=lambda pair: pair[0]),
        prompts=prompts,
        coaching=summarise(moments, since),
    )
