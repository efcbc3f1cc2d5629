"""The action server's handle on the SQL store, configured from `.env`."""

from functools import lru_cache

from bot.memory import VisitorMemory
from bot.settings import load_settings


@lru_cache(maxsize=1)
def visitor_memory() -> VisitorMemory:
    """The process-wide `VisitorMemory` for the configured database."""
    return VisitorMemory(load_settings().database_url)
