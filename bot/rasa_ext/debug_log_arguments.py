"""Rasa's debug log lines on the message path, with their costly arguments built only when debug logging is on.

Python evaluates a call's arguments before the logger can drop the line, and Rasa 3.6 passes deep copies of
events, slots and parse data (its log processors may edit what they are given) and, in `RulePolicy`, a text
of every dialogue state so far. At INFO that is work for nothing on every message: ~3% of the Rasa process's
CPU, and the states text grows with the conversation. Hooks: the `copy` name in the three modules below, whose
only deep copies are debug log arguments (`tests/unit/rasa_ext/test_debug_log_arguments.py` checks that on
Rasa's source), and `RulePolicy.format_tracker_states`, whose only caller is a debug log line.
"""

from __future__ import annotations

import copy
import logging
from types import ModuleType
from typing import Any

import structlog
from rasa.core import processor
from rasa.core.actions import forms
from rasa.core.policies import rule_policy
from rasa.core.policies.policy import Policy

PATCHED_MODULES: tuple[ModuleType, ...] = (processor, forms, rule_policy)


def debug_logging_on() -> bool:
    """Whether structlog, as Rasa configured it, would write a debug line."""
    wrapper = structlog.get_config()["wrapper_class"]
    return not any(wrapper is structlog.make_filtering_bound_logger(level)
                   for level in (logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL))


class LogArgumentCopies:
    """Stands in for the `copy` module: `deepcopy` copies only while debug lines are written."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        """A deep copy of `value` when debug logging is on, else `value` itself (it is only logged)."""
        return copy.deepcopy(value, memo) if debug_logging_on() else value


def _states_for_log(states: list[dict]) -> str:
    return Policy.format_tracker_states(states) if debug_logging_on() else ""


def install() -> None:
    """Route the copies and the states text through the checks above (idempotent)."""
    for module in PATCHED_MODULES:
        module.copy = LogArgumentCopies()  # type: ignore[attr-defined]
    rule_policy.RulePolicy.format_tracker_states = staticmethod(_states_for_log)
