"""Offering a waiting conversation to the right online rep, one at a time (rules in routing_rules.py).

An offer lasts `offer_seconds`: the conversation shows as "offered to you" to that rep and "offered to <name>"
to the others, who may still take it (the rep it is meant for may be busy). When the offer runs out, the next
rep in the route gets it; with nobody left, it waits for anyone, and the usual claim timeout applies.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.engine import session_scope
from bot.db.models import Handoff, HandoffStatus, Lead, Rep, TouchKind
from bot.db.repository import Repository
from bot.handoff.routing_rules import RoutingRules, Visitor

ONLINE_WITHIN = timedelta(minutes=2)  # an inbox page closed this long ago: the rep counts as away
ONLINE, AWAY = "online", "away"


def is_online(rep: Rep, now: datetime) -> bool:
    """Online by their own choice, with an inbox page open recently."""
    return rep.presence == ONLINE and rep.last_active_at is not None and now - rep.last_active_at <= ONLINE_WITHIN


def visitor_for_routing(lead: Lead) -> Visitor:
    latest = {fact.kind: fact.value for fact in lead.facts}
    last_page = next((touch for touch in lead.touches if touch.touch == str(TouchKind.LAST)), None)
    return Visitor(company_size=lead.company_size, industry=latest.get("industry"),
                   timezone=last_page.timezone if last_page else None)


def offer_next(session: Session, handoff: Handoff, rules: RoutingRules, now: datetime) -> Rep | None:
    """Offer the handoff to the next rep of its route who is online, has room and was not offered it yet;
    None (open to every rep) when there is nobody."""
    repo = Repository(session)
    route = rules.route_for(visitor_for_routing(handoff.lead))
    already = set(json.loads(handoff.offered_to or "[]"))
    held = repo.held_conversations()
    candidates = [rep for rep in repo.list_reps()
                  if route is not None and route.includes(rep.email) and rep.id not in already
                  and is_online(rep, now) and held.get(rep.id, 0) < rules.capacity]
    candidates.sort(key=lambda rep: (rep.last_offered_at is not None, rep.last_offered_at or now, rep.id))
    if not candidates:
        handoff.offered_rep_id, handoff.offer_expires_at = None, None
        return None
    rep = candidates[0]
    handoff.offered_rep_id, handoff.offer_expires_at = rep.id, now + timedelta(seconds=rules.offer_seconds)
    handoff.offered_to = json.dumps(sorted(already | {rep.id}))
    rep.last_offered_at = now
    session.flush()
    return rep


def move_on_expired_offers(database_url: str, rules: RoutingRules, now: datetime) -> int:
    """Offers nobody took in time go to the next rep; returns how many moved on."""
    moved = 0
    with session_scope(database_url) as session:
        for handoff in Repository(session).offers_expired(now):
            if handoff.status == HandoffStatus.QUEUED:
                offer_next(session, handoff, rules, now)
                moved += 1
    return moved
