"""Keeping a visitor's contact preferences: heard in the chat (added to what they said before) or set on their
card (replacing it). Either way the lead row changes and a `contact.preferences_set` event tells connected
systems, in the caller's unit of work."""

from __future__ import annotations

from datetime import date

from bot.db.models import Lead
from bot.db.repository import Repository
from bot.events.envelope import identity_of
from bot.profile.contact_preferences import NONE, ContactPreferences, merged
from bot.profile.contact_rules import lead_contact, preferences_of


def keep_preferences(repo: Repository, sender_id: str, preferences: ContactPreferences, on_card: bool,
                     today: date) -> Lead:
    """Store `preferences` (merged into the earlier ones when heard in the chat) and record the event."""
    lead = repo.get_lead(sender_id)
    earlier = preferences_of(lead) if lead is not None and not on_card else NONE
    lead = repo.set_contact_preferences(sender_id, merged(earlier, preferences), on_card)
    repo.add_event("contact.preferences_set", lead.id, identity_of(lead),
                   {"contact": lead_contact(lead, today), "set_on_card": on_card})
    return lead
