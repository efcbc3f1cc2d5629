"""Typing hints are short-lived and cannot grow without bound."""

from bot.rasa_ext.channels.typing_signals import LocalTypingSignals


def test_a_typing_hint_lasts_a_few_seconds():
    signals = LocalTypingSignals(seconds=6)
    signals.record("a", now=100.0)
    assert signals.is_typing("a", now=105.9) and not signals.is_typing("a", now=106.1)
    assert not signals.is_typing("b", now=100.0)


def test_memory_is_bounded_under_a_flood():
    signals = LocalTypingSignals(seconds=6, max_conversations=100)
    for n in range(1000):
        signals.record(f"v{n}", now=100.0)
    assert len(signals._last) == 100  # live hints are kept; the rest of the flood is dropped
    signals.record("later", now=200.0)  # the old ones have expired: swept, and the new one kept
    assert signals.is_typing("later", now=200.0) and len(signals._last) == 1
