"""Starts the project's web app (aiohttp) on the configured address."""

from aiohttp import web

from bot.settings import load_settings
from bot.web.app import create_app


def main() -> None:
    settings = load_settings()
    web.run_app(create_app(settings, run_background=settings.web_run_background), host=settings.web_host,
                port=settings.web_port, print=lambda message: print(message, flush=True))


if __name__ == "__main__":
    main()
