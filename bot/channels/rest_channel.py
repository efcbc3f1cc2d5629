"""Rasa's REST channel with input validation and rate limits, at the same URL (/webhooks/rest/webhook).

Stock Rasa files a message without a sender under "default" (one conversation shared by everyone) and
answers 500 to a body of the wrong shape; this channel answers 4xx with a clear message instead.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.chat_input import MAX_BODY_BYTES, ChatInputError, ChatRateLimiter, parse_chat_request

logger = logging.getLogger(__name__)
SLOW_DOWN = "You're sending messages faster than I can read them. Please wait a moment and try again."


class ValidatedRestInput(InputChannel):
    """POST {"sender": "...", "message": "..."}; replies are returned in the response, as with stock REST."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ValidatedRestInput:
        credentials = credentials or {}
        return cls(int(credentials.get("per_sender_per_minute", os.environ.get("CHAT_LIMIT_PER_VISITOR", 20))),
                   int(credentials.get("per_address_per_minute", os.environ.get("CHAT_LIMIT_PER_ADDRESS", 120))))

    def __init__(self, per_sender_per_minute: int = 20, per_address_per_minute: int = 120) -> None:
        self.limiter = ChatRateLimiter(per_sender_per_minute, per_address_per_minute)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("validated_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                if len(request.body or b"") > MAX_BODY_BYTES:
                    raise ChatInputError(413, "the request is too large")
                try:
                    body = json.loads(request.body or b"")
                except (ValueError, UnicodeDecodeError):
                    raise ChatInputError(400, "the body must be JSON") from None
                chat = parse_chat_request(body)
            except ChatInputError as error:
                return response.json({"error": str(error)}, status=error.status)
            if not self.limiter.allow(chat.sender, request.remote_addr or request.ip or "unknown"):
                return response.json([{"recipient_id": chat.sender, "text": SLOW_DOWN}], status=429)
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(chat.text, collector, chat.sender, input_channel=self.name(),
                                             metadata=chat.metadata))
            return response.json(collector.messages)

        return webhook
