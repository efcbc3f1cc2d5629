"""Kept dialogue states equal Rasa's own, computed afresh, after every event of conversations that grow,
run forms, rewind, undo and restart; RulePolicy's featurizer (which edits states in place) in between."""

from __future__ import annotations

import copy

import pytest
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.paths import PROJECT_ROOT
from bot.rasa_ext import incremental_states
from tests.support.rewinding_conversation import CONVERSATION, said


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(PROJECT_ROOT / "domain.yml")


def _rule_policy_states(tracker: DialogueStateTracker, domain: Domain, use_text: bool) -> list:
    return MaxHistoryTrackerFeaturizer(None, max_history=None).prediction_states(
        [tracker], domain, use_text_for_last_user_input=use_text)[0]


def test_kept_states_equal_rasas_after_every_event(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    rasa_states = Domain.states_for_tracker_history
    tracker = DialogueStateTracker("visitor", domain.slots)
    for event in CONVERSATION:
        tracker.update(event)
        monkeypatch.setattr(Domain, "states_for_tracker_history", rasa_states)
        fresh = DialogueStateTracker.from_events("visitor", list(tracker.events), domain.slots)
        expected = [_rule_policy_states(copy.deepcopy(fresh), domain, use_text) for use_text in (True, False)]
        incremental_states.install()
        got = [_rule_policy_states(tracker, domain, use_text) for use_text in (True, False)]
        assert got == expected, f"after {event}"
        assert domain.states_for_tracker_history(tracker) == rasa_states(domain, fresh)


def test_only_the_new_events_are_replayed(domain: Domain) -> None:
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION[:40], domain.slots)
    incremental_states.states_with_kept_history(domain, tracker)
    kept = tracker.__dict__[incremental_states.KEPT_ATTRIBUTE]
    replay, first_states = kept.replay, list(kept.states)
    for event in said("is my data stored in the EU?", "ask_product_question"):
        tracker.update(event)
    incremental_states.states_with_kept_history(domain, tracker)
    kept = tracker.__dict__[incremental_states.KEPT_ATTRIBUTE]
    assert kept.replay is replay
    assert kept.states[:len(first_states)] == first_states
    assert all(old is new for old, new in zip(first_states, kept.states, strict=False))


def test_a_new_domain_starts_afresh(domain: Domain) -> None:
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION[:20], domain.slots)
    incremental_states.states_with_kept_history(domain, tracker)
    replay = tracker.__dict__[incremental_states.KEPT_ATTRIBUTE].replay
    other = Domain.load(PROJECT_ROOT / "domain.yml")
    incremental_states.states_with_kept_history(other, tracker)
    assert tracker.__dict__[incremental_states.KEPT_ATTRIBUTE].replay is not replay
