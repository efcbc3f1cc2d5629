"""Saved replies: checked like content, filled in per visitor, never half-filled."""

import pytest

from bot.handoff.saved_replies import (
    SavedRepliesError,
    SavedReply,
    fill,
    load_saved_replies,
    parse_saved_replies,
    visitor_values,
)


def test_the_shipped_replies_load_and_fill_for_a_visitor_who_told_us_things():
    replies = {reply.id: reply for reply in load_saved_replies()}
    values = visitor_values({"name": "Dana Scully", "company": None,
                             "goal": "we want to automate our customer onboarding"}, "Rita")
    assert fill(replies["introduce-yourself"], values).startswith("Hi Dana, I'm Rita from")
    assert "you want to automate your customer onboarding" in fill(replies["goal-check"], values)
    assert fill(replies["book-a-call"], values) is None  # no company yet: not offered half-filled


def test_a_visitors_words_are_filled_in_as_text_not_as_placeholders():
    reply = SavedReply("x", "X", "Hi {first_name}")
    assert fill(reply, visitor_values({"name": "{rep_name} {0.__class__}"}, "Rita")) == "Hi {rep_name}"


@pytest.mark.parametrize("content, problem", [
    (None, "replies:"), ({"replies": "hi"}, "replies:"), ({"replies": ["hi"]}, "reply 1"),
    ({"replies": [{"id": "Bad Id", "title": "t", "text": "x"}]}, "lowercase"),
    ({"replies": [{"id": "a", "title": " ", "text": "x"}]}, "write a title"),
    ({"replies": [{"id": "a", "title": "t", "text": "Hi {nmae}"}]}, "unknown placeholder {nmae}"),
    ({"replies": [{"id": "a", "title": "t", "text": "Hi {goal:>999999999}"}]}, "plainly"),
    ({"replies": [{"id": "a", "title": "t", "text": "Hi {goal.__class__}"}]}, "unknown placeholder"),
    ({"replies": [{"id": "a", "title": "t", "text": "a } b"}]}, "written twice"),
    ({"replies": [{"id": "a", "title": "t", "text": "x" * 2001}]}, "longer than"),
    ({"replies": [{"id": "a", "title": "t", "text": "x"}, {"id": "a", "title": "u", "text": "y"}]}, "two replies"),
])
def test_mistakes_are_named(content, problem):
    with pytest.raises(SavedRepliesError, match=problem.replace("{", r"\{").replace("}", r"\}")):
        parse_saved_replies(content)
