"""Blocking database work from async code (web app, action server), without stalling other requests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def off_loop(call: Callable[..., T], *args: Any) -> T:
    """Run `call(*args)` in a worker thread so other conversations keep flowing."""
    return await asyncio.to_thread(call, *args)
