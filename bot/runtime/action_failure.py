"""When the action server cannot be reached, the visitor hears an apology instead of silence.

Rasa logs a failed custom action and carries on without a word to the visitor. This wraps Rasa's
`RemoteAction.run` in the Rasa process (installed by `bot.runtime.rasa_server`) so a connection failure
becomes the `utter_action_server_down` response (and a form answer that could not be validated is asked for
again). Rejections (forms) keep Rasa's own handling.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.shared.core.events import SlotSet
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)
APOLOGY_RESPONSE = "utter_action_server_down"
_original_run = RemoteAction.run


async def _run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                            domain: Any) -> list:
    try:
        return await _original_run(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except RasaException as error:
        logger.error("custom action %s failed, apologising to the visitor: %s", self.name(), error)
        message = await nlg.generate(APOLOGY_RESPONSE, tracker, output_channel.name())
        events = [create_bot_utterance(message)] if message else []
        requested = tracker.get_slot("requested_slot")
        if self.name().startswith("validate_") and requested:
            # The answer could not be checked: forget it, so the form asks the same question again.
            events.append(SlotSet(requested, None))
        return events


def install() -> None:
    """Make every custom action apologise when the action server is unreachable (idempotent)."""
    RemoteAction.run = _run_or_apologise
