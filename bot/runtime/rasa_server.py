"""Starts the Rasa server with settings from `.env`, keeping the API token off the command line."""

from __future__ import annotations

import argparse
import os
import sys
import urllib.parse
from pathlib import Path

from bot.paths import MODELS_DIR, PROJECT_ROOT
from bot.settings import Settings, export_variables, load_settings, require_secret


def rasa_run_arguments(settings: Settings, model_path: str) -> list:
    """The `rasa run` arguments for this project: API on, token-protected, loopback-bound."""
    return [
        "rasa", "run",
        "--enable-api",
        # `=` form: a generated token may start with "-", which argparse would take for an option.
        f"--auth-token={require_secret(settings.rasa_token, 'RASA_TOKEN')}",
        "--interface", settings.rasa_host,
        "--port", str(settings.rasa_port),
        "--model", model_path,
        "--endpoints", str(endpoints_file(settings)),
        "--credentials", str(PROJECT_ROOT / "credentials.yml"),
        # Browsers may call Rasa (the widget's socket.io channel) from the web app and from the sites
        # listed in CHAT_ALLOWED_ORIGINS.
        "--cors", settings.web_url, *settings.chat_allowed_origins,
        # Every request is answered within this bound (Rasa's default is an hour): a socket.io long-poll POST
        # that engine.io never answers (a bare "6" or "2probe") would otherwise hold a connection that long.
        # A long-poll GET returns by itself within engine.io's 25 s ping interval, well inside it.
        "--response-timeout", str(settings.rasa_response_timeout),
    ]


def endpoints_file(settings: Settings) -> Path:
    """endpoints.scaled.yml (Redis lock store) when REDIS_URL is set, else endpoints.yml."""
    return PROJECT_ROOT / ("endpoints.scaled.yml" if settings.redis_url else "endpoints.yml")


def export_endpoint_variables(settings: Settings) -> None:
    """Set the variables endpoints.yml refers to (Rasa substitutes ${...} there)."""
    variables = {"DATABASE_URL": settings.database_url, "ACTION_ENDPOINT_URL": f"{settings.action_url}/webhook"}
    if settings.redis_url:
        redis = urllib.parse.urlsplit(settings.redis_url)
        variables |= {"REDIS_HOST": redis.hostname or "127.0.0.1", "REDIS_PORT": str(redis.port or 6379),
                      "REDIS_PASSWORD": urllib.parse.unquote(redis.password or ""),
                      "REDIS_DB": redis.path.strip("/") or "0"}
    export_variables(variables)


def install_serving_hooks() -> None:
    """Everything this project changes in how Rasa serves (bot/rasa_ext/), before Rasa is imported; the NLU
    benchmark installs the same, so it times messages as the server parses them."""
    from bot.rasa_ext import import_order, training_code_deferred

    import_order.prepare()
    training_code_deferred.install()
    from bot.db.statement_log import install_from_environment
    from bot.rasa_ext import (
        answered_once,
        debug_log_arguments,
        domain_emptiness,
        encoding_ahead,
        form_mappings,
        frozen_after_load,
        graph_runner,
        incremental_applied_events,
        incremental_states,
        offered_payloads,
        paused_privacy,
        remote_actions,
        rule_matching,
        strict_tracker_store,
        tracker_copy,
    )

    install_from_environment("rasa_server")
    graph_runner.install()
    domain_emptiness.install()
    incremental_applied_events.install()
    incremental_states.install()
    rule_matching.install()
    debug_log_arguments.install()
    form_mappings.install()
    tracker_copy.install()
    remote_actions.install()
    strict_tracker_store.install()
    paused_privacy.install()
    offered_payloads.install()
    encoding_ahead.install()
    answered_once.install()  # after offered_payloads: it wraps the same hook and calls that wrapper
    frozen_after_load.install()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the Rasa server for this project.")
    parser.add_argument("--model", default=str(MODELS_DIR), help="model file or folder (default: models/)")
    args = parser.parse_args()
    settings = load_settings()
    export_endpoint_variables(settings)
    os.chdir(PROJECT_ROOT)
    # Rasa reads its options from sys.argv; /proc/<pid>/cmdline keeps the original, token-free one.
    sys.argv = rasa_run_arguments(settings, args.model)
    install_serving_hooks()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
