"""Validates and cleans what a visitor sends before Rasa sees it (no Rasa imports: testable alone)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from bot.rate_limit import sliding_window
from bot.untrusted_text import clean_text
from bot.visits.page_context import page_from_widget, stored_form

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
MAX_BODY_BYTES = 64 * 1024
MAX_TIMEZONE_CHARS = 64
MAX_METADATA_CHARS = 8000  # two page reports with long titles and addresses fit
PAGE_KEYS = ("page", "landing")
# What the public chat says when it cannot answer normally (the conversation's own words are in domain.yml).
SLOW_DOWN = "You're sending messages faster than I can read them. Please wait a moment and try again."
TROUBLE = "Sorry, I'm having trouble on my side right now and didn't catch that. Please try again in a minute."
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
MESSAGE_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
ANSWER_MARGIN_SECONDS = 5.0


def answer_deadline(response_timeout: float) -> float:
    """Seconds a message may take before the visitor gets TROUBLE: inside Rasa's response timeout, whose bare
    503 the widget would show as a broken chat (a conversation lock left by a killed server lives 60 s)."""
    return max(1.0, response_timeout - ANSWER_MARGIN_SECONDS)


class ChatInputError(ValueError):
    """The request cannot become a chat message; `status` and the message say why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ChatInput:
    sender: str
    text: str
    metadata: dict[str, Any]
    message_id: str | None = None  # the client's id for this message: a retry with it is answered, not re-run


def clean_message(message: Any) -> str:
    """The visitor's text, cleaned; or `ChatInputError` when it is not text, too long or empty."""
    if not isinstance(message, str):
        raise ChatInputError(400, "`message` must be text")
    if len(message) > MAX_MESSAGE_CHARS:
        raise ChatInputError(413, f"`message` is longer than {MAX_MESSAGE_CHARS} characters; please shorten it")
    text = clean_text(message)
    if not text:
        raise ChatInputError(400, "`message` is empty")
    return text


def widget_metadata(metadata: Any) -> dict[str, Any]:
    """What the widget may send along with a message, cleaned: its timezone name, the page it is on and the
    page where it first saw the visitor (bot/visits/page_context.py); anything else is dropped."""
    if not isinstance(metadata, dict):
        return {}
    kept: dict[str, Any] = {}
    zone = metadata.get("timezone")
    if isinstance(zone, str) and 0 < len(zone) <= MAX_TIMEZONE_CHARS:
        kept["timezone"] = zone
    for key in PAGE_KEYS:
        if page := page_from_widget(metadata.get(key)):
            kept[key] = stored_form(page)
    return kept


def with_message_id(metadata: dict[str, Any], message_id: str | None) -> dict[str, Any]:
    """The message's metadata with its client id, which the saved turn keeps (bot/rasa_ext/answered_once.py)."""
    return {**metadata, "message_id": message_id} if message_id else metadata


def parse_chat_request(body: Any) -> ChatInput:
    """Turn a decoded JSON body into a validated message, or raise `ChatInputError` (a 4xx)."""
    if not isinstance(body, dict):
        raise ChatInputError(400, 'send a JSON object like {"sender": "...", "message": "..."}')
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip():
        raise ChatInputError(400, "`sender` is required: the visitor id POST /webhooks/rest/visitor gave you")
    if len(sender) > MAX_SENDER_CHARS or not SENDER_PATTERN.fullmatch(sender):
        raise ChatInputError(400, f"`sender` must be 1-{MAX_SENDER_CHARS} letters, digits or . _ : -")
    text = clean_message(message)
    metadata = body.get("metadata", {})
    if not isinstance(metadata, dict) or len(str(metadata)) > MAX_METADATA_CHARS:
        raise ChatInputError(400, "`metadata`, if sent, must be a small JSON object")
    message_id = body.get("message_id")
    if message_id is not None and (not isinstance(message_id, str) or not MESSAGE_ID_PATTERN.fullmatch(message_id)):
        raise ChatInputError(400, "`message_id`, if sent, must be 8-64 letters, digits, - or _")
    return ChatInput(sender=sender, text=text, metadata=widget_metadata(metadata), message_id=message_id)


class ChatRateLimiter:
    """Sliding-window limits per visitor and per network address (shared through Redis when `redis_url` is set)."""

    def __init__(self, per_sender: int = 20, per_address: int = 600, window_seconds: float = 60,
                 redis_url: str = "") -> None:
        self.limits = {"sender": per_sender, "address": per_address}
        self._messages = sliding_window(window_seconds, redis_url, "chat:")

    def allow(self, sender: str, address: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now  # wall clock: the same on every server sharing the counts
        keys = {"sender": f"s:{sender}", "address": f"a:{address}"}
        if any(self._messages.count(key, now) >= self.limits[kind] for kind, key in keys.items()):
            return False
        for key in keys.values():
            self._messages.record(key, now)
        return True
