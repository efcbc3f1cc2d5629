"""Event filters: patterns match event types, and a pattern that matches none is refused."""

import pytest

from bot.events.event_types import EventFilterError, check_filter, matches


def test_patterns_match_types():
    assert matches(("*",), "handoff.closed")
    assert matches(("lead.*", "handoff.closed"), "lead.updated")
    assert matches(("lead.*", "handoff.closed"), "handoff.closed")
    assert not matches(("lead.*",), "handoff.queued")
    assert not matches((), "lead.created")


def test_a_filter_that_matches_nothing_is_refused_with_the_known_types():
    check_filter(("lead.*", "visitor.forgotten"))
    with pytest.raises(EventFilterError, match="'lead.craeted' matches no event type; known types: lead.created"):
        check_filter(("lead.craeted",))
