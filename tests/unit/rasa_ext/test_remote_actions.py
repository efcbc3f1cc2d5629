"""Rasa's action-response check, with the validator built once, accepts and refuses what Rasa's does."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_ext import remote_actions


def test_same_verdicts_as_rasa():
    remote_actions.install()
    action = RemoteAction("action_recommend", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}],
                                           "responses": [{"text": "hi"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
