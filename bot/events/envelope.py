"""An event as subscribers receive it: id, type, time, the lead it is about, and the event's own data.

A lead is named by its public id only; name and email go out only while the visitor has consented to be
contacted (and has not opted out since).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

from bot.events.event_types import EVENT_TYPES

# Kept out of event data unless the visitor consented: they name a person.
PERSONAL_FIELDS = ("name", "email")


@dataclass(frozen=True)
class LeadIdentity:
    """Who an event is about, as far as the visitor allows it to be told."""

    public_id: str
    consented: bool = False
    name: str | None = None
    email: str | None = None

    def as_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"id": self.public_id}
        if self.consented:
            payload |= {"name": self.name, "email": self.email}
        return payload


def identity_of(lead: Any) -> LeadIdentity:
    """The identity of a `Lead` row (consented: consent given and not withdrawn)."""
    return LeadIdentity(public_id=lead.public_id, consented=bool(lead.consent_at) and not lead.opted_out,
                        name=lead.name, email=lead.email)


def shareable(values: Mapping[str, Any], lead: LeadIdentity) -> dict[str, Any]:
    """`values` without the personal fields unless the visitor consented."""
    return {key: value for key, value in values.items() if lead.consented or key not in PERSONAL_FIELDS}


def new_event_id() -> str:
    return f"evt_{uuid4().hex}"


def event_body(event_id: str, event_type: str, created_at: datetime, lead: LeadIdentity,
               data: Mapping[str, Any]) -> str:
    """The JSON body subscribers receive (validated by docs/events/<type>.schema.json)."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    return json.dumps({"id": event_id, "type": event_type,
                       "created_at": created_at.isoformat().replace("+00:00", "Z"),
                       "lead": lead.as_payload(), "data": dict(data)}, sort_keys=True, separators=(",", ":"))
