"""A website visitor on the socket.io channel, as the widget talks to it (python-socketio's client)."""

from __future__ import annotations

import asyncio

import socketio


class SocketVisitor:
    """Connects over long-polling (as the widget does), asks for a session and collects bot messages."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.messages: asyncio.Queue = asyncio.Queue()
        self.confirmed: asyncio.Queue = asyncio.Queue()
        self.client.on("bot_uttered", self.messages.put_nowait)
        self.client.on("session_confirm", self.confirmed.put_nowait)

    async def connect(self, rasa_url: str, session_id: str | None = None) -> str:
        """Connect and return the session id the server confirmed."""
        await self.client.connect(rasa_url, transports=["polling"], wait_timeout=20)
        await self.client.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.confirmed.get(), 20)

    async def say(self, text: str, session_id: str | None = None, message_id: str | None = None) -> None:
        payload = {"message": text, "session_id": session_id}
        await self.client.emit("user_uttered", payload | ({"message_id": message_id} if message_id else {}))

    async def next_message(self, seconds: float = 30) -> dict:
        return await asyncio.wait_for(self.messages.get(), seconds)

    async def next_text(self, seconds: float = 30) -> str:
        return (await asyncio.wait_for(self.messages.get(), seconds)).get("text", "")

    async def texts_until(self, wanted: str, seconds: float = 30) -> list[str]:
        """Bot texts received until one contains `wanted` (raises TimeoutError if it never comes)."""
        texts: list[str] = []
        while not texts or wanted not in texts[-1]:
            texts.append(await self.next_text(seconds))
        return texts

    async def close(self) -> None:
        await self.client.disconnect()
