"""Commands whose capability has not been built yet; they say so and exit non-zero."""

import argparse
import sys

PENDING = {
    "report": "write the voice-of-the-customer report",
}


def _not_built(args: argparse.Namespace) -> int:
    print(f"`python -m bot {args.command}` is not built yet.", file=sys.stderr)
    return 2


def register(commands: argparse._SubParsersAction) -> None:
    for name, help_text in PENDING.items():
        commands.add_parser(name, help=f"{help_text} (not built yet)").set_defaults(run=_not_built)
