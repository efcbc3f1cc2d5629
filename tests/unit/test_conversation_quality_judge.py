"""The conversation-quality judge: a reply said again word for word, a late recommendation, and a visitor
brushed off after telling us something."""

from __future__ import annotations

import dataclasses

from bot.bench.conversation_quality import ScriptedMessage, ScriptedVisitor, judge, render_table


def _turn(said: str, *replies: str) -> list[dict]:
    return [{"event": "user", "text": said},
            *({"event": "bot", "text": text, "metadata": {"utter_action": "utter_x"}} for text in replies)]


def _visitor(*messages: str) -> ScriptedVisitor:
    return ScriptedVisitor("v", tuple(ScriptedMessage(text) for text in messages))


def test_a_whole_reply_said_again_is_a_defect():
    events = [*_turn("I'm the support lead", "Thanks, that's useful context.", "If that were sorted?"),
              *_turn("15 of us", "Thanks, that's useful context.", "If that were sorted?"),
              *_turn("asap", "Thanks, that's useful context.", "If that were sorted?")]
    result = judge(_visitor("I'm the support lead", "15 of us", "asap"), events)
    assert result.parroted_replies == 2 and result.defects == 2


def test_a_reply_in_other_words_is_not():
    events = [*_turn("I'm the support lead", "Thanks, that's useful context.", "If that were sorted?"),
              *_turn("15 of us", "Noted, thank you.", "If that were sorted?"),
              *_turn("asap", "Got it.", "Does one of these come close?")]
    assert judge(_visitor("I'm the support lead", "15 of us", "asap"), events).parroted_replies == 0


def test_a_late_recommendation_shows_in_the_table():
    # It counted as a defect in `make test` but showed as a plain dash in the bench's table, and was missed.
    events = [*_turn("hi", "What are you trying to achieve?"), *_turn("not sure", "In a few words?")]
    visitor = dataclasses.replace(_visitor("hi", "not sure"), recommend_by=2)
    result = judge(visitor, events)
    assert result.late_recommendation and result.defects == 1
    assert "| **- (late)** |" in render_table([result]) and "1 late |" in render_table([result])


def test_telling_us_something_and_hearing_it_is_outside_our_help_is_a_defect():
    # Found chatting: "candidates ghost us after the first call" got "That's outside what I can help with".
    said = "candidates ghost us after the first call"
    events = [{"event": "user", "text": said},
              {"event": "bot", "text": "That's outside what I can help with, I'm afraid.",
               "metadata": {"utter_action": "utter_off_topic_in_discovery"}}]
    told = ScriptedVisitor("v", (ScriptedMessage(said, gives=("challenge",)),))
    result = judge(told, events)
    assert result.brushed_off == ["message 1: told us challenge, got utter_off_topic_in_discovery"]
    assert result.defects == 1 and "| 1 |" in render_table([result])
    assert judge(_visitor(said), events).defects == 0  # a message that tells us nothing may be off topic
