"""A rep's moves on a conversation: claim, reply, note, pass to a colleague, hand back, close. Each is one
lifecycle call."""

from __future__ import annotations

from collections.abc import Awaitable
from urllib.parse import urlencode

from aiohttp import web

from bot.db.off_loop import off_loop
from bot.handoff import lifecycle
from bot.handoff.lifecycle import HandoffInputError, HandoffStateError
from bot.rasa_ext.conversation_api import RASA_UNAVAILABLE
from bot.web.access import signed_in
from bot.web.inbox.conversation import handoff_id_from

routes = web.RouteTableDef()


async def _run(request: web.Request, handoff_id: int, operation: Awaitable[None]) -> None:
    """Await the operation; its refusals become a message on the page (forms) or a 4xx (scripts)."""
    try:
        await operation
    except HandoffInputError as error:
        raise web.HTTPBadRequest(text=str(error), content_type="text/plain") from None
    except HandoffStateError as error:
        if "text/html" in request.headers.get("Accept", ""):  # a browser form: show it on the page
            raise web.HTTPSeeOther(f"/inbox/handoffs/{handoff_id}?{urlencode({'error': str(error)})}") from None
        raise web.HTTPConflict(text=str(error), content_type="text/plain") from None
    except RASA_UNAVAILABLE:
        raise web.HTTPServiceUnavailable(text="The assistant did not answer; try again in a moment.",
                                         content_type="text/plain") from None


def _back(handoff_id: int) -> web.HTTPFound:
    return web.HTTPFound(f"/inbox/handoffs/{handoff_id}")


def _context(request: web.Request) -> tuple:
    return request.app["settings"].database_url, handoff_id_from(request), request["rep"]


@routes.post(r"/inbox/handoffs/{handoff_id}/claim")
@signed_in
async def claim(request: web.Request) -> web.Response:
    database_url, handoff_id, rep = _context(request)
    await _run(request, handoff_id, lifecycle.claim(database_url, request.app["rasa"], handoff_id, rep))
    raise _back(handoff_id)


@routes.post(r"/inbox/handoffs/{handoff_id}/reply")
@signed_in
async def reply(request: web.Request) -> web.Response:
    database_url, handoff_id, rep = _context(request)
    text = str(request["form"].get("text", ""))
    await _run(request, handoff_id, lifecycle.reply(database_url, request.app["rasa"], handoff_id, rep, text))
    raise _back(handoff_id)


@routes.post(r"/inbox/handoffs/{handoff_id}/notes")
@signed_in
async def add_note(request: web.Request) -> web.Response:
    database_url, handoff_id, rep = _context(request)
    text = str(request["form"].get("text", ""))
    await _run(request, handoff_id, off_loop(lifecycle.add_note, database_url, handoff_id, rep.id, text))
    raise _back(handoff_id)


@routes.post(r"/inbox/handoffs/{handoff_id}/typing")
@signed_in
async def typing(request: web.Request) -> web.Response:
    database_url, handoff_id, rep = _context(request)
    await _run(request, handoff_id, lifecycle.show_typing(database_url, request.app["rasa"], handoff_id, rep))
    return web.Response(status=204)


@routes.post(r"/inbox/handoffs/{handoff_id}/transfer")
@signed_in
async def transfer(request: web.Request) -> web.Response:
    database_url, handoff_id, rep = _context(request)
    to_rep = str(request["form"].get("to_rep", ""))
    if not to_rep.isdigit() or len(to_rep) > 9:
        raise web.HTTPBadRequest(text="pick a colleague to pass this conversation to", content_type="text/plain")
    note = str(request["form"].get("note", ""))
    await _run(request, handoff_id, lifecycle.transfer(database_url, request.app["rasa"], handoff_id, rep,
                                                       int(to_rep), note))
    raise _back(handoff_id)


@routes.post(r"/inbox/handoffs/{handoff_id}/hand-back")
@signed_in
async def hand_back(request: web.Request) -> web.Response:
    database_url, handoff_id, rep = _context(request)
    await _run(request, handoff_id, lifecycle.hand_back(database_url, request.app["rasa"], handoff_id, rep))
    raise _back(handoff_id)


@routes.post(r"/inbox/handoffs/{handoff_id}/close")
@signed_in
async def close(request: web.Request) -> web.Response:
    database_url, handoff_id, rep = _context(request)
    outcome, notes = str(request["form"].get("outcome", "")), str(request["form"].get("notes", ""))
    await _run(request, handoff_id, lifecycle.close(database_url, request.app["rasa"], handoff_id, rep, outcome,
                                                                notes))
    raise web.HTTPFound("/inbox")
