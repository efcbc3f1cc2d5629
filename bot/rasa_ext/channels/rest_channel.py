"""Rasa's REST channel with input validation, server-issued visitor ids and rate limits.

Stock Rasa files a message without a sender under "default" (one conversation shared by everyone),
lets anyone write into any conversation whose id they guess, and answers 500 to a body of the wrong
shape or when the database is down. Here: POST /webhooks/rest/visitor issues a signed visitor id,
POST /webhooks/rest/webhook accepts only such ids, bad input gets a 4xx, and a failure a 503.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa_ext.channels import visitor_ids
from bot.rasa_ext.channels.chat_input import (
    MAX_BODY_BYTES,
    SLOW_DOWN,
    TROUBLE,
    ChatInputError,
    ChatRateLimiter,
    answer_deadline,
    parse_chat_request,
    with_message_id,
)
from bot.rasa_ext.channels.repeat_guard import message_key, repeat_guard
from bot.settings import load_settings

logger = logging.getLogger(__name__)
UNKNOWN_VISITOR = "`sender` was not issued by this server: get one from POST /webhooks/rest/visitor"


class ValidatedRestInput(InputChannel):
    """POST {"sender": "<issued id>", "message": "..."}; replies come back in the response, as with stock REST."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ValidatedRestInput:
        credentials = credentials or {}
        settings = load_settings()
        return cls(int(credentials.get("per_sender_per_minute", settings.chat_limit_per_visitor)),
                   int(credentials.get("per_address_per_minute", settings.chat_limit_per_address)))

    def __init__(self, per_sender_per_minute: int = 20, per_address_per_minute: int = 600) -> None:
        settings = load_settings()
        redis_url = settings.redis_url
        self.answer_seconds = answer_deadline(settings.rasa_response_timeout)
        self.limiter = ChatRateLimiter(per_sender_per_minute, per_address_per_minute, redis_url=redis_url)
        self.keys = visitor_ids.chat_id_keys()
        self.repeats = repeat_guard(redis_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("validated_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/visitor", methods=["POST"])
        async def new_visitor(request: Request) -> HTTPResponse:
            # Counts against the address's limit, so minting ids cannot dodge the per-visitor limit.
            token = visitor_ids.issue(self.keys.current)
            if not self.limiter.allow(token, _address(request)):
                return response.json({"error": SLOW_DOWN}, status=429)
            return response.json({"sender": token}, status=201)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                if len(request.body or b"") > MAX_BODY_BYTES:
                    raise ChatInputError(413, "the request is too large")
                try:
                    body = json.loads(request.body or b"")
                except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser goes
                    raise ChatInputError(400, "the body must be JSON") from None
                chat = parse_chat_request(body)
                conversation_id = visitor_ids.verify(chat.sender, self.keys)
                if conversation_id is None:
                    raise ChatInputError(403, UNKNOWN_VISITOR)
            except ChatInputError as error:
                return response.json({"error": str(error)}, status=error.status)
            if not self.limiter.allow(conversation_id, _address(request)):
                return response.json([{"recipient_id": conversation_id, "text": SLOW_DOWN}], status=429)
            collector = CollectingOutputChannel()

            async def answer() -> list[dict[str, Any]]:
                await on_new_message(UserMessage(chat.text, collector, conversation_id,
                                                 input_channel=self.name(),
                                                 metadata=with_message_id(chat.metadata, chat.message_id)))
                return collector.messages

            try:  # a repeat of a message (same client `message_id`) gets the first attempt's replies, no new turn
                replies, _ = await asyncio.wait_for(
                    self.repeats.once(message_key(conversation_id, chat.message_id), answer), self.answer_seconds)
            except Exception:  # any failure (database down, model error) must reach the visitor as an apology
                logger.exception("could not handle a message for %s", conversation_id)
                return response.json([{"recipient_id": conversation_id, "text": TROUBLE}], status=503)
            return response.json(replies)

        return webhook


def _address(request: Request) -> str:
    return request.remote_addr or request.ip or "unknown"
