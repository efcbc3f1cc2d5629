"""The conversation-quality suite: scripted visitors played over the REST channel against the real stack,
judged from their trackers. Counts re-asked facts, stored non-answers, dead ends, replies said again word for
word, reflection defects, repeated reasons, and visitor messages until the first recommendation."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.discovery.reflection_check import reflection_defects
from bot.profile.facts import FACT_NAMES

VISITORS_FILE = Path(__file__).with_name("conversation_visitors.yml")
# Responses that ask for a fact (the form asks with utter_ask_<fact>, the goal again with _again).
ASKS = {f"utter_ask_{name}": name for name in FACT_NAMES} | {"utter_ask_goal_again": "goal"}
FALLBACKS = {"utter_default", "utter_clarify", "utter_clarify_options", "utter_didnt_catch_again",
             "utter_didnt_catch"}
# Said to a visitor who had just told us something about their work: they were not heard.
BRUSH_OFFS = FALLBACKS | {"utter_off_topic_in_discovery", "utter_out_of_scope"}
RECOMMENDED = {"utter_recommendation_intro", "utter_nothing_fits", "utter_recommendations_again",
               "utter_recommendations_again_briefly"}
REFLECTION_SLOTS = ("goal_reflection", "challenge_reflection")


@dataclass(frozen=True)
class ScriptedMessage:
    text: str
    gives: tuple[str, ...] = ()
    retracts: tuple[str, ...] = ()  # facts the visitor takes back ("no" to the reflection)
    non_answer: bool = False


@dataclass(frozen=True)
class ScriptedVisitor:
    name: str
    messages: tuple[ScriptedMessage, ...]
    recommend_by: int | None = None


@dataclass
class VisitorResult:
    """What one scripted visitor experienced."""

    name: str
    reasked: list[str] = field(default_factory=list)
    stored_non_answers: list[str] = field(default_factory=list)
    dead_ends: int = 0
    parroted_replies: int = 0  # a turn whose whole reply is the previous turn's, word for word
    reflection_defects: list[str] = field(default_factory=list)
    brushed_off: list[str] = field(default_factory=list)  # told us something, heard "outside what I can help with"
    repeated_reasons: int = 0
    messages_to_recommendation: int | None = None
    late_recommendation: bool = False

    @property
    def defects(self) -> int:
        return (len(self.reasked) + len(self.stored_non_answers) + self.dead_ends + self.parroted_replies
                + len(self.reflection_defects) + len(self.brushed_off)
                + self.repeated_reasons + int(self.late_recommendation))


def load_visitors(path: Path = VISITORS_FILE) -> list[ScriptedVisitor]:
    """The scripted visitors from their YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [ScriptedVisitor(
        name=raw["name"], recommend_by=raw.get("recommend_by"),
        messages=tuple(ScriptedMessage(text=m["text"], gives=tuple(m.get("gives") or ()),
                                       retracts=tuple(m.get("retracts") or ()),
                                       non_answer=bool(m.get("non_answer"))) for m in raw["messages"]),
    ) for raw in data["visitors"]]


