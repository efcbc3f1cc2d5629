"""A visitor can send Rasa's intent syntax ("/affirm", "/book_meeting{...}") only by pressing a button we offered.

Rasa reads any message that starts with "/" as an intent with entities, so a visitor could type
"/EXTERNAL_nobody_available" (an inbox-only event), inject entities, or hide their words from the reps'
transcript, which leaves button payloads out. `install()` wraps `MessageProcessor._handle_message_with_tracker`,
the one place a channel's message becomes a `UserUttered` with the tracker at hand: a slash message that is not
the payload of a button offered in this session is taken as text, its leading slashes dropped, and goes
through the NLU pipeline like any typed message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

SLASH = "/"
# Rasa's own "start a new session" message (what a chat client sends for a returning visitor): it only starts a
# session, so it is always accepted. "/restart" is not: it would unpause a conversation a rep holds.
ALWAYS_ACCEPTED = {"/session_start"}


def offered_payloads(events: Iterable[Any]) -> set[str]:
    """Every button payload the assistant offered since the session began."""
    payloads: set[str] = set()
    for event in events:
        if isinstance(event, SessionStarted):
            payloads.clear()
        elif isinstance(event, BotUttered):
            for button in (event.data or {}).get("buttons") or []:
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"].strip())
    return payloads


def as_typed(text: str, events: Iterable[Any]) -> str:
    """`text` unchanged, unless it is intent syntax no offered button sends: then the words without the slash."""
    if not text.startswith(SLASH) or text.strip() in ALWAYS_ACCEPTED or text.strip() in offered_payloads(events):
        return text
    return text.lstrip(SLASH).strip() or text


_stock_handle = MessageProcessor._handle_message_with_tracker


async def _handle_message_with_tracker(self: MessageProcessor, message: UserMessage,
                                       tracker: DialogueStateTracker) -> None:
    text = message.text or ""
    if not message.parse_data and text.startswith(SLASH):
        typed = as_typed(text, tracker.events)
        if typed != text:
            message = UserMessage(typed, message.output_channel, message.sender_id,
                                  input_channel=message.input_channel, message_id=message.message_id,
                                  metadata=message.metadata)
    await _stock_handle(self, message, tracker)


def install() -> None:
    """Take unoffered intent syntax as text (idempotent)."""
    MessageProcessor._handle_message_with_tracker = _handle_message_with_tracker
