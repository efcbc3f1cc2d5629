"""Listen before pitching: no recommendation or pitch may happen before the visitor's goal is known."""

from __future__ import annotations

from bot.content_check.content_files import ContentFiles
from bot.content_check.conversation_steps import Flow, flows, slot_values
from bot.content_check.findings import Finding, error

PITCH_ACTIONS = {"action_recommend"}
PITCH_PREFIX = "utter_pitch_"
# Steps after which the goal is known: the discovery form finished, or the goal was captured.
GOAL_CAPTURING_ACTIONS = {"action_capture_goal"}


def is_pitch(action: str) -> bool:
    return action in PITCH_ACTIONS or action.startswith(PITCH_PREFIX)


def _goal_known_by_condition(flow: Flow) -> bool:
    return any(slot_values(condition).get("goal") not in (None, "null") and "goal" in slot_values(condition)
               for condition in flow.conditions)


def pitches_before_goal(flow: Flow) -> list[Finding]:
    known = _goal_known_by_condition(flow)
    # A rule's steps before its first visitor message are context (what already happened), not new turns.
    live = flow.kind == "story"
    findings = []
    for index, step in enumerate(flow.steps):
        if "intent" in step or "user" in step:
            live = True
        slots = slot_values(step)
        if "goal" in slots:
            known = slots["goal"] is not None
        action = step.get("action")
        if action in GOAL_CAPTURING_ACTIONS:
            known = True
        if action == "discovery_form":
            following = flow.steps[index + 1] if index + 1 < len(flow.steps) else {}
            if "active_loop" in following and following["active_loop"] is None:
                known = True
        if action and is_pitch(action) and live and not known:
            findings.append(error(
                flow.path, step.get("__line__"),
                f"{flow.kind} '{flow.name}' can run '{action}' before the visitor has said what they want",
                "put the discovery questions (discovery_form) first, or add a condition that the goal is "
                "known (slot_was_set: goal)"))
    return findings


def check_listen_before_pitch(files: ContentFiles) -> list[Finding]:
    return [finding for flow in flows(files) for finding in pitches_before_goal(flow)]
