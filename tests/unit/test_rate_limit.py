"""The sliding window counts per key and keeps its memory bounded however many keys come and go."""

import time
import uuid

from bot.rasa_ext.channels.chat_input import ChatRateLimiter
from bot.rate_limit import SlidingWindow
from bot.runtime.ports import free_port
from bot.web.auth import LoginRateLimiter


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


def test_two_servers_sharing_redis_share_one_chat_limit(redis_url):
    # Before: each Rasa server counted alone, so a visitor behind the balancer got the limit once per server.
    visitor = f"visitor-{uuid.uuid4().hex}"
    servers = [ChatRateLimiter(per_sender=4, per_address=100, redis_url=redis_url) for _ in range(2)]
    allowed = [servers[i % 2].allow(visitor, "203.0.113.7", now=1000.0 + i) for i in range(8)]
    assert allowed == [True] * 4 + [False] * 4
    assert servers[1].allow(visitor, "203.0.113.7", now=1000.0 + 61)  # the window moved on
    assert ChatRateLimiter(per_sender=4, redis_url="").allow(visitor, "203.0.113.7", now=1000.0)  # in process


def test_two_web_workers_sharing_redis_share_the_sign_in_throttle(redis_url):
    workers = [LoginRateLimiter(window=900, redis_url=redis_url) for _ in range(2)]
    limits = {f"ip-email:198.51.100.2:{uuid.uuid4().hex}@example.com": 3}
    for attempt in range(3):
        assert workers[attempt % 2].allowed(limits, now=5000.0 + attempt)
        workers[attempt % 2].failed(limits, now=5000.0 + attempt)
    assert not workers[0].allowed(limits, now=5010.0) and not workers[1].allowed(limits, now=5010.0)
    workers[1].succeeded(limits)
    assert workers[0].allowed(limits, now=5011.0)


def test_with_redis_down_limits_are_counted_in_process_without_holding_up_the_chat():
    limiter = ChatRateLimiter(per_sender=2, redis_url=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    started = time.monotonic()
    assert [limiter.allow("v", "a", now=1.0 + i) for i in range(3)] == [True, True, False]
    assert time.monotonic() - started < 2  # one failed attempt, then counted locally for a while
