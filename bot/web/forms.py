"""Posted forms, read so that a body that is not a readable form is the sender's error (400), not ours."""

from __future__ import annotations

from aiohttp import web
from multidict import MultiDictProxy


async def read_form(request: web.Request) -> MultiDictProxy:
    """The posted form; a 400 for a body in another encoding, an unknown charset or a truncated multipart."""
    try:
        return await request.post()
    except (ValueError, LookupError, AssertionError):  # aiohttp asserts when a multipart body ends early
        raise web.HTTPBadRequest(text="The form could not be read. Send it again as UTF-8.",
                                 content_type="text/plain") from None