def _turns(events: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The tracker cut into visitor turns: each starts with a user event."""
    turns: list[list[Mapping[str, Any]]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([event])
        elif turns:
            turns[-1].append(event)
    return turns


def _response(event: Mapping[str, Any]) -> str:
    return str((event.get("metadata") or {}).get("utter_action") or "")


def judge(visitor: ScriptedVisitor, events: Sequence[Mapping[str, Any]]) -> VisitorResult:
    """Judge one played conversation from its tracker events."""
    result = VisitorResult(visitor.name)
    turns = _turns(events)
    given: set[str] = set()
    previous_fallback = paused = False
    previous_reply: list[str] = []
    for index, (message, turn) in enumerate(zip(visitor.messages, turns, strict=False), start=1):
        responses = [_response(e) for e in turn if e.get("event") == "bot"]
        given.difference_update(message.retracts)
        for response in responses:
            fact = ASKS.get(response)
            if fact and fact in given:
                result.reasked.append(f"message {index}: asked for {fact} again")
        given.update(message.gives)
        if message.gives and (brush_offs := [name for name in responses if name in BRUSH_OFFS]):
            result.brushed_off.append(f"message {index}: told us {', '.join(message.gives)}, got {brush_offs[0]}")
        final = {}
        for event in turn:
            if event.get("event") == "slot":
                final[event["name"]] = event.get("value")
        if message.non_answer:
            said = message.text.strip().lower()
            for name in FACT_NAMES:
                value = final.get(name)
                if isinstance(value, str) and value.strip().lower() == said:
                    result.stored_non_answers.append(f"message {index}: {message.text!r} stored as {name}")
        for slot in REFLECTION_SLOTS:
            reflected = final.get(slot)
            if isinstance(reflected, str):
                result.reflection_defects.extend(f"{reflected!r}: {defect}"
                                                 for defect in reflection_defects(reflected))
        fallback = bool(responses) and all(response in FALLBACKS for response in responses)
        for event in turn:  # while a rep is asked to join, the visitor's words wait for the rep, unanswered
            paused = {"pause": True, "resume": False}.get(str(event.get("event")), paused)
        if (fallback and previous_fallback) or (not responses and not paused):
            result.dead_ends += 1
        previous_fallback = fallback
        reply = [str(e.get("text") or "") for e in turn if e.get("event") == "bot"]
        result.parroted_replies += bool(reply) and reply == previous_reply
        previous_reply = reply
        reasons = [e.get("text") for e in turn if _response(e) == "utter_recommendation_item"]
        result.repeated_reasons += len(reasons) - len(set(reasons))
        if result.messages_to_recommendation is None and RECOMMENDED & set(responses):
            result.messages_to_recommendation = index
    if visitor.recommend_by is not None:
        reached = result.messages_to_recommendation
        result.late_recommendation = reached is None or reached > visitor.recommend_by
    return result


def play(visitor: ScriptedVisitor, sender: str, say: Callable[[str, str], Any],
         tracker: Callable[[str], Mapping[str, Any]]) -> VisitorResult:
    """Send each scripted message as `sender`, then judge the conversation from its tracker."""
    for message in visitor.messages:
        say(sender, message.text)
    return judge(visitor, tracker(sender)["events"])


def render_table(results: Sequence[VisitorResult]) -> str:
    """A Markdown table: one row per visitor and a total."""
    lines = ["| visitor | re-asked | non-answers stored | dead ends | said again word for word | reflection defects "
             "| brushed off | repeated reasons | messages to first recommendation |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        reached = "-" if r.messages_to_recommendation is None else str(r.messages_to_recommendation)
        if r.late_recommendation:
            reached = f"**{reached} (late)**"  # a defect like the others: its script says by when
        lines.append(f"| {r.name} | {len(r.reasked)} | {len(r.stored_non_answers)} | {r.dead_ends} | "
                     f"{r.parroted_replies} | {len(r.reflection_defects)} | {len(r.brushed_off)} | "
                     f"{r.repeated_reasons} | {reached} |")
    reached_all = [r.messages_to_recommendation for r in results if r.messages_to_recommendation]
    median = sorted(reached_all)[len(reached_all) // 2] if reached_all else "-"
    lines.append(f"| **total ({len(results)} visitors)** | {sum(len(r.reasked) for r in results)} | "
                 f"{sum(len(r.stored_non_answers) for r in results)} | {sum(r.dead_ends for r in results)} | "
                 f"{sum(r.parroted_replies for r in results)} | "
                 f"{sum(len(r.reflection_defects) for r in results)} | {sum(len(r.brushed_off) for r in results)} | "
                 f"{sum(r.repeated_reasons for r in results)} | "
                 f"median {median}, {sum(r.late_recommendation for r in results)} late |")
    return "\n".join(lines)
