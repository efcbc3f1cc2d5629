"""The soak benchmark's own arithmetic: the growth slope and the shape of its conversations."""

import random

from bot.bench.soak_bench import HANDOFF, _conversation, slope_per_hour


def test_the_slope_is_per_hour_and_flat_for_steady_memory():
    assert slope_per_hour([(0, 100.0), (1800, 110.0), (3600, 120.0)]) == 20.0
    assert slope_per_hour([(0, 300.0), (600, 300.0), (1200, 300.0)]) == 0.0
    assert slope_per_hour([(0, 1.0)]) == 0.0


def test_conversations_hold_8_to_12_messages_and_some_end_with_a_handoff():
    rng = random.Random(7)
    conversations = [_conversation(rng) for _ in range(300)]
    assert {len(c) for c in conversations} <= set(range(8, 13))
    handoffs = [c for c in conversations if HANDOFF in c]
    assert 10 <= len(handoffs) <= 60 and all(c.index(HANDOFF) == len(c) - 1 for c in handoffs)
