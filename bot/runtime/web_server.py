"""Starts the project's web app (aiohttp) on the configured address."""

import os

from aiohttp import web

from bot.settings import load_settings
from bot.web.app import create_app


def main() -> None:
    settings = load_settings()
    # Several workers (scaled profile): only one sends notifications and expires unclaimed handoffs.
    run_background = os.environ.get("WEB_RUN_BACKGROUND", "true").lower() != "false"
    web.run_app(create_app(settings, run_background=run_background), host=settings.web_host, port=settings.web_port,
                print=lambda message: print(message, flush=True))


if __name__ == "__main__":
    main()
