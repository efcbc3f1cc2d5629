"""The action server's handle on the SQL store, configured from `.env`."""

from functools import lru_cache

from bot.profile.visitor_store import VisitorStore
from bot.settings import load_settings


@lru_cache(maxsize=1)
def visitor_store() -> VisitorStore:
    """The process-wide `VisitorStore` for the configured database."""
    return VisitorStore(load_settings().database_url)
