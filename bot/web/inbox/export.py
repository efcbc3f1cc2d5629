"""Leads and handoffs as CSV downloads for reps (spreadsheet-safe)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.models import Lead, utcnow
from bot.db.off_loop import off_loop
from bot.db.repository import Repository
from bot.db.serialize import handoff_summary, lead_summary, pages_of
from bot.profile.contact_preferences import for_reps
from bot.profile.contact_rules import Contact, preferences_of, refusal
from bot.profile.facts import FACT_NAMES
from bot.visits.page_context import UTM_TAGS
from bot.web.access import signed_in

routes = web.RouteTableDef()


def csv_export(database_url: str, kind: str) -> str:
    """Leads or handoffs as CSV (visitor text is quoted by the csv module; formulas are neutralised)."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        today = utcnow().date()
        rows = ([lead_summary(lead) | {"consent": (lead.consent_scope or "")} | _contact_columns(lead, today)
                 | _profile_columns(lead) | _page_columns(lead) for lead in repo.list_leads()]
                if kind == "leads" else [handoff_summary(h) for h in repo.list_handoffs()])
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _contact_columns(lead: Lead, today: date) -> dict[str, str]:
    """How they want to be contacted; the email is left out without their agreement to be contacted or while they
    asked not to be emailed (a CSV feeds mailing tools), and `may_follow_up` says whether sales may reach out."""
    preferences = preferences_of(lead)
    emailing = refusal(preferences, Contact.EMAIL, today)
    follow_up = refusal(preferences, Contact.SALES_FOLLOW_UP, today)
    columns = {"contact_preferences": for_reps(preferences),
               "may_follow_up": "yes" if follow_up is None else f"no: {follow_up.reason}"}
    if lead.email and (not lead.consent_at or lead.opted_out):  # as everywhere a rep could copy it from
        columns["email"] = "(withheld: no agreement to be contacted)"
    elif emailing is not None:
        columns["email"] = f"(withheld: {emailing.reason})"
    return columns


def _profile_columns(lead: Lead) -> dict[str, str]:
    """One column per profile fact (bot/profile/facts.py), with the visitor's latest value."""
    latest = {fact.kind: fact.value for fact in lead.facts}
    return {name: latest.get(name, "") for name in FACT_NAMES}


def _page_columns(lead: Lead) -> dict[str, str]:
    """Where the lead first chatted (with the campaign that brought them) and where they chatted last."""
    pages = pages_of(lead)
    first, last = pages["first_page"] or {}, pages["last_page"] or {}
    return {"first_page": first.get("url", ""), "source": first.get("source", ""),
            "referrer": first.get("referrer", ""),
            **{f"utm_{tag}": first.get(f"utm_{tag}", "") for tag in UTM_TAGS},
            "last_page": last.get("url", ""), "language": last.get("language", ""),
            "timezone": last.get("timezone", "")}


def _cell(value: Any) -> str:
    text = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    # A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@routes.get(r"/inbox/export/{kind:leads|handoffs}.csv")
@signed_in
async def export_csv(request: web.Request) -> web.Response:
    kind = request.match_info["kind"]
    body = await off_loop(csv_export, request.app["settings"].database_url, kind)
    return web.Response(text=body, content_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'})
