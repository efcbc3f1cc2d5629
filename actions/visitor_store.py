"""The action server's handle on the SQL store, configured from `.env`."""

import asyncio
from functools import lru_cache
from typing import Any, Callable, TypeVar

from bot.profile.visitor_store import VisitorStore
from bot.settings import load_settings

T = TypeVar("T")


@lru_cache(maxsize=1)
def visitor_store() -> VisitorStore:
    """The process-wide `VisitorStore` for the configured database."""
    return VisitorStore(load_settings().database_url)


async def off_loop(call: Callable[..., T], *args: Any) -> T:
    """Run a blocking database call in a worker thread so other conversations keep flowing."""
    return await asyncio.to_thread(call, *args)
