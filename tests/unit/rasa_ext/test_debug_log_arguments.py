"""Debug log arguments are built only when debug logging is on, and only where that is all they are for."""

from __future__ import annotations

import ast
import inspect
import logging
from collections.abc import Iterator

import pytest
import structlog
from rasa.core.policies.rule_policy import RulePolicy

from bot.rasa_ext import debug_log_arguments
from bot.rasa_ext.debug_log_arguments import PATCHED_MODULES, LogArgumentCopies

STATES = [{}, {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}]


@pytest.fixture()
def structlog_at() -> Iterator:
    kept = structlog.get_config()

    def configure(level: int) -> None:
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(level))

    yield configure
    structlog.configure(**kept)


def _deep_copies_outside_debug_lines(module_source: str) -> list[int]:
    tree = ast.parse(module_source)
    in_debug_lines: set[int] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "debug"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "structlogger"):
            in_debug_lines.update(id(inner) for inner in ast.walk(node))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "copy"
            and id(node) not in in_debug_lines]


@pytest.mark.parametrize("module", PATCHED_MODULES, ids=lambda module: module.__name__)
def test_the_patched_modules_use_copy_only_for_debug_lines(module) -> None:
    source = inspect.getsource(module)
    assert "copy.deepcopy(" in source, "the module no longer copies for its log lines: drop it from the list"
    assert _deep_copies_outside_debug_lines(source) == []


def test_the_source_check_finds_a_copy_kept_for_real_work() -> None:
    from rasa.core.actions import action  # copies the last user message to change it

    assert _deep_copies_outside_debug_lines(inspect.getsource(action))


def test_nothing_is_copied_while_debug_lines_are_dropped(structlog_at) -> None:
    structlog_at(logging.INFO)
    events = [{"event": "slot", "value": ["a"]}]
    assert LogArgumentCopies.deepcopy(events) is events


def test_debug_lines_get_their_own_copies(structlog_at) -> None:
    structlog_at(logging.DEBUG)
    events = [{"event": "slot", "value": ["a"]}]
    copied = LogArgumentCopies.deepcopy(events)
    assert copied == events and copied is not events and copied[0]["value"] is not events[0]["value"]


def test_other_copy_functions_are_the_standard_ones() -> None:
    assert LogArgumentCopies().copy([1]) == [1]


def test_the_rule_policys_states_text_is_written_only_for_debug_lines(structlog_at) -> None:
    debug_log_arguments.install()
    structlog_at(logging.INFO)
    assert RulePolicy.format_tracker_states(STATES) == ""
    structlog_at(logging.DEBUG)
    assert "user intent: greet" in RulePolicy.format_tracker_states(STATES)
