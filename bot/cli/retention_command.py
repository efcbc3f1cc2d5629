"""`python -m bot retention run [--dry-run]`: purge leads not seen for RETENTION_DAYS (the web app also does it
every hour)."""

import argparse
from datetime import datetime, timezone

from bot.retention import purge_inactive
from bot.settings import load_settings


def _run(args: argparse.Namespace) -> int:
    settings = load_settings()
    result = purge_inactive(settings.database_url, settings.retention_days, datetime.now(timezone.utc), args.dry_run)
    verb = "would purge" if args.dry_run else "purged"
    print(f"{verb} {result.leads} lead(s) not seen since {result.cutoff:%Y-%m-%d %H:%M} UTC "
          f"(RETENTION_DAYS={settings.retention_days})"
          + ("" if args.dry_run else f", with {result.conversation_events} conversation events"))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    retention = commands.add_parser("retention", help="purge leads who never came back (RETENTION_DAYS)")
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    run = actions.add_parser("run", help="purge now; anonymous counts stay for the report")
    run.add_argument("--dry-run", action="store_true", help="only count who would be purged")
    run.set_defaults(run=_run)
