"""Rasa's socket.io channel (what the widget uses), hardened and ready for several Rasa servers.

Differences from stock Rasa's `socketio` channel:
- session ids are issued and signed by the server; a socket may only write to the conversation it
  was given, so no one can read or write another visitor's chat by guessing or copying its id;
- messages are cleaned and size-checked, and rate-limited per visitor and per address;
- a returning visitor's page is recorded when the widget reconnects on a new page (for the rep's card), and
  a page with its own opening (data/openings.yml) gets its greeting;
- a failure (database down) reaches the visitor as an apology, not silence;
- a rep's messages carry the rep's name (`rep`), and typing is relayed both ways while a person is in the
  chat: the widget's `typing` event is kept briefly (typing_signals.py) for the inbox to ask about, and the
  inbox's "rep is typing" is emitted to the visitor as `rep_typing` (both routes need Rasa's API token);
- with REDIS_URL set, python-socketio's Redis manager relays messages between Rasa servers, so a
  reply emitted by any server reaches the visitor's socket wherever it is connected.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from bot.db.off_loop import off_loop
from bot.paths import PROMPTS_FILE
from bot.prompts.prompt_rules import PROMPT_ACTIONS, load_prompt_rules
from bot.prompts.prompt_store import count_prompt_action, may_be_prompted
from bot.rasa_ext.channels import visitor_ids
from bot.rasa_ext.channels.chat_input import (
    MAX_SENDER_CHARS,
    SENDER_PATTERN,
    SLOW_DOWN,
    TROUBLE,
    ChatInputError,
    ChatRateLimiter,
    answer_deadline,
    clean_message,
    widget_metadata,
    with_message_id,
)
from bot.rasa_ext.channels.repeat_guard import message_key, repeat_guard
from bot.rasa_ext.channels.typing_signals import typing_signals
from bot.settings import load_settings
from bot.visits.page_context import PageContext, page_from_metadata
from bot.visits.page_openings import load_page_openings
from bot.visits.page_views import record_page_view

logger = logging.getLogger(__name__)


class PersonAwareSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, plus the rep's name on messages a rep wrote (the widget shows who is talking)
    and, on the replies to a visitor message that carried a client id, that id (`reply_to`), kept in `sent`
    so a repeat of the message can be answered with them (repeat_guard.py)."""

    def __init__(self, sio: AsyncServer, bot_message_evt: str, reply_to: str | None = None,
                 origin_sid: str | None = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.reply_to = reply_to
        self.origin_sid = origin_sid  # the socket the visitor's message came in on, on this server
        self.sent: list[dict[str, Any]] = []
        self.replaying = False  # set when the replies come from the conversation (answered_once.py)

    async def _send_message(self, socket_id: str, response: Any) -> None:
        if self.reply_to and isinstance(response, dict):
            response = {**response, "reply_to": self.reply_to, **({"repeat": True} if self.replaying else {})}
            self.sent.append(response)
        if self.origin_sid is None:
            await super()._send_message(socket_id, response)
            return
        # Straight into the sending socket's queue, ahead of the message's acknowledgement: through Redis they could
        # arrive after it, and be lost with this server if it died in between while the widget, acknowledged,
        # never sends again. The conversation's other sockets (another tab, another server) get them through Redis.
        await self.sio.emit(self.bot_message_evt, response, room=self.origin_sid, ignore_queue=True)
        await self.sio.emit(self.bot_message_evt, response, room=socket_id, skip_sid=self.origin_sid)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        rep = kwargs.get("rep")
        extra = {"rep": rep} if isinstance(rep, str) and rep else {}
        for message_part in text.strip().split("\n\n"):
            await self._send_message(recipient_id, {"text": message_part, **extra})


class SignedSocketIOInput(SocketIOInput):
    """socket.io with server-issued session ids; same events as Rasa's (session_request, user_uttered)."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SignedSocketIOInput:
        credentials = credentials or {}
        settings = load_settings()
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            redis_url=settings.redis_url,
            database_url=settings.database_url,
            per_visitor_per_minute=settings.chat_limit_per_visitor,
            per_address_per_minute=settings.chat_limit_per_address,
        )

    def __init__(self, user_message_evt: str = "user_uttered", bot_message_evt: str = "bot_uttered", *,
                 socketio_path: str = "/socket.io", redis_url: str = "", database_url: str = "",
                 per_visitor_per_minute: int = 20, per_address_per_minute: int = 600) -> None:
        super().__init__(user_message_evt, bot_message_evt, None, True, socketio_path)
        self.redis_url = redis_url
        self.database_url = database_url or load_settings().database_url
        self.keys = visitor_ids.chat_id_keys()
        self.limiter = ChatRateLimiter(per_visitor_per_minute, per_address_per_minute, redis_url=redis_url)
        self.typing = typing_signals(redis_url)
        self.repeats = repeat_guard(redis_url)
        settings = load_settings()
        self.answer_seconds = answer_deadline(settings.rasa_response_timeout)
        # data/prompts.yml (or PROMPTS_FILE): a mistake stops the server at start, with its reason.
        self.prompt_rules = load_prompt_rules(Path(settings.prompts_file) if settings.prompts_file else PROMPTS_FILE)
        self.openings = load_page_openings()  # data/openings.yml, likewise
        self.api_token = settings.rasa_token

    async def _record_page_view(self, conversation_id: str, page: PageContext) -> None:
        """A returning visitor opened another page; losing this (database down) must not break the chat."""
        try:
            await off_loop(record_page_view, self.database_url, conversation_id, page)
        except Exception:
            logger.warning("could not record the page %s is on", conversation_id, exc_info=True)

    def token_for(self, offered: Any, address: str) -> str | None:
        """A returning visitor keeps a genuine id; anything else (none, forged, altered) gets a new one, which
        counts against the address's limit like REST's POST /visitor (None when it is used up)."""
        if (returning := visitor_ids.current_token(offered, self.keys)) is not None:
            return returning  # re-signed with the current key when it was signed with a rotated-out one
        token = visitor_ids.issue(self.keys.current)
        return token if self.limiter.allow(token, address) else None

    def get_output_channel(self) -> PersonAwareSocketIOOutput | None:
        return PersonAwareSocketIOOutput(self.sio, self.bot_message_evt) if self.sio is not None else None

    def _api_caller(self, request: Request) -> bool:
        """Whether the request carries Rasa's API token (the inbox's calls), compared in constant time."""
        token = request.args.get("token") or ""
        return bool(self.api_token) and hmac.compare_digest(token.encode(), self.api_token.encode())

    async def _offer_prompts(self, sid: str, returning_conversation: str | None) -> None:
        """Send the proactive prompt rules, unless the visitor declined them (an empty list then)."""
        allowed = bool(self.prompt_rules.prompts)
        if allowed and returning_conversation:
            try:
                allowed = await off_loop(may_be_prompted, self.database_url, returning_conversation)
            except Exception:  # database down: do not prompt someone who may have said no
                logger.warning("could not check prompts for %s", returning_conversation, exc_info=True)
                allowed = False
        rules = self.prompt_rules.for_widget() if allowed else {"prompts": []}
        await self.sio.emit("prompts", rules, room=sid)

    def _server(self) -> AsyncServer:
        # The Redis manager publishes every emit; each Rasa server delivers it to its own sockets.
        manager = AsyncRedisManager(self.redis_url, channel="leadbot-socketio") if self.redis_url else None
        return AsyncServer(async_mode="sanic", cors_allowed_origins=[], client_manager=manager)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = self._server()
        self.sio = sio
        webhook = SocketBlueprint(sio, self.socketio_path, "signed_socketio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/typing/<conversation_id:str>", methods=["GET", "POST"])
        async def typing(request: Request, conversation_id: str) -> HTTPResponse:
            """GET: is the visitor typing? POST {"rep": name}: tell the visitor the rep is typing."""
            if not self._api_caller(request):
                return response.json({"error": "this needs Rasa's API token"}, status=401)
            if len(conversation_id) > MAX_SENDER_CHARS or not SENDER_PATTERN.fullmatch(conversation_id):
                return response.json({"error": "not a conversation id"}, status=404)
            if request.method == "GET":
                try:
                    typing = await off_loop(self.typing.is_typing, conversation_id)
                except Exception:  # Redis down: no hint rather than an error for the inbox
                    logger.debug("could not read typing for %s", conversation_id, exc_info=True)
                    typing = False
                return response.json({"visitor_typing": typing})
            try:
                rep = (json.loads(request.body or b"{}") or {}).get("rep")
            except (ValueError, RecursionError, AttributeError):
                rep = None
            if not isinstance(rep, str) or not 0 < len(rep) <= 200:
                return response.json({"error": 'send {"rep": "<the rep\'s name>"}'}, status=400)
            await sio.emit("rep_typing", {"rep": rep}, room=conversation_id)
            return response.json({"sent": True})

        @sio.on("typing")
        async def visitor_typing(sid: str, _data: Any) -> None:
            conversation_id = (await sio.get_session(sid)).get("conversation")
            if conversation_id:
                try:
                    await off_loop(self.typing.record, conversation_id)
                except Exception:  # a typing hint is not worth an error: Redis down loses only the hint
                    logger.debug("could not record typing for %s", conversation_id, exc_info=True)

        @sio.on("prompt_event")
        async def prompt_event(sid: str, data: Any) -> None:
            """The widget showed, opened or dismissed a prompt: counted per prompt and day, no visitor kept."""
            prompt_id = data.get("id") if isinstance(data, dict) else None
            action = data.get("action") if isinstance(data, dict) else None
            if not isinstance(prompt_id, str) or not self.prompt_rules.knows(prompt_id) \
                    or action not in PROMPT_ACTIONS:
                return
            session = await sio.get_session(sid)
            reported = session.setdefault("prompt_events", set())
            if (prompt_id, action) in reported:  # once per socket: a script cannot inflate the counts
                return
            reported.add((prompt_id, action))
            await sio.save_session(sid, session)
            try:
                await off_loop(count_prompt_action, self.database_url, prompt_id, action)
            except Exception:
                logger.warning("could not count a prompt %s", action, exc_info=True)

        @sio.on("connect")
        async def connect(sid: str, environ: dict, _auth: dict | None = None) -> bool:
            request = environ.get("sanic.request")
            address = (request.remote_addr or request.ip) if request is not None else "unknown"
            await sio.save_session(sid, {"address": address or "unknown"})
            return True

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            offered = data.get("session_id") if isinstance(data, dict) else None
            session = await sio.get_session(sid)
            token = self.token_for(offered, session.get("address", "unknown"))
            if token is None:  # minting ids as fast as a script can: no new conversation for now
                await sio.emit(self.bot_message_evt, {"text": SLOW_DOWN}, room=sid)
                return
            returning = visitor_ids.verify(offered, self.keys) is not None
            conversation_id = visitor_ids.verify(token, self.keys)
            previous = session.get("conversation")
            if previous and previous != conversation_id:
                sio.leave_room(sid, previous)
            await sio.save_session(sid, {**session, "conversation": conversation_id})
            sio.enter_room(sid, conversation_id)
            await sio.emit("session_confirm", token, room=sid)
            await self._offer_prompts(sid, conversation_id if returning else None)
            page = page_from_metadata(data.get(self.metadata_key)) if isinstance(data, dict) else None
            opening = self.openings.for_address(page.url) if page is not None else None
            if opening is not None and opening.greeting:
                await sio.emit("opening", {"greeting": opening.greeting}, room=sid)
            if page is not None and returning and conversation_id:
                await self._record_page_view(conversation_id, page)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: str, data: Any) -> bool | None:
            """Answers the visitor; returns True (socket.io's acknowledgement) once the message is handled."""
            session = await sio.get_session(sid)
            conversation_id = session.get("conversation")
            if not conversation_id:
                logger.info("socket %s sent a message before session_request; ignored", sid)
                return None
            message_id = data.get("message_id") if isinstance(data, dict) else None
            key = message_key(conversation_id, message_id)
            output = PersonAwareSocketIOOutput(sio, self.bot_message_evt, reply_to=message_id if key else None,
                                               origin_sid=sid)
            try:
                text = clean_message(data.get("message") if isinstance(data, dict) else None)
            except ChatInputError as error:
                logger.info("refused a message from %s: %s", conversation_id, error)
                return None
            if not self.limiter.allow(conversation_id, session.get("address", "unknown")):
                await output.send_text_message(conversation_id, SLOW_DOWN)
                return None
            metadata = widget_metadata(data.get(self.metadata_key))

            async def answer() -> list[dict[str, Any]]:
                await on_new_message(UserMessage(text, output, conversation_id, input_channel=self.name(),
                                                 metadata=with_message_id(metadata, message_id if key else None)))
                return output.sent

            try:
                replies, repeated = await asyncio.wait_for(self.repeats.once(key, answer), self.answer_seconds)
            except Exception:  # any failure (database down, model error) must reach the visitor as an apology
                logger.exception("could not handle a message for %s", conversation_id)
                await output.send_text_message(conversation_id, TROUBLE)
                return None
            for reply in replies if repeated else []:  # the first attempt's replies, to this socket only
                await sio.emit(self.bot_message_evt, {**reply, "repeat": True}, room=sid, ignore_queue=True)
            return True

        return webhook
