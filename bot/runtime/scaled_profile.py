"""The production profile on one machine: 2 Rasa servers, 2 action servers and 2 web workers behind
nginx, sharing PostgreSQL (tracker store + the project's tables) and Redis (Rasa's lock store and
socket.io's message relay). The public ports stay the ones in .env; the backends use the next ones.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.runtime.balancer import Pool, nginx_binary, write_nginx_config
from bot.runtime.supervisor import Service
from bot.settings import Settings, SettingsError

SCALE = 2


def backend_ports(public_port: int) -> tuple[int, ...]:
    """The ports of the backends behind a public port: the next SCALE ones."""
    return tuple(public_port + index for index in range(1, SCALE + 1))


def rasa_backend_urls(settings: Settings) -> list[str]:
    """Each Rasa server of the scaled profile (for what must reach every one, like a model swap)."""
    return [f"http://{settings.rasa_host}:{port}" for port in backend_ports(settings.rasa_port)]


def check_scaled_settings(settings: Settings) -> None:
    """Refuse a scaled run that would silently lose its guarantees."""
    if not settings.redis_url:
        raise SettingsError("the scaled profile needs REDIS_URL (Rasa's lock store and the socket.io relay)")
    if settings.database_url.startswith("sqlite"):
        raise SettingsError("the scaled profile needs a server database: set DATABASE_URL to PostgreSQL")


def scaled_stages(settings: Settings, model_path: str | None, run_dir: Path) -> list[list[Service]]:
    """Two stages: the backends (action servers, Rasa servers, web workers), then the balancer."""
    python = sys.executable
    model = ["--model", model_path] if model_path else []
    services: list[Service] = []
    for index, port in enumerate(backend_ports(settings.action_port), start=1):
        services.append(Service(f"actions-{index}", [python, "-m", "bot.runtime.action_server"],
                                f"http://{settings.action_host}:{port}/health", {"ACTION_PORT": str(port)}))
    for index, port in enumerate(backend_ports(settings.rasa_port), start=1):
        # Sanic reads SANIC_* settings: trust nginx's X-Forwarded-For, so rate limits see visitors' addresses.
        services.append(Service(f"rasa-{index}", [python, "-m", "bot.runtime.rasa_server", *model],
                                f"http://{settings.rasa_host}:{port}/",
                                {"RASA_PORT": str(port), "SANIC_PROXIES_COUNT": "1"}))
    for index, port in enumerate(backend_ports(settings.web_port), start=1):
        # Notifications and claim timeouts run in one worker only, so nothing is sent twice.
        services.append(Service(f"web-{index}", [python, "-m", "bot.runtime.web_server"],
                                f"http://{settings.web_host}:{port}/healthz",
                                {"WEB_PORT": str(port), "WEB_RUN_BACKGROUND": "true" if index == 1 else "false"}))
    config = write_nginx_config(
        run_dir,
        Pool("rasa", settings.rasa_host, settings.rasa_port, backend_ports(settings.rasa_port)),
        Pool("actions", settings.action_host, settings.action_port, backend_ports(settings.action_port)),
        Pool("web", settings.web_host, settings.web_port, backend_ports(settings.web_port)),
    )
    balancer = Service("balancer", [nginx_binary(), "-c", str(config), "-p", str(run_dir)], f"{settings.rasa_url}/")
    return [services, [balancer]]
