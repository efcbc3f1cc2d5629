"""`python -m bot leads list|show`: what the assistant knows about visitors."""

import argparse
import sys

from bot.cli.output import print_json, print_table
from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.db.serialize import lead_detail, lead_summary
from bot.settings import load_settings


def _list(args: argparse.Namespace) -> int:
    with session_scope(load_settings().database_url) as session:
        leads = [lead_summary(lead) for lead in Repository(session).list_leads(limit=args.limit)]
    if args.json:
        print_json(leads)
    else:
        print_table(
            ["sender_id", "name", "email", "role", "company_size", "timeline", "last_seen"],
            [[lead[key] for key in ("sender_id", "name", "email", "role", "company_size",
                                    "timeline", "last_seen")] for lead in leads],
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    with session_scope(load_settings().database_url) as session:
        lead = Repository(session).get_lead(args.sender)
        detail = lead_detail(lead) if lead else None
    if detail is None:
        print(f"error: no lead with sender id {args.sender!r}", file=sys.stderr)
        return 1
    if args.json:
        print_json(detail)
        return 0
    for key, value in lead_summary_lines(detail):
        print(f"{key:>14}: {value}")
    return 0


def lead_summary_lines(detail: dict) -> list:
    """Flatten a lead detail into (label, text) pairs for the terminal."""
    lines = [(key, detail[key]) for key in ("sender_id", "name", "email", "company", "role",
                                            "company_size", "timeline", "opted_out", "first_seen",
                                            "last_seen")]
    lines.append(("consent", f"{detail['consent']['scope']} at {detail['consent']['at']}"
                  if detail["consent"]["scope"] else "none"))
    lines += [(f"fact:{fact['kind']}", f"{fact['value']}  ({fact['said_at']})") for fact in detail["facts"]]
    lines += [("recommended", f"{rec['catalog_item_id']}: {rec['reason']}") for rec in detail["recommendations"]]
    lines += [("handoff", f"#{h['id']} {h['status']} ({h['reason']})") for h in detail["handoffs"]]
    return lines


def register(commands: argparse._SubParsersAction) -> None:
    leads = commands.add_parser("leads", help="list or show leads")
    actions = leads.add_subparsers(dest="leads_command", metavar="ACTION", required=True)
    list_parser = actions.add_parser("list", help="list leads, most recently seen first")
    list_parser.add_argument("--json", action="store_true", help="print JSON (see docs/CLI.md)")
    list_parser.add_argument("--limit", type=int, default=None, help="show at most this many")
    list_parser.set_defaults(run=_list)
    show = actions.add_parser("show", help="show one lead with facts, recommendations and handoffs")
    show.add_argument("sender", help="the visitor's Rasa sender id")
    show.add_argument("--json", action="store_true", help="print JSON (see docs/CLI.md)")
    show.set_defaults(run=_show)
