"""`python -m bot report [--since DATE] [--out DIR]`: the voice-of-the-customer report."""

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from bot.discovery.catalog import load_catalog
from bot.report.numbers import build_report
from bot.report.render import write_report
from bot.settings import load_settings


def _since(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=timezone.utc)


def _report(args: argparse.Namespace) -> int:
    try:
        since = _since(args.since)
    except ValueError:
        print(f"error: --since {args.since!r} must be a date like 2026-11-01", file=sys.stderr)
        return 2
    data = build_report(load_settings().database_url, load_catalog(), since)
    paths = write_report(data, Path(args.out))
    print(f"wrote {paths['html']} (with {paths['chart'].name}) and {paths['markdown']}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="write the voice-of-the-customer report (HTML + Markdown)")
    report.add_argument("--since", help="only visitors first seen on or after this date (YYYY-MM-DD)")
    report.add_argument("--out", default="var/report", help="folder to write into (default var/report)")
    report.set_defaults(run=_report)
