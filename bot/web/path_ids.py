"""Ids in inbox paths: whole numbers the database can hold, anything else a 404."""

from __future__ import annotations

from aiohttp import web

MAX_ID_DIGITS = 18  # below 2**63: a longer one would overflow the database's integer


def path_id(request: web.Request, key: str, not_found: str) -> int:
    """The whole number in the path under `key`; a 404 saying `not_found` for anything else."""
    raw = request.match_info[key]
    if not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
        raise web.HTTPNotFound(text=not_found)
    return int(raw)
