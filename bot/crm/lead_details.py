"""What the assistant knows about a lead, by the names the field mapping uses (data/crm_fields.yml)."""

from __future__ import annotations

import json
from typing import Any

from bot.profile.contact_preferences import for_reps
from bot.profile.contact_rules import preferences_of
from bot.profile.facts import known_value

NOT_PROVIDED = "[not provided]"  # Salesforce's own placeholder for a required field nobody gave


def _latest_fact(lead: Any, kind: str) -> str | None:
    values = [fact.value for fact in lead.facts if fact.kind == kind and known_value(fact.value)]
    return values[-1] if values else None


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """ "Sam Lee" -> ("Sam", "Lee"); one word is a first name."""
    parts = (name or "").split()
    if not parts:
        return None, None
    return parts[0], " ".join(parts[1:]) or None


def lead_details(lead: Any, outcome: str | None = None) -> dict[str, str]:
    """The lead's known details (nothing empty), for a visitor who consented to be contacted."""
    first, last = split_name(lead.name)
    reasons = json.loads(lead.warmth_reasons or "[]")
    details: dict[str, str | None] = {
        "email": lead.email, "first_name": first, "last_name": last, "company": lead.company,
        "role": known_value(lead.role), "company_size": known_value(lead.company_size),
        "timeline": known_value(lead.timeline), "goal": _latest_fact(lead, "goal"),
        "challenge": _latest_fact(lead, "challenge"), "warmth": str(lead.warmth_score),
        "warmth_reasons": "; ".join(str(reason) for reason in reasons) or None, "outcome": outcome,
        "lead_id": lead.public_id, "contact_preferences": for_reps(preferences_of(lead)),
    }
    return {name: str(value) for name, value in details.items() if value}
