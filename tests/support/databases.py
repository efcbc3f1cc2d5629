"""Fresh, migrated databases for tests: a SQLite file, or a new PostgreSQL database when configured."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.db.migrate import upgrade_database

# Set in CI to a PostgreSQL server URL; each test then gets a database of its own on that server.
SERVER_URL_VARIABLE = "LEADBOT_TEST_DATABASE_URL"


@contextmanager
def fresh_database(tmp_dir: Path, migrated: bool = True, file_name: str = "leadbot-test.db") -> Iterator[str]:
    """Yield the URL of a new database (migrated unless `migrated` is False: empty); drop it afterwards."""
    server_url = os.environ.get(SERVER_URL_VARIABLE)
    if not server_url:
        url = f"sqlite:///{tmp_dir / file_name}"
        if migrated:
            upgrade_database(url)
        yield url
        return
    name = f"leadbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        if migrated:
            upgrade_database(url)
        yield url
    finally:
        from bot.db.engine import engine_for

        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
