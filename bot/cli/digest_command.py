"""`python -m bot digest [--week DATE] [--out DIR]`: what visitors wanted and the company could not serve."""

import argparse
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from bot.digest.render import write_digest
from bot.digest.unmet_needs import build_digest, monday_of
from bot.digest.weekly_email import last_full_week
from bot.settings import load_settings


def _digest(args: argparse.Namespace) -> int:
    if args.week:
        try:
            week_start = monday_of(date.fromisoformat(args.week))
        except ValueError:
            print(f"error: --week {args.week!r} must be a date like 2026-11-23", file=sys.stderr)
            return 2
    else:
        week_start = last_full_week(datetime.now(timezone.utc))
    paths = write_digest(build_digest(load_settings().database_url, week_start), Path(args.out))
    print(f"wrote {paths['html']} and {paths['markdown']} (week of {week_start})")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    digest = commands.add_parser("digest", help="write the unmet-needs digest for a week (HTML + Markdown)")
    digest.add_argument("--week", help="any day of the week to cover (YYYY-MM-DD; default: last full week)")
    digest.add_argument("--out", default="var/digest", help="folder to write into (default var/digest)")
    digest.set_defaults(run=_digest)
