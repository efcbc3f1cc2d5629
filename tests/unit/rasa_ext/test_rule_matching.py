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
        states.append(featurizer.prediction_states([tracker], domain, use_text_for_last_user_input=False)[0])
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
