"""Privacy requests are answered in every state, also while the bot is paused for a rep.

Rasa's `MessageProcessor._should_handle_message` lets nothing but `/restart` through a paused conversation,
so "please delete all my data" typed while waiting for (or talking with) a rep was stored and never acted on.
`install()` wraps that one hook: a request to be forgotten, not to be contacted, or to see what we hold, and
the yes or no to "do you want me to delete it?", are handled as usual; so is taking back the request for a
person ("actually nvm, I don't need anyone"), which a visitor waiting for a rep would otherwise type into
silence. Everything else still waits for the rep.

It also lets the turn that paused the bot finish by listening, as every other turn does (stock Rasa stops
predicting the moment the pause lands). Without that `action_listen`, a message let through later would follow
the pausing action directly, a state no rule was written for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

PRIVACY_INTENTS = ("forget_me", "opt_out", "ask_my_data", "email_my_data")
WITHDRAWAL_INTENT = "withdraw_request_human"  # its action leaves a chat a rep already holds to the rep
CONFIRMATION = "utter_confirm_forget"  # the question whose yes or no completes a forget request
ANSWERS = ("affirm", "deny")
LISTEN = "action_listen"


def _last_action(events: Iterable[Any]) -> str | None:
    """The last action other than listening (what the assistant last did before this message)."""
    for event in reversed(list(events)):
        if isinstance(event, ActionExecuted) and event.action_name and event.action_name != LISTEN:
            return event.action_name
    return None


def answered_while_paused(intent: str | None, events: Iterable[Any]) -> bool:
    """True for a privacy request, a request for a person taken back, or the answer to the deletion question,
    which a pause must not swallow."""
    if intent in PRIVACY_INTENTS or intent == WITHDRAWAL_INTENT:
        return True
    return intent in ANSWERS and _last_action(events) == CONFIRMATION


def pausing_turn_unfinished(events: Sequence[Any]) -> bool:
    """True right after an action paused the bot, before the turn's `action_listen`: only this turn's events
    count (a slot that Rasa fills from the visitor's next message is not the pausing turn going on)."""
    this_turn = [event for event in events[_last_user_index(events) + 1:] if isinstance(event, ActionExecuted)]
    return any(event.action_name != LISTEN for event in this_turn) and not any(
        event.action_name == LISTEN for event in this_turn)


def _last_user_index(events: Sequence[Any]) -> int:
    return max((index for index, event in enumerate(events) if isinstance(event, UserUttered)), default=-1)


_stock_should_handle = MessageProcessor._should_handle_message


def _should_handle_message(tracker: DialogueStateTracker) -> bool:
    if _stock_should_handle(tracker):
        return True
    events = list(tracker.events)
    if pausing_turn_unfinished(events):
        return True
    intent = tracker.latest_message.intent.get("name") if tracker.latest_message else None
    return answered_while_paused(intent, events)


def install() -> None:
    """Let privacy requests and a withdrawn request for a person through a paused conversation (idempotent)."""
    MessageProcessor._should_handle_message = staticmethod(_should_handle_message)
