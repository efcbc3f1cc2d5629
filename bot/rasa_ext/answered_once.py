"""Exactly once, made durable: a visitor message whose client id is already in the conversation is answered with
the replies it got then, and not run again.

The repeat guard (channels/repeat_guard.py) catches a retry while it remembers the id, but its memory is not the
conversation: when a turn is saved and the answer is then lost (a Rasa server killed before replying, Redis
restarted and its memory with it, the lock's release failing), the widget's retry would run the message a second
time. The channels put the client id in the message's metadata, so the `UserUttered` saved with the turn carries
it. `install()` wraps `MessageProcessor._handle_message_with_tracker` (the tracker is loaded by then, under the
conversation's lock, so this costs no extra read): an id already in the tracker raises `AlreadyAnswered` with the
bot messages that followed it, and the wrapped `handle_message` sends those instead of predicting, saving nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

MESSAGE_ID_KEY = "message_id"  # in a UserUttered's metadata: the client's id for the message


class AlreadyAnswered(Exception):
    """The message was handled before; `replies` are the bot messages that followed it."""

    def __init__(self, replies: list[dict[str, Any]]) -> None:
        super().__init__("message already answered")
        self.replies = replies


def replies_to(events: Iterable[Mapping[str, Any]], message_id: str) -> list[dict[str, Any]] | None:
    """The bot messages that followed the user message with `message_id` (up to the next user message), or None
    when no user message in `events` has that id."""
    replies: list[dict[str, Any]] | None = None
    for event in events:
        if event.get("event") == "user":
            if replies is not None:
                break
            if (event.get("metadata") or {}).get(MESSAGE_ID_KEY) == message_id:
                replies = []
        elif event.get("event") == "bot" and replies is not None:
            data = {key: value for key, value in (event.get("data") or {}).items() if value}
            replies.append({**({"text": event["text"]} if event.get("text") else {}), **data})
    return replies


def _message_id(message: UserMessage) -> str | None:
    value = (message.metadata or {}).get(MESSAGE_ID_KEY)
    return value if isinstance(value, str) and value else None


def _seen(tracker: DialogueStateTracker, message_id: str) -> bool:
    """Whether a user message with `message_id` is in the tracker (the usual answer, no, without copying events)."""
    return any(isinstance(event, UserUttered) and (event.metadata or {}).get(MESSAGE_ID_KEY) == message_id
               for event in reversed(tracker.events))


def _wrap_handle_with_tracker(stock: Any) -> Any:
    async def handle_with_tracker(self: MessageProcessor, message: UserMessage,
                                  tracker: DialogueStateTracker) -> None:
        if (message_id := _message_id(message)) is not None and _seen(tracker, message_id):
            replies = replies_to((event.as_dict() for event in tracker.events), message_id)
            raise AlreadyAnswered(replies or [])
        await stock(self, message, tracker)
    handle_with_tracker.answered_once = True  # type: ignore[attr-defined]
    return handle_with_tracker


def _wrap_handle_message(stock: Any) -> Any:
    async def handle_message(self: MessageProcessor, message: UserMessage) -> list[dict[str, Any]] | None:
        try:
            return await stock(self, message)
        except AlreadyAnswered as answered:
            output = message.output_channel
            if hasattr(output, "replaying"):
                output.replaying = True  # the socket.io output marks them as repeats for the widget
            for reply in answered.replies:
                await output.send_response(message.sender_id, dict(reply))
            return output.messages if isinstance(output, CollectingOutputChannel) else None
    handle_message.answered_once = True  # type: ignore[attr-defined]
    return handle_message


def install() -> None:
    """Answer a message already in the conversation from the conversation (idempotent; install after any other
    wrapper of `_handle_message_with_tracker`, which it calls)."""
    if not getattr(MessageProcessor._handle_message_with_tracker, "answered_once", False):
        MessageProcessor._handle_message_with_tracker = _wrap_handle_with_tracker(
            MessageProcessor._handle_message_with_tracker)
    if not getattr(MessageProcessor.handle_message, "answered_once", False):
        MessageProcessor.handle_message = _wrap_handle_message(MessageProcessor.handle_message)
