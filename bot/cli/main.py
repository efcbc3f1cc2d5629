"""Builds the `python -m bot` argument parser from each command module and runs a command."""

from __future__ import annotations

import argparse
import sys

from bot.cli import (
    access_export_command,
    backup_commands,
    check_command,
    crm_command,
    db_commands,
    digest_command,
    env_commands,
    export_story_command,
    forget_command,
    handoff_commands,
    lead_commands,
    reload_command,
    rep_commands,
    report_command,
    retention_command,
    review_command,
    serve_command,
    train_command,
)
from bot.settings import SettingsError

COMMAND_MODULES = (
    db_commands, env_commands, lead_commands, handoff_commands, forget_command, rep_commands,
    serve_command, check_command, review_command, export_story_command, report_command, reload_command,
    train_command, crm_command, access_export_command, retention_command, digest_command,
    backup_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Lead assistant command line.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
