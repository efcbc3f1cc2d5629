"""`python -m bot reload`: retrain what changed and put it live in the running assistant."""

import argparse
import sys
import urllib.error

from bot.rasa_ext.model_training import answers_with_token, replace_model, train
from bot.runtime.scaled_profile import rasa_backend_urls
from bot.settings import load_settings, require_secret


def _reload(_args: argparse.Namespace) -> int:
    settings = load_settings()
    token = require_secret(settings.rasa_token, "RASA_TOKEN")
    model = train()
    # The scaled profile runs several Rasa servers behind one address: each must load the new model.
    servers = [url for url in rasa_backend_urls(settings) if answers_with_token(url, token)] or [settings.rasa_url]
    for url in servers:
        try:
            replace_model(url, token, model)
        except (urllib.error.URLError, OSError) as error:
            print(f"trained {model.name}, but could not reach Rasa at {url} ({error}); "
                  "it will be used at the next `make run`", file=sys.stderr)
            return 2
    print(f"the running assistant now uses {model.name} ({len(servers)} Rasa server(s))")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    reload = commands.add_parser("reload", help="train what changed and swap the running assistant onto it")
    reload.set_defaults(run=_reload)
