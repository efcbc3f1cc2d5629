"""The scaled profile: two Rasa servers (and two action servers, two web workers) behind nginx, sharing
PostgreSQL and Redis. Runs in CI's PostgreSQL pass (skipped on SQLite: the profile refuses it)."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest
import requests

from bot.rasa_ext.conversation_api import RasaConversations
from bot.runtime.stack_process import start_stack
from tests.support.databases import SERVER_URL_VARIABLE, fresh_database
from tests.support.socket_visitor import SocketVisitor

pytestmark = [
    pytest.mark.e2e, pytest.mark.db,
    pytest.mark.skipif(not os.environ.get(SERVER_URL_VARIABLE), reason="the scaled profile needs PostgreSQL"),
]


@pytest.fixture(scope="module")
def scaled(trained_model, redis_url, tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("scaled")
    with fresh_database(tmp_dir) as url, start_stack(
            trained_model, url, tmp_dir, {"REDIS_URL": redis_url, "CHAT_LIMIT_PER_VISITOR": "1000"},
            scaled=True) as running:
        yield running


def turns(events: list[dict]) -> list[tuple[str, list[dict]]]:
    """Each user message with the events that followed it, up to the next user message."""
    result: list[tuple[str, list[dict]]] = []
    for event in events:
        if event["event"] == "user":
            result.append((event["text"], []))
        elif result:
            result[-1][1].append(event)
    return result


def test_the_balancer_serves_every_public_address(scaled):
    assert len(scaled.rasa_backends) == 2
    assert scaled.say("scaled-smoke", "hi")[-1]["text"] == "What are you trying to achieve right now?"
    for backend in scaled.rasa_backends:
        assert scaled.say(f"scaled-smoke-{backend[-5:]}", "hi", rasa_url=backend)[0]["text"]
    assert requests.get(f"{scaled.web_url}/healthz", timeout=10).status_code == 200
    assert requests.get(f"{scaled.web_url}/inbox", timeout=10, allow_redirects=False).status_code in (302, 303)
    assert requests.get(f"{scaled.action_url}/health", timeout=10).json()["status"] == "ok"


def test_one_visitor_on_two_rasa_servers_gets_every_message_once_in_order(scaled):
    sender, first, second = "scaled-order", *scaled.rasa_backends
    in_order = [f"hello there number {n}" for n in range(6)]
    for index, text in enumerate(in_order):
        assert scaled.say(sender, text, rasa_url=(first, second)[index % 2]), text
    together = [f"hello again number {n}" for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda item: scaled.say(sender, item[1], rasa_url=(first, second)[item[0] % 2]),
                      enumerate(together)))
    conversation = turns(scaled.tracker(sender)["events"])
    texts = [text for text, _ in conversation]
    assert texts[:6] == in_order
    assert sorted(texts[6:]) == sorted(together) and len(texts) == 12
    # One bot turn per message: each ends with exactly one action_listen, and nothing interleaves.
    for text, followers in conversation:
        listens = [e for e in followers if e["event"] == "action" and e["name"] == "action_listen"]
        assert len(listens) == 1 and followers[-1] is listens[0], (text, followers)
        assert any(e["event"] == "bot" for e in followers), text


def test_replies_reach_a_socket_held_by_the_other_rasa_server(scaled):
    async def scenario() -> None:
        visitor = SocketVisitor()
        holding, other = scaled.rasa_backends[1], scaled.rasa_backends[0]
        try:
            token = await visitor.connect(holding)
            conversation_id = token.rpartition(".")[0]
            await visitor.say("hi")
            assert "What are you trying to achieve" in (await visitor.texts_until("trying to achieve"))[-1]
            # A rep's reply goes in through the other server's conversation API, as the inbox does it.
            async with aiohttp.ClientSession() as session:
                rasa = RasaConversations(other, scaled.rasa_token, session)
                await rasa.append(conversation_id, [{"event": "bot", "text": "Hi, Rita from sales here."}])
                # A bot turn started on the other server reaches the socket too.
                await rasa.trigger_intent(conversation_id, "greet")
            assert await visitor.next_text() == "Hi, Rita from sales here."
            relayed = await visitor.next_text()
            bot_texts = [e["text"] for e in scaled.tracker(conversation_id)["events"] if e["event"] == "bot"]
            assert relayed and relayed in bot_texts[bot_texts.index("Hi, Rita from sales here."):]
        finally:
            await visitor.close()

    asyncio.run(scenario())
