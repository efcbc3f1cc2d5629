"""Starts the rasa_sdk action server bound to the configured (loopback by default) address."""

import importlib
import os

from bot.paths import PROJECT_ROOT
from bot.settings import export_variables, load_settings


def main() -> None:
    settings = load_settings()
    os.chdir(PROJECT_ROOT)
    # rasa_sdk reads its bind address only from SANIC_HOST; without it, it listens on 0.0.0.0.
    export_variables({"SANIC_HOST": settings.action_host})
    from rasa_sdk.endpoint import run

    from bot.db.statement_log import install_from_environment
    from bot.runtime.long_lived_objects import freeze_long_lived

    install_from_environment("action_server")
    importlib.import_module("actions")  # the actions and their content, loaded now so the freeze covers them
    freeze_long_lived()

    run("actions", port=settings.action_port, cors_origins=None)


if __name__ == "__main__":
    main()
