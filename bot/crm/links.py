"""Which CRM record belongs to which lead: remembered on each sync, read when the lead is forgotten."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import CrmLink


def find_link(session: Session, system: str, lead_public_id: str) -> CrmLink | None:
    return session.scalar(select(CrmLink).where(CrmLink.system == system,
                                                CrmLink.lead_public_id == lead_public_id))


def remember_link(session: Session, system: str, lead_public_id: str, remote_id: str) -> CrmLink:
    """Record (or correct) the CRM record id for this lead."""
    link = find_link(session, system, lead_public_id)
    if link is None:
        link = CrmLink(system=system, lead_public_id=lead_public_id, remote_id=remote_id)
        session.add(link)
    else:
        link.remote_id = remote_id
    session.flush()
    return link


def drop_link(session: Session, link: CrmLink) -> None:
    session.delete(link)
    session.flush()
