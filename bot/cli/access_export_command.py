"""`python -m bot export SENDER`: everything stored about one visitor, as JSON (their right of access)."""

import argparse
import json
import sys
from pathlib import Path

from bot.profile.visitor_export import visitor_export
from bot.settings import load_settings


def _export(args: argparse.Namespace) -> int:
    document = visitor_export(load_settings().database_url, args.sender)
    if document is None:
        print(f"error: nothing stored for sender id {args.sender!r}", file=sys.stderr)
        return 1
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote everything stored about {args.sender} to {args.out}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="write everything stored about a visitor as JSON (right of access)")
    export.add_argument("sender", help="the visitor's Rasa sender id")
    export.add_argument("--out", type=Path, default=None, help="write to this file instead of the terminal")
    export.set_defaults(run=_export)
