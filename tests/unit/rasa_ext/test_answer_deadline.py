"""A message that cannot be answered in time (a conversation lock left by a killed server lives a minute) gets
the chat's apology, which the widget reads and retries on, before Rasa's response timeout cuts in with a bare 503."""

import asyncio
import socket
import time

import aiohttp
from sanic import Sanic

from bot.rasa_ext.channels import visitor_ids
from bot.rasa_ext.channels.chat_input import TROUBLE, answer_deadline
from bot.rasa_ext.channels.rest_channel import ValidatedRestInput


def test_the_deadline_sits_inside_the_response_timeout():
    assert answer_deadline(40) == 35
    assert answer_deadline(3) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_rest_message_stuck_past_the_deadline_is_answered_with_the_apology(monkeypatch):
    monkeypatch.setenv("RASA_RESPONSE_TIMEOUT_SECONDS", "4")
    app = Sanic("answer_deadline_test")
    app.config.RESPONSE_TIMEOUT = 4
    channel = ValidatedRestInput()

    async def stuck(_message) -> None:
        await asyncio.sleep(3600)

    app.blueprint(channel.blueprint(stuck), url_prefix="/webhooks/rest")
    port = _free_port()

    async def scenario() -> tuple[int, object, float]:
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        await server.startup()
        await server.start_serving()
        try:
            started = time.monotonic()
            async with aiohttp.ClientSession() as http:
                async with http.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook", json={
                        "sender": visitor_ids.issue(channel.keys.current), "message": "hi",
                        "message_id": "a1b2c3d4e5f6"}) as answer:
                    return answer.status, await answer.json(content_type=None), time.monotonic() - started
        finally:
            server.close()
            await server.wait_closed()

    status, body, seconds = asyncio.run(scenario())
    assert status == 503 and [reply["text"] for reply in body] == [TROUBLE]
    assert seconds < 3.5
