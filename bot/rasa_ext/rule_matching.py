"""`RulePolicy._get_possible_keys` checking only the rules that can match, and only as far back as a rule reaches;
`RulePolicy._prediction_states` building only the states a rule can reach.

Rasa checks every rule (187 here) against every state of the conversation, newest first, for each prediction (two
or more a message): profiled at 7% of the Rasa process's CPU at nine messages, growing with the conversation.
Two shortcuts give the same keys:
- A rule of n states has nothing to say about states older than its n-th (Rasa's `_is_rule_applicable` answers
  True for them), so states beyond the longest rule are not visited.
- A rule whose newest state names a previous action or an intent fails, at the newest state, against a state
  naming another one. Rules are indexed once by those two names, and the newest state is checked (by Rasa's own
  `_is_rule_applicable`) only against the rules indexed under its names or under none.
The same bound applies to the states themselves: Rasa copies, cleans and (when nothing matches) serialises every
state of the conversation before matching, so a turn cost more the longer the conversation. Here the policy gets
only the newest states, as many as its longest rule has. Rasa's key for a turn no rule matches (only compared
with rule keys) then names those states alone. The server never trains, so training keeps Rasa's own path.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

from bot.rasa_ext.incremental_states import states_with_kept_history

Names = tuple[str | None, str | None]  # (previous action, intent); None: the rule names none
_KEPT_INDEXES = 16  # lookups indexed at once (a model swap brings new ones)


@dataclass(frozen=True)
class RuleIndex:
    """The rules of one lookup, by the previous action and intent their newest state requires."""

    longest: int  # states in the longest rule
    by_names: dict[Names, frozenset[str]]

    def candidates(self, newest: State) -> set[str] | None:
        """Rules that can match `newest` as the conversation's newest state; None: any of them could."""
        previous = newest.get(PREVIOUS_ACTION)
        if not previous:
            return None  # a conversation's start: Rasa's check has its own answer for it
        action, intent = _name(previous, ACTION_NAME), _name(newest.get(USER, {}), INTENT)
        keys: set[str] = set()
        for names in {(action, intent), (action, None), (None, intent), (None, None)}:
            keys |= self.by_names.get(names, frozenset())
        return keys


def _name(sub_state: SubState, key: str) -> str | None:
    value = sub_state.get(key)
    return value if isinstance(value, str) and value and value != SHOULD_NOT_BE_SET else None


def index_rules(policy: RulePolicy, lookup: dict[str, str]) -> RuleIndex:
    """Index `lookup`'s rules; a rule whose newest state has no previous action (a conversation's start) cannot
    match a state that has one, so it is in no bucket."""
    by_names: defaultdict[Names, set[str]] = defaultdict(set)
    longest = 0
    for key in lookup:
        rule_states = policy._rule_key_to_state(key)
        longest = max(longest, len(rule_states))
        if not rule_states:
            by_names[(None, None)].add(key)
        elif previous := rule_states[-1].get(PREVIOUS_ACTION):
            by_names[(_name(previous, ACTION_NAME), _name(rule_states[-1].get(USER, {}), INTENT))].add(key)
    return RuleIndex(longest, {names: frozenset(keys) for names, keys in by_names.items()})


_indexes: dict[int, tuple[dict[str, str], RuleIndex]] = {}


def _index_of(policy: RulePolicy, lookup: dict[str, str]) -> RuleIndex:
    kept = _indexes.get(id(lookup))
    if kept is None or kept[0] is not lookup:
        if len(_indexes) >= _KEPT_INDEXES:
            _indexes.clear()
        kept = (lookup, index_rules(policy, lookup))
        _indexes[id(lookup)] = kept
    return kept[1]


def possible_keys(policy: RulePolicy, lookup: dict[str, str], states: list[State]) -> set[str]:
    """What `RulePolicy._get_possible_keys` returns, by the two shortcuts above."""
    if not lookup or not states:
        return set(lookup)
    index = _index_of(policy, lookup)
    newest = states[-1]
    candidates = index.candidates(newest)
    keys = {key for key in (lookup if candidates is None else candidates)
            if policy._is_rule_applicable(key, 0, newest)}
    older = states[max(0, len(states) - index.longest):-1]
    for turn_index, state in enumerate(reversed(older), start=1):
        keys = {key for key in keys if policy._is_rule_applicable(key, turn_index, state)}
    return keys


def states_a_rule_reaches(policy: RulePolicy) -> int:
    """How many of the newest states the policy's rules (and its rules for a loop's unhappy path) look at."""
    return max(1, *(_index_of(policy, policy.lookup.get(kind, {})).longest
                    for kind in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH)))


def prediction_states(policy: RulePolicy, tracker: DialogueStateTracker, domain: Domain,
                      use_text_for_last_user_input: bool = False) -> list[State]:
    """The last `states_a_rule_reaches` states of what `RulePolicy._prediction_states` returns."""
    states = states_with_kept_history(domain, tracker, newest=states_a_rule_reaches(policy))
    policy.featurizer._choose_last_user_input([states], use_text_for_last_user_input)
    return states


def install() -> None:
    """Route `RulePolicy._get_possible_keys` through `possible_keys`, and its prediction states through
    `prediction_states` (idempotent)."""
    original_states = RulePolicy._prediction_states
    if not getattr(original_states, "_bounded", False):
        @functools.wraps(original_states)
        def _prediction_states(self: RulePolicy, tracker: DialogueStateTracker, domain: Domain,
                               use_text_for_last_user_input: bool = False,
                               rule_only_data: dict[str, Any] | None = None) -> list[State]:
            if self.featurizer is None or self.featurizer.max_history is not None:
                return original_states(self, tracker, domain, use_text_for_last_user_input, rule_only_data)
            return prediction_states(self, tracker, domain, use_text_for_last_user_input)

        _prediction_states._bounded = True  # type: ignore[attr-defined]
        RulePolicy._prediction_states = _prediction_states

    original = RulePolicy._get_possible_keys
    if getattr(original, "_indexed", False):
        return

    @functools.wraps(original)
    def _get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[State]) -> set[str]:
        return possible_keys(self, lookup, states)

    _get_possible_keys._indexed = True  # type: ignore[attr-defined]
    RulePolicy._get_possible_keys = _get_possible_keys
