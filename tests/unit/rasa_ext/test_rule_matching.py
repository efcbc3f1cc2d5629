"""Matching rules against only the newest states finds exactly the keys Rasa's full walk finds: the project's
own rules (from the trained model) against the states before every action of a long, rewinding conversation."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.paths import PROJECT_ROOT
from bot.rasa_ext import rule_matching
from tests.support.rewinding_conversation import CONVERSATION

RASAS_OWN = getattr(RulePolicy._get_possible_keys, "__wrapped__", RulePolicy._get_possible_keys)


@pytest.fixture(scope="module")
def policy(trained_model: Path) -> RulePolicy:
    with tarfile.open(trained_model) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("train_RulePolicy0/rule_policy.json"))
        lookup = json.load(archive.extractfile(member))["lookup"]  # type: ignore[arg-type]
    context = ExecutionContext(GraphSchema({}))
    return RulePolicy(RulePolicy.get_default_config(), None, None, context, lookup=lookup)  # type: ignore[arg-type]


def _states_before_each_action(domain: Domain) -> list[list[dict]]:
    featurizer = MaxHistoryTrackerFeaturizer(None, max_history=None)
    tracker = DialogueStateTracker("visitor", domain.slots)
    states = []
    for event in CONVERSATION * 3:  # long enough that most states lie beyond every rule
        tracker.update(event)
        for use_text in (False, True):
            states.append(featurizer.prediction_states([tracker], domain, use_text_for_last_user_input=use_text)[0])
    return states


def test_same_keys_as_rasas_full_walk(policy: RulePolicy) -> None:
    domain = Domain.load(PROJECT_ROOT / "domain.yml")
    matched = 0
    for states in _states_before_each_action(domain):
        for kind in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH):
            lookup = policy.lookup[kind]
            expected = RASAS_OWN(policy, lookup, states)
            assert rule_matching.possible_keys(policy, lookup, states) == expected
            matched += bool(expected)
    assert matched > 20  # the conversation really meets the rules, not only empty sets


def test_every_rule_against_its_own_states(policy: RulePolicy) -> None:
    for kind in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH):
        lookup = policy.lookup[kind]
        for key in lookup:
            # As a conversation holds them: slot values are tuples (JSON made them lists).
            states = [{kind: {name: tuple(value) if isinstance(value, list) else value for name, value in sub.items()}
                       for kind, sub in state.items()} for state in json.loads(key)]
            assert key in rule_matching.possible_keys(policy, lookup, states)
            assert rule_matching.possible_keys(policy, lookup, states) == RASAS_OWN(policy, lookup, states)


def _rule(*states: dict) -> str:
    return json.dumps(list(states))


LISTEN = {"prev_action": {"action_name": "action_listen"}}
ODD_RULES = {key: "utter_x" for key in (
    _rule(),  # no states: applies everywhere
    _rule({"prev_action": {"action_text": "hi"}, "user": {"intent": "greet"}}),  # no action name
    _rule({"prev_action": {"action_name": "should_not_be_set"}}),
    _rule({"prev_action": {"action_name": ""}, "user": {"intent": "greet"}}),  # any action, then greet
    _rule({**LISTEN, "user": {"intent": "greet"}}),
    _rule({**LISTEN, "user": {"intent": "should_not_be_set"}}),
    _rule({**LISTEN, "slots": {"goal": (1.0,)}}),  # no intent
    _rule({"user": {"intent": "greet"}}),  # a conversation's start
    _rule({"prev_action": {"action_name": "utter_greet"}}, {**LISTEN, "user": {"intent": "greet"}}),
)}
ODD_STATES = [
    {}, {"user": {"intent": "greet"}}, {**LISTEN}, {**LISTEN, "user": {"intent": "greet"}},
    {**LISTEN, "user": {"intent": "deny"}}, {**LISTEN, "user": {"text": "hello"}},
    {**LISTEN, "slots": {"goal": (1.0,)}}, {"prev_action": {"action_text": "hi"}, "user": {"intent": "greet"}},
    {"prev_action": {"action_name": "utter_greet"}}, {"prev_action": {"action_name": "should_not_be_set"}},
]


def test_rules_naming_no_action_or_intent(policy: RulePolicy) -> None:
    for older in ODD_STATES:
        for newest in ODD_STATES:
            states = [older, newest]
            assert rule_matching.possible_keys(policy, ODD_RULES, states) == RASAS_OWN(policy, ODD_RULES, states)


def test_the_newest_state_is_checked_against_few_rules(policy: RulePolicy) -> None:
    index = rule_matching.index_rules(policy, policy.lookup[RULES])
    state = {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}
    candidates = index.candidates(state)
    assert candidates is not None and 0 < len(candidates) < len(policy.lookup[RULES]) / 4
    assert index.candidates({"user": {"intent": "greet"}}) is None  # a conversation's start: every rule


def test_short_histories_and_empty_lookups(policy: RulePolicy) -> None:
    rules = policy.lookup[RULES]
    assert rule_matching.possible_keys(policy, {}, [{}]) == set()
    assert rule_matching.possible_keys(policy, rules, []) == RASAS_OWN(policy, rules, [])
    one_state: list[dict] = [{}]
    assert rule_matching.possible_keys(policy, rules, one_state) == RASAS_OWN(policy, rules, one_state)


def test_install_routes_rasas_method_and_is_idempotent() -> None:
    rule_matching.install()
    installed = RulePolicy._get_possible_keys
    rule_matching.install()
    assert RulePolicy._get_possible_keys is installed
    assert installed is not RASAS_OWN


def _prediction(policy: RulePolicy, tracker: DialogueStateTracker, domain: Domain) -> tuple:
    prediction, source = policy._predict(tracker, domain)
    matched_source = source if source in policy.lookup[RULES] or not source or not source.startswith("[") else "-"
    return (prediction.probabilities, prediction.events, prediction.hide_rule_turn,
            prediction.is_end_to_end_prediction, prediction.is_no_user_prediction, matched_source)


def test_predictions_from_the_newest_states_equal_rasas(policy: RulePolicy, monkeypatch: pytest.MonkeyPatch) -> None:
    rule_matching.install()
    domain = Domain.load(PROJECT_ROOT / "domain.yml")
    bounded, full = DialogueStateTracker("visitor", domain.slots), DialogueStateTracker("visitor", domain.slots)
    rasas_states = RulePolicy._prediction_states.__wrapped__  # type: ignore[attr-defined]
    reach = rule_matching.states_a_rule_reaches(policy)
    longest_seen = longest_full = 0
    for event in CONVERSATION * 3:
        bounded.update(event)
        full.update(event)
        ours = _prediction(policy, bounded, domain)
        longest_seen = max(longest_seen, len(policy._prediction_states(bounded, domain)))
        with monkeypatch.context() as rasas_own:
            rasas_own.setattr(RulePolicy, "_prediction_states", rasas_states)
            assert ours == _prediction(policy, full, domain)
            longest_full = max(longest_full, len(policy._prediction_states(full, domain)))
    assert longest_seen == reach < longest_full  # the conversation outgrew the rules, and the states stayed bounded
