"""`python -m bot check`: check content files (stories, rules, responses, catalog) for mistakes."""

import argparse
from pathlib import Path

from bot.content_check.runner import report, run_checks
from bot.paths import PROJECT_ROOT


def _check(args: argparse.Namespace) -> int:
    return report(run_checks(Path(args.root).resolve(), with_rasa=not args.skip_rasa))


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="check stories, rules, responses and the catalog for mistakes")
    check.add_argument("--root", default=str(PROJECT_ROOT), help="project folder to check (default: this one)")
    check.add_argument("--skip-rasa", action="store_true", help="skip Rasa's own `rasa data validate`")
    check.set_defaults(run=_check)
