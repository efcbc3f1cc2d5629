"""`python -m bot env init`: create `.env` with random secrets if it does not exist.
`python -m bot env rotate NAME [--grace-days N]`: a new CHAT_ID_SECRET or SESSION_SECRET, the old one still
accepted for N days."""

import argparse
import sys
from datetime import datetime, timedelta, timezone

from bot.envfile import add_missing_secrets, ensure_env_file, rotate_secret
from bot.key_ring import ROTATABLE, KeyRingError
from bot.paths import ENV_EXAMPLE_FILE, ENV_FILE

DEFAULT_GRACE_DAYS = 30


def _init(_args: argparse.Namespace) -> int:
    if ensure_env_file(ENV_FILE, ENV_EXAMPLE_FILE):
        print(f"created {ENV_FILE} with freshly generated secrets")
    elif added := add_missing_secrets(ENV_FILE):
        print(f"added newly needed secrets to {ENV_FILE}: {', '.join(added)}")
    return 0


def _rotate(args: argparse.Namespace) -> int:
    if args.grace_days < 0 or args.grace_days > 365:
        print("error: --grace-days must be between 0 and 365", file=sys.stderr)
        return 2
    try:
        retired = rotate_secret(ENV_FILE, args.name, datetime.now(timezone.utc), timedelta(days=args.grace_days))
    except (KeyRingError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{args.name} rotated in {ENV_FILE}: new signatures use the new key; the old one is accepted until "
          f"{retired.until:%Y-%m-%d %H:%M} UTC. Restart the stack (make run) for it to take effect.")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    env = commands.add_parser("env", help="manage the .env settings file")
    actions = env.add_subparsers(dest="env_command", metavar="ACTION", required=True)
    actions.add_parser("init", help="create .env from .env.example with random secrets").set_defaults(run=_init)
    rotate = actions.add_parser("rotate", help="give a signing secret a new value; the old one stays accepted")
    rotate.add_argument("name", choices=ROTATABLE, help="the secret to rotate")
    rotate.add_argument("--grace-days", type=int, default=DEFAULT_GRACE_DAYS,
                        help=f"how long the old key is still accepted (default {DEFAULT_GRACE_DAYS})")
    rotate.set_defaults(run=_rotate)
