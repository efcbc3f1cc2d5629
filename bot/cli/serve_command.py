"""`python -m bot serve`: run Rasa, the action server and the web app in the foreground."""

import argparse

from bot.runtime.supervisor import run_services
from bot.settings import load_settings, require_secret


def _serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    require_secret(settings.rasa_token, "RASA_TOKEN")
    require_secret(settings.session_secret, "SESSION_SECRET")
    return run_services(settings, args.model)


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="run the Rasa server, action server and web app")
    serve.add_argument("--model", help="model file or folder (default: the newest in models/)")
    serve.set_defaults(run=_serve)
