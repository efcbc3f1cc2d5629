"""The sliding window counts per key and keeps its memory bounded however many keys come and go."""

from bot.rate_limit import SlidingWindow


def test_counts_within_the_window_only():
    window = SlidingWindow(60)
    for second in (0, 10, 20):
        window.record("a", second)
    assert window.count("a", 30) == 3 and window.count("a", 65) == 2 and window.count("a", 200) == 0


def test_keys_that_went_quiet_are_dropped_without_being_asked_about():
    window = SlidingWindow(60)
    for n in range(4000):  # 4000 visitor ids, each seen once
        window.record(f"visitor-{n}", n / 100)
    assert len(window) == 4000
    window.record("later", 3600)  # an hour later, one new message
    assert len(window) == 1


def test_never_more_than_max_keys_the_quietest_go_first():
    window = SlidingWindow(60, max_keys=3)
    for n, key in enumerate(("a", "b", "c", "d")):
        window.record(key, n)
    window.record("b", 5)
    window.record("e", 6)
    assert len(window) == 3 and window.count("a", 7) == 0 and window.count("c", 7) == 0
    assert window.count("b", 7) == 2 and window.count("d", 7) == 1 and window.count("e", 7) == 1
