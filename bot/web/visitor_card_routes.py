"""The visitor's "what we know" card over HTTP, for the chat widget: read it, correct a line, remove a line.

The chat token the server signed for the conversation (sent as `X-Chat-Token`) is the only credential, so a
visitor reaches only their own card. Browsers may call it from the web app and from CHAT_ALLOWED_ORIGINS.
After an edit the conversation's slot is set to match, so the assistant and the rep see the same thing.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web

from bot.db.off_loop import off_loop
from bot.profile.visitor_card import CONTACT, CardInputError, correct_line, remove_line, visitor_card
from bot.rasa_ext.channels import visitor_ids
from bot.rasa_ext.conversation_api import RASA_UNAVAILABLE
from bot.settings import Settings

logger = logging.getLogger(__name__)
routes = web.RouteTableDef()
TOKEN_HEADER = "X-Chat-Token"
MAX_BODY_BYTES = 4096


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _allowed_origin(request: web.Request) -> str | None:
    settings: Settings = request.app["settings"]
    origin = request.headers.get("Origin", "").rstrip("/")
    allowed = {settings.web_url.rstrip("/"), settings.public_web_url.rstrip("/"), *settings.chat_allowed_origins}
    return origin if origin in allowed else None


def _with_cors(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    origin = _allowed_origin(request)
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


def _conversation(request: web.Request) -> str | None:
    settings: Settings = request.app["settings"]
    return visitor_ids.verify(request.headers.get(TOKEN_HEADER, ""), settings.chat_id_keys)


@routes.options("/visitor/card")
async def card_preflight(request: web.Request) -> web.StreamResponse:
    response = web.Response(status=204)
    if _allowed_origin(request):
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = f"Content-Type, {TOKEN_HEADER}"
        response.headers["Access-Control-Max-Age"] = "600"
    return _with_cors(request, response)


@routes.get("/visitor/card")
async def read_card(request: web.Request) -> web.StreamResponse:
    """The card a rep would see about this visitor."""
    sender_id = _conversation(request)
    if sender_id is None:
        return _with_cors(request, _error(401, "this chat's id is missing or not one we issued"))
    card = await off_loop(visitor_card, request.app["settings"].database_url, sender_id)
    return _with_cors(request, web.json_response(card.as_json()))


async def _edit(request: web.Request) -> dict[str, Any]:
    """{"fact": name, "value": text} corrects a line; {"fact": name, "remove": true} removes it."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise CardInputError("that is too long for one line")
    raw = await request.content.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise CardInputError("that is too long for one line")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # nesting deep enough exhausts json's recursion
        raise CardInputError("send the change as JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("fact"), str):
        raise CardInputError('say which line: {"fact": ..., "value": ...} or {"fact": ..., "remove": true}')
    return body


@routes.post("/visitor/card")
async def edit_card(request: web.Request) -> web.StreamResponse:
    """Correct or remove one line; answers with the card as it is now."""
    sender_id = _conversation(request)
    if sender_id is None:
        return _with_cors(request, _error(401, "this chat's id is missing or not one we issued"))
    database_url = request.app["settings"].database_url
    try:
        body = await _edit(request)
        fact = body["fact"]
        if body.get("remove") is True:
            card = await off_loop(remove_line, database_url, sender_id, fact)
            slot_value: str | None = None
        else:
            card, slot_value = await off_loop(correct_line, database_url, sender_id, fact, body.get("value"))
    except CardInputError as error:
        return _with_cors(request, _error(422, str(error)))
    if fact == CONTACT:  # no slot: the assistant reads contact preferences from the store
        return _with_cors(request, web.json_response(card.as_json()))
    try:  # the assistant's memory of the conversation follows the card
        await request.app["rasa"].append(sender_id, [{"event": "slot", "name": fact, "value": slot_value}])
    except RASA_UNAVAILABLE:  # stored already: the card and the rep are right; only the assistant's slot lags
        logger.warning("could not set %s in the conversation of %s after a card edit", fact, sender_id, exc_info=True)
    return _with_cors(request, web.json_response(card.as_json()))
