"""Server-sent events: push a JSON payload to the browser whenever it changes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from aiohttp import web

POLL_SECONDS = 1.5


async def stream_changes(request: web.Request, produce: Callable[[], Awaitable[object]]) -> web.StreamResponse:
    """Send `await produce()` when it differs from what was last sent, until the client goes away or
    `produce` returns None (what was streamed is gone)."""
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
    await response.prepare(request)
    last = None
    try:
        while True:
            produced = await produce()
            if produced is None:
                break
            payload = json.dumps(produced)
            if payload != last:
                await response.write(f"data: {payload}\n\n".encode())
                last = payload
            await asyncio.sleep(POLL_SECONDS)
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response
