"""Kept conversations: bounded in number, and dropped once the visitor has been idle a while."""

from bot.rasa_ext.tracker_cache import KeptConversation, TrackerCache


def _kept() -> KeptConversation:
    return KeptConversation(tracker=None, saved_length=0, stored_count=0, newest_timestamp=None)


def test_the_least_recently_used_goes_first_beyond_capacity():
    cache = TrackerCache(capacity=2, idle_seconds=600, clock=lambda: 0.0)
    cache.keep("a", _kept())
    cache.keep("b", _kept())
    assert cache.get("a") is not None  # "a" used again: "b" is now the oldest
    cache.keep("c", _kept())
    assert cache.get("b") is None and cache.get("a") is not None and len(cache) == 2


def test_a_conversation_idle_too_long_is_forgotten_and_one_in_use_is_not():
    now = [0.0]
    cache = TrackerCache(capacity=100, idle_seconds=600, clock=lambda: now[0])
    cache.keep("left", _kept())
    cache.keep("chatting", _kept())
    now[0] = 500.0
    assert cache.get("chatting") is not None
    now[0] = 700.0  # "left" idle 700 s, "chatting" 200 s
    assert cache.get("left") is None and cache.get("chatting") is not None and len(cache) == 1
