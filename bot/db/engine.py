"""The one place that creates database engines and units of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _configure_sqlite(dbapi_connection, _record) -> None:
    # WAL lets Rasa, the action server and the web app read while one of them writes;
    # the busy timeout makes a writer wait for the lock instead of failing at once.
    # synchronous=NORMAL is the documented safe setting with WAL: a crash of the app loses nothing, and a
    # power cut can lose only the last commits, while every commit no longer waits for a disk flush.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def configure_sqlite_engine(engine: Engine) -> None:
    """Give an engine someone else created (Rasa's tracker store) the same SQLite settings."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)


def build_engine(database_url: str) -> Engine:
    """Create an engine for `database_url`, creating the SQLite file's folder if needed."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            engine = create_engine(url, future=True)
            configure_sqlite_engine(engine)
            return engine
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLAlchemy 1.4 opens a new SQLite connection (and runs the pragmas) for every unit of work; a pool
        # keeps them. A pooled connection is used by one thread at a time, so the thread check is not needed.
        engine = create_engine(
            url, future=True, poolclass=QueuePool,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        configure_sqlite_engine(engine)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


@cache
def engine_for(database_url: str) -> Engine:
    """Return the process-wide engine for `database_url`."""
    return build_engine(database_url)


@cache
def _session_factory(database_url: str) -> sessionmaker:
    return sessionmaker(bind=engine_for(database_url), future=True, expire_on_commit=False)


@contextmanager
def session_scope(database_url: str) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = _session_factory(database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
