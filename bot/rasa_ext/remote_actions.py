"""Two adjustments to how the Rasa process calls custom actions (installed by `bot.runtime.rasa_server`).

1. When the action server cannot be reached, the visitor hears an apology instead of silence. Rasa logs a
   failed custom action and carries on without a word; here a connection failure becomes the
   `utter_action_server_down` response (and a form answer that could not be validated is asked for again).
   Rejections (forms) keep Rasa's own handling.
2. Rasa checks every action server reply against a JSON schema with `jsonschema.validate`, which re-checks
   the schema itself on every call: profiling showed two thirds of the Rasa process's CPU there under load.
   The same check runs here with a validator built once.
"""

from __future__ import annotations

import logging
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
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


_schema = RemoteAction.action_response_format_spec()
_validator_class = validator_for(_schema)
_validator_class.check_schema(_schema)
_response_validator = _validator_class(_schema)


def _validate_once_built(self: RemoteAction, result: dict) -> bool:
    """Rasa's own response check, with the same error message, without re-checking the schema."""
    try:
        _response_validator.validate(result)
        return True
    except ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure your response "
                          "from the Action endpoint is valid.")
        raise error


def install() -> None:
    """Apply both adjustments (idempotent)."""
    RemoteAction.run = _run_or_apologise
    RemoteAction._validate_action_result = _validate_once_built
