"""What the inbox shows, read from SQL in plain dicts (safe to pass to templates and JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.db.engine import session_scope
from bot.db.models import Handoff, Lead, utcnow
from bot.db.repository import Repository
from bot.db.serialize import handoff_summary, lead_summary, pages_of
from bot.handoff.lifecycle import INBOX_STATUSES
from bot.handoff.offers import is_online
from bot.handoff.saved_replies import SavedReply, fill, visitor_values
from bot.profile.contact_preferences import for_reps
from bot.profile.contact_rules import preferences_of
from bot.profile.facts import PROFILE_FACTS, known_value


def _queue_row(handoff: Handoff) -> dict[str, Any]:
    lead = handoff.lead
    pages = pages_of(lead)
    return {
        "id": handoff.id, "sender_id": lead.sender_id, "name": lead.name, "company": lead.company,
        # The email only with consent to be contacted, as everywhere else a rep could copy it from.
        "email": lead.email if lead.consent_at and not lead.opted_out else None,
        "page": pages["last_page"], "source": pages["first_page"]["source"] if pages["first_page"] else None,
        "local_time": pages["local_time"],
        "offered_rep_id": handoff.offered_rep_id,
        "offered_to": handoff.offered_rep.display_name if handoff.offered_rep else None,
        "status": handoff.status, "warmth_score": handoff.warmth_score, "reason": handoff.reason,
        "warmth_reasons": json.loads(handoff.warmth_reasons or "[]"),
        "waiting_since": handoff.created_at.isoformat(),
        "assigned_rep": handoff.assigned_rep.display_name if handoff.assigned_rep else None,
        "contact": for_reps(preferences_of(lead)),
    }


def _contact(lead: Lead) -> dict[str, Any]:
    """How the visitor wants to be contacted: the rep's one line, their words, and whether they set it on the card."""
    preferences = preferences_of(lead)
    return {"summary": for_reps(preferences), "said": preferences.said, "on_card": bool(lead.contact_set_on_card)}


def inbox_queue(database_url: str, rep_id: int | None = None) -> list[dict[str, Any]]:
    """Handoffs a rep should look at: open, waiting for follow-up or handed back; warmest first; with how many
    messages the visitor wrote since `rep_id` last read each one."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        handoffs = repo.inbox_queue(INBOX_STATUSES)
        unread = repo.unread_counts(rep_id, handoffs) if rep_id is not None else {}
        return [_queue_row(handoff) | {"unread": unread.get(handoff.id, 0)} for handoff in handoffs]


def mark_read(database_url: str, rep_id: int, handoff_id: int, until: float) -> None:
    """The rep has seen the conversation up to `until` (epoch seconds)."""
    with session_scope(database_url) as session:
        Repository(session).mark_read(rep_id, handoff_id, until)


def handoff_card(database_url: str, handoff_id: int) -> dict[str, Any] | None:
    """The handoff with its lead card: profile, facts, consent, warmth and recommendations shown."""
    with session_scope(database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        if handoff is None:
            return None
        lead = handoff.lead
        facts = Repository(session).latest_facts(lead.sender_id)
        corrected = Repository(session).corrected_by_visitor(lead.sender_id)
        return {
            "handoff": handoff_summary(handoff) | {"assigned_rep_id": handoff.assigned_rep_id},
            "lead": lead_summary(lead) | {"warmth_score": lead.warmth_score,
                                          "warmth_reasons": json.loads(lead.warmth_reasons or "[]")},
            "facts": facts,
            # Every profile fact, in the order bot/profile/facts.py declares them (None: not shared).
            "profile": [{"label": fact.label, "value": known_value(facts.get(fact.name)),
                         "corrected": fact.name in corrected} for fact in PROFILE_FACTS],
            "email_corrected": "email" in corrected,
            "contact": _contact(lead),
            "pages": pages_of(lead),
            # The same visitor's other conversations with the team, newest first.
            "earlier": [{"id": other.id, "status": other.status, "reason": other.reason, "outcome": other.outcome,
                         "rating": other.rating, "created_at": other.created_at.isoformat(),
                         "rep": other.assigned_rep.display_name if other.assigned_rep else None}
                        for other in sorted(lead.handoffs, key=lambda h: h.created_at, reverse=True)
                        if other.id != handoff.id],
            "notes": [{"who": "note", "text": note.text, "at": note.created_at.timestamp(),
                       "rep": note.rep.display_name if note.rep else "a former rep"}
                      for note in handoff.internal_notes],
            "recommendations": [{"catalog_item_id": r.catalog_item_id, "reason": r.reason}
                                for r in lead.recommendations],
        }


def with_notes(lines: list[dict[str, Any]], notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The transcript with the team's notes placed where they were written (by time)."""
    if not notes:
        return lines
    merged = [(line.get("at") or 0.0, 0, index, line) for index, line in enumerate(lines)]
    merged += [(note["at"], 1, index, note) for index, note in enumerate(notes)]
    return [line for *_, line in sorted(merged, key=lambda entry: entry[:3])]


def saved_reply_choices(card: dict[str, Any], replies: Sequence[SavedReply], rep_name: str) -> list[dict[str, Any]]:
    """Each saved reply filled in for this visitor, or with the placeholders it still needs."""
    profile = {"name": card["lead"]["name"], "company": card["lead"]["company"],
               "goal": known_value(card["facts"].get("goal")), "challenge": known_value(card["facts"].get("challenge"))}
    values = visitor_values(profile, rep_name)
    return [{"id": reply.id, "title": reply.title, "text": fill(reply, values),
             "needs": sorted(reply.placeholders - set(values))} for reply in replies]


def colleagues(database_url: str, rep_id: int) -> list[dict[str, Any]]:
    """Every other rep, online ones first, for passing a conversation on."""
    now = utcnow()
    with session_scope(database_url) as session:
        others = [rep for rep in Repository(session).list_reps() if rep.id != rep_id]
        listed = [{"id": rep.id, "name": rep.display_name, "online": is_online(rep, now)} for rep in others]
    return sorted(listed, key=lambda colleague: not colleague["online"])
