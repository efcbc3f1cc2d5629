"""`python -m bot forget SENDER`: erase everything stored about one visitor."""

import argparse
import sys

from bot.profile.visitor_store import forget_visitor
from bot.settings import load_settings


def _forget(args: argparse.Namespace) -> int:
    result = forget_visitor(load_settings().database_url, args.sender)
    if not result.lead_deleted and not result.tracker_events_deleted:
        print(f"error: nothing stored for sender id {args.sender!r}", file=sys.stderr)
        return 1
    print(f"forgot {args.sender}: lead {'deleted' if result.lead_deleted else 'not found'}, "
          f"{result.tracker_events_deleted} conversation events deleted")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    forget = commands.add_parser("forget", help="delete a visitor's lead data and conversation")
    forget.add_argument("sender", help="the visitor's Rasa sender id")
    forget.set_defaults(run=_forget)
