"""The live queue: conversations waiting for a person, warmest first (page, JSON, and server-sent events)."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from bot.db.off_loop import off_loop
from bot.web.access import signed_in
from bot.web.event_stream import stream_changes
from bot.web.inbox.read_model import inbox_queue
from bot.web.presence import keep_present, set_presence
from bot.web.templating import render, render_fragment

routes = web.RouteTableDef()
ROWS_TEMPLATE = "queue_rows.html"


async def _queue(request: web.Request) -> list[dict]:
    return await off_loop(inbox_queue, request.app["settings"].database_url, request["rep"].id)


@routes.get("/inbox")
@signed_in
async def queue_page(request: web.Request) -> web.Response:
    return render("queue.html", rep=request["rep"], csrf=request["csrf"], queue=await _queue(request))


@routes.post("/inbox/presence")
@signed_in
async def change_presence(request: web.Request) -> web.Response:
    """The rep goes online (offered new conversations) or away."""
    try:
        await off_loop(set_presence, request.app["settings"].database_url, request["rep"].id,
                       str(request["form"].get("presence", "")))
    except ValueError as problem:
        raise web.HTTPBadRequest(text=str(problem), content_type="text/plain") from None
    referer = request.headers.get("Referer", "")
    back = urlsplit(referer).path if referer.startswith(request.app["settings"].public_web_url) else ""
    raise web.HTTPSeeOther(back if back.startswith("/inbox") else "/inbox")


@routes.get("/inbox/api/queue")
@signed_in
async def queue_json(request: web.Request) -> web.Response:
    return web.json_response(await _queue(request))


@routes.get("/inbox/events")
@signed_in
async def queue_events(request: web.Request) -> web.StreamResponse:
    """The queue's rows, rendered by the same (escaping) template as the page, whenever they change."""

    async def rows() -> dict:
        await keep_present(request)  # an open queue page keeps the rep online
        return {"html": render_fragment(ROWS_TEMPLATE, queue=await _queue(request), rep=request["rep"])}

    return await stream_changes(request, rows)
