"""`python -m bot env init`: create `.env` with random secrets if it does not exist."""

import argparse

from bot.envfile import add_missing_secrets, ensure_env_file
from bot.paths import ENV_EXAMPLE_FILE, ENV_FILE


def _init(_args: argparse.Namespace) -> int:
    if ensure_env_file(ENV_FILE, ENV_EXAMPLE_FILE):
        print(f"created {ENV_FILE} with freshly generated secrets")
    elif added := add_missing_secrets(ENV_FILE):
        print(f"added newly needed secrets to {ENV_FILE}: {', '.join(added)}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    env = commands.add_parser("env", help="manage the .env settings file")
    actions = env.add_subparsers(dest="env_command", metavar="ACTION", required=True)
    actions.add_parser("init", help="create .env from .env.example with random secrets").set_defaults(run=_init)
