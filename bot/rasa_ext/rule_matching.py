"""`RulePolicy._get_possible_keys` looking only as far back as the longest rule.

Rasa matches every rule against every state of the conversation, newest first, for each prediction (two or more
a message): 187 rules times all the states so far, so a message cost more the longer the conversation was
(profiled: 7% of the Rasa process's CPU at nine messages). A rule of n states has nothing to say about states
older than its n-th (Rasa's `_is_rule_applicable` answers True for them), so states beyond the longest rule are
skipped here: the same keys, in time that does not grow with the conversation.
"""

from __future__ import annotations

import functools

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import State


def _longest_rule(policy: RulePolicy, lookup: dict[str, str]) -> int:
    return max((len(policy._rule_key_to_state(key)) for key in lookup), default=0)


def possible_keys(policy: RulePolicy, lookup: dict[str, str], states: list[State]) -> set[str]:
    """What `RulePolicy._get_possible_keys` returns, reading the newest states only as far as a rule reaches."""
    keys = set(lookup)
    recent = states[max(0, len(states) - _longest_rule(policy, lookup)):] if keys else []
    for turn_index, state in enumerate(reversed(recent)):
        keys = {key for key in keys if policy._is_rule_applicable(key, turn_index, state)}
    return keys


def install() -> None:
    """Route `RulePolicy._get_possible_keys` through `possible_keys` (idempotent)."""
    original = RulePolicy._get_possible_keys
    if getattr(original, "_recent_only", False):
        return

    @functools.wraps(original)
    def _get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[State]) -> set[str]:
        return possible_keys(self, lookup, states)

    _get_possible_keys._recent_only = True  # type: ignore[attr-defined]
    RulePolicy._get_possible_keys = _get_possible_keys
