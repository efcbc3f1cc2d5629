"""What a visitor's contact preferences forbid, asked the same way by every surface that could contact them:
meeting offers and bookings (a call), a rep's message offering a call or an email, follow-up notifications,
CRM sync and the CSV's email column. Each answer is None (allowed) or the reason, in words for reps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from bot.profile.contact_preferences import (
    CHAT_ONLY,
    CONTENT_ONLY,
    EMAIL_ONLY,
    PHONE_ONLY,
    ContactPreferences,
    day_label,
    for_reps,
)


class Contact(str, Enum):
    CALL = "call"  # a phone or video call, a meeting
    EMAIL = "email"  # an email that is not the transactional one they asked for (an invitation, their data)
    SALES_FOLLOW_UP = "sales_follow_up"  # any outreach by sales: CRM sync, a follow-up later


@dataclass(frozen=True)
class Refusal:
    """Why a contact is refused, and until when (None: until the visitor changes it)."""

    reason: str
    until: date | None = None


def refusal(preferences: ContactPreferences, contact: Contact, today: date) -> Refusal | None:
    """None when `contact` respects the preferences today; otherwise why not."""
    if contact is Contact.CALL and preferences.channel in (EMAIL_ONLY, CHAT_ONLY):
        return Refusal(f"they asked not to be called ({for_reps(preferences)})")
    if contact is Contact.EMAIL and preferences.channel in (PHONE_ONLY, CHAT_ONLY):
        return Refusal(f"they asked not to be emailed ({for_reps(preferences)})")
    if preferences.scope == CONTENT_ONLY and contact is not Contact.EMAIL:  # emailing what they asked for is fine
        return Refusal("they asked only for what they requested, no sales follow-up")
    if preferences.not_before and preferences.not_before > today:
        return Refusal(f"they asked not to be contacted before {day_label(preferences.not_before)}",
                       until=preferences.not_before)
    return None


def email_follow_up_allowed(preferences: ContactPreferences, today: date) -> bool:
    """Whether a rep may follow up by email today (what the assistant offers instead of a call)."""
    return refusal(preferences, Contact.EMAIL, today) is None and \
        refusal(preferences, Contact.SALES_FOLLOW_UP, today) is None


def preferences_of(lead: Any) -> ContactPreferences:
    """The preferences stored on a `Lead` row."""
    return ContactPreferences(lead.contact_channel, lead.contact_not_before, lead.contact_scope,
                              lead.contact_said or "")


def lead_contact(lead: Any, today: date) -> dict[str, Any]:
    """The preferences as connected systems receive them: structured, in one line, and whether sales may follow
    up today. Without the visitor's words (they may name people)."""
    preferences = preferences_of(lead)
    refused = refusal(preferences, Contact.SALES_FOLLOW_UP, today)
    structured = {key: value for key, value in preferences.as_json().items() if key != "said"}
    return structured | {"summary": for_reps(preferences), "may_follow_up": refused is None,
                         "why_not": refused.reason if refused else None}
