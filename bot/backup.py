"""Backing up and restoring the whole database (leads, handoffs, meetings and Rasa's conversations share it).

SQLite: the online backup API, safe while the stack runs (a consistent copy, page by page). PostgreSQL:
`pg_dump`'s custom format, restored with `pg_restore --clean`. A restore replaces what the database holds, so it
refuses a database that already has leads unless asked to replace them, and migrates the result to the current
schema afterwards.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from glob import glob
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from bot.db.engine import engine_for, session_scope
from bot.db.migrate import upgrade_database
from bot.db.models import Lead

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    leads: int  # leads in the database after the restore


def _sqlite_path(database_url: str) -> Path | None:
    url = make_url(database_url)
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def _pg_tool(name: str) -> str:
    """The newest installed `pg_dump`/`pg_restore` (Debian keeps one per version under /usr/lib/postgresql)."""
    versioned = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda path: int(path.split("/")[4]))
    found = versioned[-1] if versioned else shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client tools (Debian: postgresql-client)")
    return found


def _libpq_url(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(database_url: str, out: Path) -> Path:
    """Write a consistent copy of the database to `out` (through a temporary file, so `out` is never half
    written); returns `out`."""
    out = out.resolve()
    if not out.parent.is_dir():
        raise BackupError(f"cannot write {out}: the folder {out.parent} does not exist")
    partial = out.with_name(out.name + ".partial")
    source = _sqlite_path(database_url)
    try:
        if source is not None:
            if not source.is_file():
                raise BackupError(f"there is no database at {source}: run `make db` first")
            with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(partial)) as copy:
                live.backup(copy)  # the online backup API: writers may keep writing meanwhile
        else:
            subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}",
                            f"--dbname={_libpq_url(database_url)}"], check=True, capture_output=True, timeout=3600)
        os.replace(partial, out)
    except subprocess.CalledProcessError as error:
        raise BackupError(f"pg_dump failed: {error.stderr.decode(errors='replace').strip()}") from None
    finally:
        partial.unlink(missing_ok=True)
    out.chmod(0o600)  # it holds everything visitors told us
    return out


def _leads_in(database_url: str) -> int:
    if "leads" not in inspect(engine_for(database_url)).get_table_names():
        return 0
    with session_scope(database_url) as session:
        return int(session.scalar(select(func.count(Lead.id))) or 0)


def restore(database_url: str, backup_file: Path, replace: bool = False) -> Restored:
    """Replace the database's contents with the backup, then migrate it to the current schema."""
    if not backup_file.is_file():
        raise BackupError(f"there is no backup at {backup_file}")
    with backup_file.open("rb") as handle:
        magic = handle.read(16)
    target = _sqlite_path(database_url)
    expected = SQLITE_MAGIC if target is not None else PG_DUMP_MAGIC
    if not magic.startswith(expected):
        kind = "a SQLite database" if target is not None else "a pg_dump custom-format file"
        raise BackupError(f"{backup_file} is not {kind}: restore a file `python -m bot backup` wrote for this "
                          f"kind of database")
    if not replace and (present := _leads_in(database_url)):
        raise BackupError(f"the database already holds {present} lead(s); stop the stack and pass --replace to "
                          f"overwrite them with the backup")
    engine_for(database_url).dispose()  # no pooled connection may keep reading the old contents
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(backup_file)) as saved, closing(sqlite3.connect(target)) as live:
            if saved.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"{backup_file} is damaged (SQLite's integrity check failed)")
            saved.backup(live)
    else:
        result = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                 f"--dbname={_libpq_url(database_url)}", str(backup_file)],
                                capture_output=True, timeout=3600)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.decode(errors='replace').strip()}")
    upgrade_database(database_url)
    return Restored(leads=_leads_in(database_url))
