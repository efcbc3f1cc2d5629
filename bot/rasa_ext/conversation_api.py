"""A small client for Rasa's conversation API (token-protected), used by the inbox."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.conversation_events import typed_by_visitor


class RasaConversationError(RuntimeError):
    """Rasa did not accept a conversation request; the message says what it answered."""


# What a call to Rasa can fail with when Rasa is down, slow or refuses: callers retry or apologise.
RASA_UNAVAILABLE = (RasaConversationError, aiohttp.ClientError, OSError, asyncio.TimeoutError)


class RasaConversations:
    """Reads transcripts and appends events to conversations through Rasa's HTTP API."""

    def __init__(self, base_url: str, token: str, session: aiohttp.ClientSession) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session

    async def _request(self, method: str, path: str, params: dict | None = None, json: Any = None) -> Any:
        query = {"token": self.token, **(params or {})}
        async with self.session.request(method, f"{self.base_url}{path}", params=query, json=json,
                                        timeout=aiohttp.ClientTimeout(total=30)) as response:
            if response.status >= 400:
                raise RasaConversationError(f"Rasa answered {response.status} to {method} {path}: "
                                            f"{(await response.text())[:300]}")
            return await response.json()

    async def events(self, sender_id: str) -> list[dict]:
        tracker = await self._request("GET", f"/conversations/{sender_id}/tracker", {"include_events": "ALL"})
        return tracker.get("events", [])

    async def append(self, sender_id: str, events: list[dict]) -> None:
        """Append events and send any bot messages among them to the visitor's latest channel."""
        await self._request("POST", f"/conversations/{sender_id}/tracker/events",
                            {"output_channel": "latest", "execute_side_effects": "true"}, events)

    async def resume(self, sender_id: str) -> None:
        """Un-pause the bot. The paused bot never ran `action_listen`; record it so the next turn
        starts from "waiting for the visitor", as every rule expects."""
        await self.append(sender_id, [{"event": "resume"}, {"event": "action", "name": "action_listen"}])

    async def trigger_intent(self, sender_id: str, intent: str) -> None:
        """Make the bot act as if the visitor expressed `intent` (used for inbox-driven turns)."""
        await self._request("POST", f"/conversations/{sender_id}/trigger_intent", {"output_channel": "latest"},
                            {"name": intent, "entities": {}})


    async def visitor_typing(self, sender_id: str) -> bool:
        """Whether the visitor is typing now (reported by the chat widget while a person is in the chat)."""
        answer = await self._request("GET", f"/webhooks/socketio/typing/{quote(sender_id, safe='')}")
        return bool(answer.get("visitor_typing"))

    async def rep_typing(self, sender_id: str, rep_name: str) -> None:
        """Show the visitor that `rep_name` is typing."""
        await self._request("POST", f"/webhooks/socketio/typing/{quote(sender_id, safe='')}", json={"rep": rep_name})


def transcript(events: list[dict]) -> list[dict]:
    """Visitor, bot and rep messages in order: {"who", "text", "at", "rep"}."""
    lines = []
    for event in events:
        text = event.get("text") or ""
        if event.get("event") == "user" and typed_by_visitor(text):
            lines.append({"who": "visitor", "text": event.get("text") or "", "at": event.get("timestamp"),
                          "rep": None})
        elif event.get("event") == "bot" and event.get("text"):
            rep = (event.get("metadata") or {}).get("rep")
            lines.append({"who": "rep" if rep else "bot", "text": event["text"], "at": event.get("timestamp"),
                          "rep": rep})
    return lines
