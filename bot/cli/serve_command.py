"""`python -m bot serve`: run the whole product in the foreground (one machine, or the scaled profile)."""

from __future__ import annotations

import argparse
import dataclasses
import time

from sqlalchemy.exc import OperationalError

from bot.crm.field_mapping import MappingError, load_mapping
from bot.db.migrate import upgrade_database
from bot.paths import VAR_DIR
from bot.rasa_ext.channels.visitor_ids import chat_id_secret
from bot.runtime.local_backends import LocalPostgres, LocalRedis
from bot.runtime.scaled_profile import check_scaled_settings, scaled_stages
from bot.runtime.supervisor import Service, project_services, run_services
from bot.settings import Settings, SettingsError, export_variables, load_event_settings, load_settings, require_secret

MIGRATION_ATTEMPTS = 30


def _local_backends(settings: Settings) -> tuple[Settings, list[Service]]:
    """PostgreSQL and Redis under var/, and the settings that point at them."""
    postgres = LocalPostgres(VAR_DIR / "postgres", settings.local_postgres_port,
                             require_secret(settings.local_postgres_password, "LOCAL_POSTGRES_PASSWORD"))
    redis = LocalRedis(VAR_DIR / "redis", settings.local_redis_port,
                       require_secret(settings.local_redis_password, "LOCAL_REDIS_PASSWORD"))
    postgres.initialise()
    services = [Service("postgres", postgres.server_argv(), f"tcp://127.0.0.1:{postgres.port}"),
                Service("redis", redis.server_argv(), f"tcp://127.0.0.1:{redis.port}")]
    # Children inherit these: every Rasa server, action server and web worker uses the local backends.
    export_variables({"DATABASE_URL": postgres.url, "REDIS_URL": redis.url})
    return dataclasses.replace(settings, database_url=postgres.url, redis_url=redis.url), services


def _migrate_when_reachable(database_url: str) -> None:
    for attempt in range(MIGRATION_ATTEMPTS):
        try:
            upgrade_database(database_url)
            return
        except OperationalError:  # the server accepts connections a moment before it accepts logins
            if attempt == MIGRATION_ATTEMPTS - 1:
                raise
            time.sleep(1)


def _serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    require_secret(settings.rasa_token, "RASA_TOKEN")
    require_secret(settings.session_secret, "SESSION_SECRET")
    chat_id_secret(settings)
    event_settings = load_event_settings()  # a malformed subscription or CRM setting stops the start here
    if event_settings.crm:
        try:
            load_mapping(event_settings.crm_mapping_file)
        except MappingError as error:
            raise SettingsError(str(error)) from None
    if not args.scaled:
        return run_services(settings, [project_services(settings, args.model)])
    stages: list[list[Service]] = []
    if args.local_backends:
        settings, backends = _local_backends(settings)
        stages.append(backends)
    check_scaled_settings(settings)
    stages += scaled_stages(settings, args.model, VAR_DIR / "run" / f"nginx-{settings.rasa_port}")

    def before_stage(index: int) -> None:
        if args.local_backends and index == 1:
            _migrate_when_reachable(settings.database_url)

    return run_services(settings, stages, before_stage)


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="run the Rasa server, action server and web app")
    serve.add_argument("--model", help="model file or folder (default: the newest in models/)")
    serve.add_argument("--scaled", action="store_true",
                       help="2 Rasa servers, 2 action servers and 2 web workers behind nginx "
                            "(needs PostgreSQL in DATABASE_URL and REDIS_URL, or --local-backends)")
    serve.add_argument("--local-backends", action="store_true",
                       help="with --scaled: run PostgreSQL and Redis from Debian's packages under var/")
    serve.set_defaults(run=_serve)

