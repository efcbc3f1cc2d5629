"""Counts the SQL round trips a process makes, for the benchmark (`make bench`).

With `SQL_STATEMENT_LOG` set to a file, every transaction begun, statement sent and commit made by any
SQLAlchemy engine in this process is appended to it as one line: `<pid> <process> <kind> <first words>`. Unset (the
default), nothing is installed and nothing is written.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

ENVIRONMENT_VARIABLE = "SQL_STATEMENT_LOG"


def install_from_environment(process_name: str) -> None:
    """Log this process's statements and commits if the benchmark asked for it (see the module docstring)."""
    path = os.environ.get(ENVIRONMENT_VARIABLE)
    if not path:
        return
    log = open(path, "a", buffering=1)  # kept open for the life of the process

    def write(kind: str, text: str = "") -> None:
        log.write(f"{os.getpid()}\t{process_name}\t{kind}\t{' '.join(text.split())[:80]}\n")

    def on_execute(_conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any,
                   executemany: bool) -> None:
        write("executemany" if executemany else "execute", statement)

    event.listen(Engine, "before_cursor_execute", on_execute)
    event.listen(Engine, "begin", lambda _conn: write("begin"))
    event.listen(Engine, "commit", lambda _conn: write("commit"))


def read_statement_log(path: str) -> list[tuple[str, str, str]]:
    """(process name, kind, statement) for each line written so far."""
    try:
        lines = open(path).read().splitlines()
    except FileNotFoundError:
        return []
    return [tuple(line.split("\t")[1:4]) for line in lines if line.count("\t") >= 3]  # type: ignore[misc]
