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


CASES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "goal", "value": "x"}, {"event": "bot", "text": "hi"}]},
    {"events": [{"event": "slot", "name": 3, "value": "x"}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "goal"}]},
    {"events": [{"event": "user", "text": "hi", "parse_data": {"intent": {"name": 4}}}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "action_listen"}]},
    {"events": [{"event": "reminder", "intent": "x", "date_time": "2026-01-01T00:00:00"}]},
    {"events": [{"event": "session_started", "timestamp": "yesterday"}]},
    {"events": [{"event": "slot", "name": "goal", "value": "x"}], "responses": "hi"},
    {"events": [{"event": "action", "name": "utter_greet", "policy": None, "confidence": "high"}]},
]


@pytest.mark.parametrize("result", CASES)
def test_each_event_checked_against_its_own_kind_gives_rasas_verdict(result):
    import jsonschema

    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
        rasa_accepts = True
    except ValidationError:
        rasa_accepts = False
    remote_actions.install()
    action = RemoteAction("action_recommend", None)
    if rasa_accepts:
        assert action._validate_action_result(result)
    else:
        with pytest.raises(ValidationError):
            action._validate_action_result(result)


def _call_body(action_name: str, domain, selective: bool = True) -> dict:
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    remote_actions.install()
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=selective)
    return RemoteAction(action_name, endpoint)._action_call_format(DialogueStateTracker("v", domain.slots), domain)


def test_validation_actions_get_the_domain_without_responses():
    from rasa.shared.core.domain import Domain

    from bot.paths import PROJECT_ROOT

    domain = Domain.load(PROJECT_ROOT / "domain.yml")
    sent = _call_body("validate_discovery_form", domain)["domain"]
    assert "responses" not in sent and sent["slots"] == domain.as_dict()["slots"]
    assert sent["forms"] == domain.as_dict()["forms"]
    assert "responses" in domain.as_dict()  # the domain itself is untouched
    assert _call_body("action_clarify", domain)["domain"]["responses"] == domain.as_dict()["responses"]
    assert "domain" not in _call_body("action_recommend", domain)


def test_a_validation_action_marked_send_domain_gets_the_whole_domain():
    from rasa.shared.core.domain import Domain

    domain = Domain.from_dict({
        "responses": {"utter_ask_goal": [{"text": "What's the goal?"}]},
        "actions": [{"validate_goal_form": {"send_domain": True}}, "validate_other_form"]})
    assert _call_body("validate_goal_form", domain)["domain"]["responses"] == domain.as_dict()["responses"]
    assert "responses" not in _call_body("validate_other_form", domain)["domain"]
    assert "responses" not in _call_body("validate_other_form", domain, selective=False)["domain"]
    assert "responses" in _call_body("action_other", domain, selective=False)["domain"]
