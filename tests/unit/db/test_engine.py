"""The SQLite default is configured for several processes sharing one file."""

from sqlalchemy import text

from bot.db.engine import SQLITE_BUSY_TIMEOUT_MS, build_engine


def test_sqlite_uses_wal_and_busy_timeout(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT_MS
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    assert (tmp_path / "sub" / "x.db").exists()
