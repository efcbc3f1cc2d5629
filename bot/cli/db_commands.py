"""`python -m bot db upgrade`: apply database migrations."""

import argparse

from bot.db.migrate import upgrade_database
from bot.settings import load_settings


def _upgrade(args: argparse.Namespace) -> int:
    upgrade_database(load_settings().database_url, args.revision)
    print(f"database is at revision {args.revision}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="manage the database schema")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="apply migrations up to the latest schema")
    upgrade.add_argument("revision", nargs="?", default="head", help="target revision (default: head)")
    upgrade.set_defaults(run=_upgrade)
