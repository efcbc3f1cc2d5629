"""The stack the benchmarks measure on the default profile: a fresh SQLite database, chat limits lifted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.db.migrate import upgrade_database
from bot.runtime.stack_process import UNLIMITED_CHAT, RunningStack, start_stack


@contextmanager
def default_profile_stack(model: Path, tmp: Path) -> Iterator[RunningStack]:
    """Migrate a new SQLite database under `tmp` and run the stack on it (one address sends for everyone)."""
    database_url = f"sqlite:///{tmp / 'bench.db'}"
    upgrade_database(database_url)
    with start_stack(model, database_url, tmp, UNLIMITED_CHAT) as stack:
        yield stack
