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
    """Store `preferences` (merged into the earlier ones when heard in the chat) and record the event; saying
    again in the chat what the chat already set changes nothing (a card edit always replaces)."""
    lead = repo.get_lead(sender_id)
    earlier = preferences_of(lead) if lead is not None and not on_card else NONE
    wanted = merged(earlier, preferences)
    if not on_card and lead is not None and not lead.contact_set_on_card and _same_wish(preferences_of(lead), wanted):
        return lead
    lead = repo.set_contact_preferences(sender_id, wanted, on_card)
    repo.add_event("contact.preferences_set", lead.id, identity_of(lead),
                   {"contact": lead_contact(lead, today), "set_on_card": on_card})
    return lead


def _same_wish(kept: ContactPreferences, wanted: ContactPreferences) -> bool:
    """Same channel, date and scope (the words may differ: "like I said, email only")."""
    return (kept.channel, kept.not_before, kept.scope) == (wanted.channel, wanted.not_before, wanted.scope)
