"""`python -m bot handoffs list`: conversations passed to people."""

import argparse

from bot.cli.output import print_json, print_table
from bot.db.engine import session_scope
from bot.db.models import HandoffStatus
from bot.db.repository import Repository
from bot.db.serialize import handoff_summary
from bot.settings import load_settings


def _list(args: argparse.Namespace) -> int:
    with session_scope(load_settings().database_url) as session:
        handoffs = [handoff_summary(h) for h in Repository(session).list_handoffs(status=args.status)]
    if args.json:
        print_json(handoffs)
    else:
        print_table(
            ["id", "sender_id", "status", "warmth", "reason", "created_at"],
            [[h["id"], h["sender_id"], h["status"], h["warmth_score"], h["reason"], h["created_at"]]
             for h in handoffs],
        )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    handoffs = commands.add_parser("handoffs", help="list handoffs to sales reps")
    actions = handoffs.add_subparsers(dest="handoffs_command", metavar="ACTION", required=True)
    list_parser = actions.add_parser("list", help="list handoffs, newest first")
    list_parser.add_argument("--json", action="store_true", help="print JSON (see docs/CLI.md)")
    list_parser.add_argument("--status", choices=[status.value for status in HandoffStatus],
                             help="only handoffs with this status")
    list_parser.set_defaults(run=_list)
