"""Content the action server reads (the catalog, the answers) kept fresh: reloaded when its files change.

A marketer's edit goes live without restarting anything: each use compares the files' sizes and
modification times with those last loaded (a few stat calls). An edit with a mistake does not take the
assistant down: the last good content stays in use, and the error is logged once (`make check` names it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
logger = logging.getLogger(__name__)
Signature = tuple[tuple[str, int, int], ...]


def files_signature(paths: list[Path]) -> Signature:
    """Each file's path, size and modification time (a file that vanished drops out)."""
    signature = []
    for path in sorted(paths):
        try:
            stat = path.stat()
        except OSError:
            continue
        signature.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(signature)


class FreshContent(Generic[T]):
    """The value `load()` returns, loaded again whenever the files `paths()` lists change."""

    def __init__(self, load: Callable[[], T], paths: Callable[[], list[Path]]) -> None:
        self._load = load
        self._paths = paths
        self._lock = threading.Lock()
        self._loaded: tuple[T, Signature] | None = None
        self._failed: Signature | None = None

    def get(self) -> T:
        """The current content. The first load's error is raised; a later bad edit keeps the last good content."""
        signature = files_signature(self._paths())
        with self._lock:
            if self._loaded is None or signature not in (self._loaded[1], self._failed):
                try:
                    self._loaded = (self._load(), signature)
                    self._failed = None
                except ValueError as error:
                    if self._loaded is None:
                        raise
                    if signature != self._failed:
                        logger.error("content edit not loaded, still using the last good version: %s", error)
                    self._failed = signature
            return self._loaded[0]
