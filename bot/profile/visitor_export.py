"""Everything stored about one visitor, as one JSON document (their right of access)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from bot.conversation_events import typed_by_visitor
from bot.db.engine import session_scope
from bot.db.meeting_repository import MeetingRepository
from bot.db.repository import Repository
from bot.db.serialize import lead_detail
from bot.profile.contact_rules import preferences_of


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _message(type_name: str, data: str, timestamp: float) -> dict[str, Any] | None:
    event = json.loads(data)
    text = event.get("text") or ""
    if type_name == "user" and not typed_by_visitor(text):
        return None
    if not text:
        return None
    who = "visitor" if type_name == "user" else "rep" if (event.get("metadata") or {}).get("rep") else "assistant"
    return {"from": who, "text": text, "at": datetime.fromtimestamp(timestamp, timezone.utc).isoformat()}


def visitor_export(database_url: str, sender_id: str) -> dict[str, Any] | None:
    """The lead, facts, recommendations, handoffs, meetings, unmet needs, conversation and outgoing events; None if
    unknown."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        lead = repo.get_lead(sender_id)
        conversation = [m for row in repo.conversation_of(sender_id) if (m := _message(*row))]
        if lead is None:
            return {"sender_id": sender_id, "conversation": conversation} if conversation else None
        document = lead_detail(lead)
        document["public_id"] = lead.public_id
        document["warmth"] = {"score": lead.warmth_score, "reasons": json.loads(lead.warmth_reasons or "[]")}
        document["contact_preferences"] = preferences_of(lead).as_json() | {
            "set_at": _iso(lead.contact_set_at), "set_on_card": bool(lead.contact_set_on_card)}
        document["meetings"] = [
            {"starts_at": _iso(m.starts_at), "ends_at": _iso(m.ends_at), "status": m.status, "with": m.rep.display_name,
             "email": m.visitor_email, "timezone": m.visitor_timezone, "booked_at": _iso(m.created_at),
             "cancelled_at": _iso(m.cancelled_at)}
            for m in MeetingRepository(session).meetings_of(lead.id)]
        document["unmet_needs"] = [{"kind": need.kind, "said": need.said, "at": _iso(need.created_at)}
                                   for need in lead.unmet_needs]
        document["conversation"] = conversation
        document["events_sent_to_other_systems"] = [
            {"id": event.event_id, "type": event.type, "at": _iso(event.created_at), "body": json.loads(event.body)}
            for event in repo.events_about(lead.id)]
        return document
