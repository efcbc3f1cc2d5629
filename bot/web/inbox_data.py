"""What the inbox shows, read from SQL in plain dicts (safe to pass to templates and JSON)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from bot.db.engine import session_scope
from bot.db.models import Handoff, Lead
from bot.db.repository import Repository
from bot.db.serialize import handoff_summary, lead_summary
from bot.profile.facts import FACT_NAMES


def _queue_row(handoff: Handoff) -> dict[str, Any]:
    lead = handoff.lead
    return {
        "id": handoff.id, "sender_id": lead.sender_id, "name": lead.name, "company": lead.company,
        "status": handoff.status, "warmth_score": handoff.warmth_score, "reason": handoff.reason,
        "warmth_reasons": json.loads(handoff.warmth_reasons or "[]"),
        "waiting_since": handoff.created_at.isoformat(),
        "assigned_rep": handoff.assigned_rep.display_name if handoff.assigned_rep else None,
    }


def inbox_queue(database_url: str) -> list[dict[str, Any]]:
    with session_scope(database_url) as session:
        return [_queue_row(handoff) for handoff in Repository(session).inbox_queue()]


def handoff_card(database_url: str, handoff_id: int) -> dict[str, Any] | None:
    """The handoff with its lead card: profile, facts, consent, warmth and recommendations shown."""
    with session_scope(database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        if handoff is None:
            return None
        lead = handoff.lead
        facts = Repository(session).latest_facts(lead.sender_id)
        return {
            "handoff": handoff_summary(handoff) | {"assigned_rep_id": handoff.assigned_rep_id},
            "lead": lead_summary(lead) | {"warmth_score": lead.warmth_score,
                                          "warmth_reasons": json.loads(lead.warmth_reasons or "[]")},
            "facts": facts,
            "recommendations": [{"catalog_item_id": r.catalog_item_id, "reason": r.reason}
                                for r in lead.recommendations],
        }


def csv_export(database_url: str, kind: str) -> str:
    """Leads or handoffs as CSV (visitor text is quoted by the csv module; formulas are neutralised)."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        rows = ([lead_summary(lead) | {"consent": (lead.consent_scope or "")} | _profile_columns(lead)
                 for lead in repo.list_leads()]
                if kind == "leads" else [handoff_summary(h) for h in repo.list_handoffs()])
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _profile_columns(lead: Lead) -> dict[str, str]:
    """One column per profile fact (bot/profile/facts.py), with the visitor's latest value."""
    latest = {fact.kind: fact.value for fact in lead.facts}
    return {name: latest.get(name, "") for name in FACT_NAMES}


def _cell(value: Any) -> str:
    text = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    # A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
