"""Stable JSON shapes for leads and handoffs (documented in docs/CLI.md)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.db.models import Handoff, Lead, LeadTouch, TouchKind
from bot.visits.page_context import PageContext
from bot.visits.visitor_clock import local_time


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def lead_summary(lead: Lead) -> dict[str, Any]:
    """The lead's profile: who they are, consent, and when we saw them."""
    return {
        "sender_id": lead.sender_id,
        "name": lead.name,
        "email": lead.email,
        "company": lead.company,
        "role": lead.role,
        "company_size": lead.company_size,
        "timeline": lead.timeline,
        "consent": {"scope": lead.consent_scope, "at": _iso(lead.consent_at)},
        "opted_out": bool(lead.opted_out),
        "first_seen": _iso(lead.first_seen),
        "last_seen": _iso(lead.last_seen),
    }


def page_summary(touch: LeadTouch | None) -> dict[str, Any] | None:
    """A page the visitor chatted from, with where they came from in a few words ("source")."""
    if touch is None:
        return None
    page = PageContext(**{name: getattr(touch, name) or "" for name in PageContext.__dataclass_fields__})
    return page.as_dict() | {"source": page.source, "seen_at": _iso(touch.seen_at)}


def pages_of(lead: Lead) -> dict[str, Any]:
    """The lead's first page (how they arrived) and latest page, and the visitor's clock now."""
    touches = {touch.touch: touch for touch in lead.touches}
    first, last = (page_summary(touches.get(str(kind))) for kind in (TouchKind.FIRST, TouchKind.LAST))
    return {"first_page": first, "last_page": last,
            "local_time": local_time(last["timezone"]) if last else None}


def handoff_summary(handoff: Handoff) -> dict[str, Any]:
    """A handoff's status, reason, warmth and outcome."""
    return {
        "id": handoff.id,
        "sender_id": handoff.lead.sender_id,
        "status": handoff.status,
        "reason": handoff.reason,
        "warmth_score": handoff.warmth_score,
        "warmth_reasons": json.loads(handoff.warmth_reasons or "[]"),
        "summary": handoff.summary,
        "assigned_rep": handoff.assigned_rep.email if handoff.assigned_rep else None,
        "created_at": _iso(handoff.created_at),
        "claimed_at": _iso(handoff.claimed_at),
        "closed_at": _iso(handoff.closed_at),
        "outcome": handoff.outcome,
        "notes": handoff.notes,
        "rating": handoff.rating,
        "rating_comment": handoff.rating_comment,
    }


def lead_detail(lead: Lead) -> dict[str, Any]:
    """The profile plus every fact, recommendation and handoff, oldest first."""
    detail = lead_summary(lead)
    detail["facts"] = [
        {"kind": fact.kind, "value": fact.value, "said_at": _iso(fact.said_at)} for fact in lead.facts
    ]
    detail["recommendations"] = [
        {"catalog_item_id": rec.catalog_item_id, "reason": rec.reason, "shown_at": _iso(rec.shown_at)}
        for rec in lead.recommendations
    ]
    detail["handoffs"] = [handoff_summary(handoff) | {"internal_notes": [
        {"text": note.text, "written_at": _iso(note.created_at)} for note in handoff.internal_notes]}
        for handoff in lead.handoffs]
    detail["pages"] = {key: value for key, value in pages_of(lead).items() if key != "local_time"}
    return detail
