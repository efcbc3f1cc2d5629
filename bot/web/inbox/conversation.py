"""One conversation: the lead card, the transcript from Rasa, and its live updates."""

from __future__ import annotations

from aiohttp import web

from bot.db.models import HandoffStatus
from bot.db.off_loop import off_loop
from bot.handoff.lifecycle import OUTCOMES
from bot.rasa_ext.conversation_api import RASA_UNAVAILABLE, transcript
from bot.web.access import signed_in
from bot.web.event_stream import stream_changes
from bot.web.inbox.read_model import colleagues, handoff_card, mark_read, saved_reply_choices, with_notes
from bot.web.path_ids import path_id
from bot.web.presence import keep_present
from bot.web.templating import render

routes = web.RouteTableDef()
UNAVAILABLE_LINE = {"who": "system", "text": "The transcript is unavailable right now (Rasa did not answer).",
                    "at": None, "rep": None}


def handoff_id_from(request: web.Request) -> int:
    """The handoff id in the path; a 404 for anything but a whole number."""
    return path_id(request, "handoff_id", "no such conversation")


async def _card_or_404(request: web.Request) -> dict:
    card = await off_loop(handoff_card, request.app["settings"].database_url, handoff_id_from(request))
    if card is None:
        raise web.HTTPNotFound(text="no such conversation")
    return card


async def _transcript(request: web.Request, sender_id: str) -> list[dict]:
    try:
        return transcript(await request.app["rasa"].events(sender_id))
    except RASA_UNAVAILABLE:
        return [UNAVAILABLE_LINE]


async def _visitor_typing(request: web.Request, card: dict) -> bool:
    """Asked only while a rep holds the chat (the widget reports typing only then)."""
    if card["handoff"]["status"] != HandoffStatus.ASSIGNED:
        return False
    try:
        return await request.app["rasa"].visitor_typing(card["lead"]["sender_id"])
    except RASA_UNAVAILABLE:
        return False


async def _mark_read(request: web.Request, handoff_id: int, lines: list[dict]) -> None:
    latest = max((line["at"] for line in lines if line.get("at")), default=None)
    if latest is not None:
        await off_loop(mark_read, request.app["settings"].database_url, request["rep"].id, handoff_id, latest)


@routes.get(r"/inbox/handoffs/{handoff_id}")
@signed_in
async def conversation_page(request: web.Request) -> web.Response:
    card = await _card_or_404(request)
    lines = with_notes(await _transcript(request, card["lead"]["sender_id"]), card["notes"])
    await _mark_read(request, card["handoff"]["id"], lines)
    replies = saved_reply_choices(card, request.app["saved_replies"], request["rep"].display_name)
    team = await off_loop(colleagues, request.app["settings"].database_url, request["rep"].id)
    return render("conversation.html", rep=request["rep"], csrf=request["csrf"], card=card, lines=lines,
                  outcomes=OUTCOMES, error=request.query.get("error"), saved_replies=replies, colleagues=team)


@routes.get(r"/inbox/api/handoffs/{handoff_id}/transcript")
@signed_in
async def transcript_json(request: web.Request) -> web.Response:
    card = await _card_or_404(request)
    return web.json_response({"handoff": card["handoff"],
                              "lines": with_notes(await _transcript(request, card["lead"]["sender_id"]),
                                                  card["notes"])})


@routes.get(r"/inbox/handoffs/{handoff_id}/events")
@signed_in
async def transcript_events(request: web.Request) -> web.StreamResponse:
    card = await _card_or_404(request)

    seen = {"lines": -1}

    async def produce() -> dict | None:
        await keep_present(request)  # an open conversation keeps the rep online
        # The conversation can disappear mid-stream (the visitor asked to be forgotten): end the stream then.
        fresh = await off_loop(handoff_card, request.app["settings"].database_url, card["handoff"]["id"])
        if fresh is None:
            return None
        lines = with_notes(await _transcript(request, card["lead"]["sender_id"]), fresh["notes"])
        if len(lines) != seen["lines"]:  # the rep's page shows what is new: read
            seen["lines"] = len(lines)
            await _mark_read(request, card["handoff"]["id"], lines)
        return {"handoff": fresh["handoff"], "lines": lines, "visitor_typing": await _visitor_typing(request, fresh)}

    return await stream_changes(request, produce)
