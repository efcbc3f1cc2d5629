"""Exactly once: a message sent again with its client id is answered with the first replies, never run twice."""

import asyncio
import subprocess
import sys
import time
import uuid

import pytest

from bot.rasa_ext.channels.repeat_guard import LocalRepeatGuard, RedisRepeatGuard, message_key


class Turns:
    """A stand-in for Rasa answering a message: counts the turns it takes, each after a short think."""

    def __init__(self, fail_first: bool = False) -> None:
        self.count = 0
        self.fail_first = fail_first

    async def answer(self) -> list[dict]:
        self.count += 1
        await asyncio.sleep(0.05)
        if self.fail_first and self.count == 1:
            raise RuntimeError("the database is down")
        return [{"text": f"reply to turn {self.count}"}]


def _guards(redis_url: str | None):
    if redis_url is None:
        guard = LocalRepeatGuard()
        return guard, guard
    return RedisRepeatGuard(redis_url), RedisRepeatGuard(redis_url)  # two Rasa servers sharing Redis


@pytest.fixture(params=["in process", "redis"])
def guards(request):
    return _guards(request.getfixturevalue("redis_url") if request.param == "redis" else None)


def _key() -> str:
    return message_key("conversation-1", uuid.uuid4().hex)


def test_only_well_formed_client_ids_are_remembered():
    assert message_key("c", "a1b2c3d4e5") == "c:a1b2c3d4e5"
    for bad in (None, 42, "short", "x" * 65, "has space12", "../../etc/x", ["a1b2c3d4e5"]):
        assert message_key("c", bad) is None, bad


def test_a_repeat_after_the_answer_gets_the_same_replies_and_no_turn(guards):
    first_server, second_server = guards
    turns, key = Turns(), _key()

    async def scenario():
        first = await first_server.once(key, turns.answer)
        again = await second_server.once(key, turns.answer)
        return first, again

    first, again = asyncio.run(scenario())
    assert first == ([{"text": "reply to turn 1"}], False)
    assert again == ([{"text": "reply to turn 1"}], True) and turns.count == 1


def test_the_same_message_twice_at_once_is_one_turn(guards):
    first_server, second_server = guards
    turns, key = Turns(), _key()

    async def scenario():
        return await asyncio.gather(first_server.once(key, turns.answer), second_server.once(key, turns.answer))

    results = asyncio.run(scenario())
    assert turns.count == 1
    assert sorted(repeated for _, repeated in results) == [False, True]
    assert results[0][0] == results[1][0]


def test_a_repeat_of_a_message_that_failed_is_answered_as_new(guards):
    first_server, second_server = guards
    turns, key = Turns(fail_first=True), _key()

    async def scenario():
        with pytest.raises(RuntimeError):
            await first_server.once(key, turns.answer)
        return await second_server.once(key, turns.answer)

    assert asyncio.run(scenario()) == ([{"text": "reply to turn 2"}], False)


def test_messages_without_an_id_are_always_answered(guards):
    first_server, _ = guards
    turns = Turns()

    async def scenario():
        await first_server.once(None, turns.answer)
        await first_server.once(None, turns.answer)

    asyncio.run(scenario())
    assert turns.count == 2


def test_the_in_process_memory_is_bounded_and_forgets_after_the_window():
    guard = LocalRepeatGuard(window=60, max_remembered=100)
    turns = Turns()

    async def scenario():
        for index in range(150):
            await guard.once(f"c:message-{index:04d}", turns.answer)

    asyncio.run(scenario())
    assert len(guard._seen) <= 101
    guard.window = 0  # everything remembered is now older than the window
    asyncio.run(guard.once("c:message-0149", turns.answer))
    assert turns.count == 151


CLAIM_THEN_HANG = """
import asyncio, sys
from bot.rasa_ext.channels.repeat_guard import RedisRepeatGuard

async def hang():
    print("claimed", flush=True)
    await asyncio.sleep(3600)

asyncio.run(RedisRepeatGuard(sys.argv[1], claim_seconds=1).once(sys.argv[2], hang))
"""


def test_a_message_whose_server_was_killed_mid_answer_is_taken_over_when_its_claim_lapses(redis_url):
    """kill -9 skips every cleanup: the claim must lapse by itself, not block the widget's retries for the
    whole window (seen in the chaos test: one visitor's message refused for ten minutes)."""
    key, turns = _key(), Turns()
    server = subprocess.Popen([sys.executable, "-c", CLAIM_THEN_HANG, redis_url, key], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert server.stdout.readline().strip() == "claimed"
    finally:
        server.kill()
        server.wait()
    started = time.monotonic()
    replies, repeated = asyncio.run(RedisRepeatGuard(redis_url, claim_seconds=1).once(key, turns.answer))
    assert (replies, repeated, turns.count) == ([{"text": "reply to turn 1"}], False, 1)
    assert time.monotonic() - started < 5
