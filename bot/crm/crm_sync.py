"""One event, applied to one CRM: the consented lead upserted as it is now (with the claiming rep as owner,
the outcome once closed), each handoff's summary as a HubSpot note once, and the CRM's copy deleted when the
visitor is forgotten. Events without the visitor's consent never reach a CRM (see `wants`); while the visitor's
contact preferences forbid sales follow-up ("not before 1 July", "just send the guide") they wait (`ContactHeld`)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.crm.field_mapping import FieldMapping
from bot.crm.hubspot import HubSpot
from bot.crm.lead_details import lead_details
from bot.crm.links import drop_link, find_link, remember_link
from bot.crm.salesforce import Salesforce
from bot.db.models import CrmLink, Lead, OutboundEvent
from bot.events.envelope import identity_of
from bot.profile.contact_rules import Contact, preferences_of, refusal
from bot.settings import CrmConnection, HubSpotConnection


class ContactHeld(Exception):
    """The visitor asked not to be followed up yet: the event waits until `until` (None: re-checked daily)."""

    def __init__(self, reason: str, until: date | None) -> None:
        super().__init__(reason)
        self.until = until


CRM_EVENTS = ("lead.updated", "contact.consented", "handoff.queued", "handoff.claimed", "handoff.closed",
              "visitor.forgotten")


def wants(event_type: str, body: dict[str, Any]) -> bool:
    """Whether a CRM should get this event: it names a consented visitor (their email is in it), or asks
    that a lead be deleted."""
    if event_type == "visitor.forgotten":
        return True
    return event_type in CRM_EVENTS and bool((body.get("lead") or {}).get("email"))


def client_for(connection: CrmConnection, mapping: FieldMapping) -> HubSpot | Salesforce:
    if isinstance(connection, HubSpotConnection):
        return HubSpot(connection, mapping.hubspot)
    return Salesforce(connection, mapping.salesforce)


def _note_latest_handoff(hubspot: HubSpot, lead: Lead, link: CrmLink, inbox_url: str, now: datetime) -> None:
    """The latest handoff's summary and inbox link as a note on the contact, once per handoff."""
    handoff = lead.handoffs[-1] if lead.handoffs else None
    if handoff is None or not handoff.summary or link.noted_handoff_id == handoff.id:
        return
    text = f"{handoff.summary}\n\nConversation in the inbox: {inbox_url}/handoffs/{handoff.id}"
    hubspot.add_note(link.remote_id, text, handoff.created_at, None, now)
    link.noted_handoff_id = handoff.id


def apply_event(connection: CrmConnection, mapping: FieldMapping, event: OutboundEvent, session: Session,
                now: datetime, inbox_url: str) -> None:
    """Apply one event to the CRM; a DeliveryError leaves it to be retried."""
    body = json.loads(event.body)
    public_id = str(body["lead"]["id"])
    client = client_for(connection, mapping)
    if event.type == "visitor.forgotten":
        link = find_link(session, connection.name, public_id)
        if link is not None:
            client.delete_record(link.remote_id, public_id, now)
            drop_link(session, link)
        return
    lead = session.scalar(select(Lead).where(Lead.public_id == public_id))
    if lead is None or not identity_of(lead).consented or not lead.email:
        return  # forgotten or opted out since: nothing more may go out
    refused = refusal(preferences_of(lead), Contact.SALES_FOLLOW_UP, now.date())
    if refused is not None:  # a CRM record starts sales outreach: it waits for the day they named, or for them
        raise ContactHeld(refused.reason, refused.until)
    data = body.get("data") or {}
    outcome = data.get("outcome") if event.type == "handoff.closed" else None
    rep_email = str((data.get("rep") or {}).get("email") or "").lower()
    owner = client.mapping.owners.get(rep_email) if event.type == "handoff.claimed" else None
    remote_id = client.upsert_record(lead_details(lead, outcome), owner, now)
    link = remember_link(session, connection.name, public_id, remote_id)
    if isinstance(client, HubSpot):  # Salesforce Leads carry no notes here
        _note_latest_handoff(client, lead, link, inbox_url, now)
