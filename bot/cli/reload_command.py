"""`python -m bot reload`: retrain what changed and put it live in the running assistant."""

import argparse
import sys
import urllib.error

from bot.rasa_models import replace_model, train
from bot.settings import load_settings, require_secret


def _reload(_args: argparse.Namespace) -> int:
    settings = load_settings()
    model = train()
    try:
        replace_model(settings.rasa_url, require_secret(settings.rasa_token, "RASA_TOKEN"), model)
    except (urllib.error.URLError, OSError) as error:
        print(f"trained {model.name}, but could not reach Rasa at {settings.rasa_url} ({error}); "
              "it will be used at the next `make run`", file=sys.stderr)
        return 2
    print(f"the running assistant now uses {model.name}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    reload = commands.add_parser("reload", help="train what changed and swap the running assistant onto it")
    reload.set_defaults(run=_reload)
