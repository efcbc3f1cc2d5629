"""`python -m bot backup --out FILE` and `python -m bot restore FILE [--replace]`: the whole database."""

import argparse
import sys
from pathlib import Path

from bot.backup import BackupError, backup, restore
from bot.settings import load_settings


def _backup(args: argparse.Namespace) -> int:
    try:
        written = backup(load_settings().database_url, Path(args.out))
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written} ({written.stat().st_size} bytes): keep it as safe as the database itself")
    return 0


def _restore(args: argparse.Namespace) -> int:
    try:
        restored = restore(load_settings().database_url, Path(args.file), replace=args.replace)
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"restored {args.file}: {restored.leads} lead(s); start the stack again (make run)")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    backup_parser = commands.add_parser("backup", help="copy the whole database to a file (safe while running)")
    backup_parser.add_argument("--out", required=True, help="the file to write")
    backup_parser.set_defaults(run=_backup)
    restore_parser = commands.add_parser("restore", help="replace the database's contents with a backup")
    restore_parser.add_argument("file", help="a file `python -m bot backup` wrote")
    restore_parser.add_argument("--replace", action="store_true",
                                help="overwrite a database that already holds leads (stop the stack first)")
    restore_parser.set_defaults(run=_restore)
