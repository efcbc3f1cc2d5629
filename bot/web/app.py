"""Creates the aiohttp application and wires its routes and background work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.handoff.routing_rules import load_routing_rules
from bot.handoff.saved_replies import saved_replies
from bot.rasa_ext.conversation_api import RasaConversations
from bot.settings import (
    EventSettings,
    HandoffSettings,
    Settings,
    load_event_settings,
    load_handoff_settings,
    load_meeting_settings,
)
from bot.web import meeting_pages, visitor_card_routes
from bot.web.auth import LoginRateLimiter
from bot.web.background import background_tasks
from bot.web.inbox import add_inbox_routes
from bot.web.templating import render

STATIC_DIR = Path(__file__).resolve().parent / "static"


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def no_favicon(_request: web.Request) -> web.Response:
    return web.Response(status=204)


async def landing_page(request: web.Request) -> web.Response:
    settings: Settings = request.app["settings"]
    return render("landing.html", rasa_url=settings.public_rasa_url, web_url=settings.public_web_url)


async def pricing_page(request: web.Request) -> web.Response:
    """The demo website's second page, so page context (the rep sees where the visitor is) can be seen."""
    settings: Settings = request.app["settings"]
    return render("pricing.html", rasa_url=settings.public_rasa_url, web_url=settings.public_web_url)


@web.middleware
async def security_headers(request: web.Request, handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:  # redirects and errors get the same headers
        _secure(request, error)
        raise
    _secure(request, response)
    return response


def _secure(request: web.Request, response: web.StreamResponse) -> None:
    private = request.path.startswith(("/inbox", "/meetings/"))  # a rep's pages, a visitor's meeting page
    frames = "'none'" if private else "'self'"
    rasa = request.app["rasa_public_url"]
    socket = rasa.replace("https://", "wss://").replace("http://", "ws://")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        f"default-src 'self'; script-src 'self'; object-src 'none'; connect-src 'self' {rasa} {socket}; "
        f"frame-ancestors {frames}")
    if private:
        response.headers.setdefault("Cache-Control", "no-store")


async def rasa_client(app: web.Application) -> AsyncIterator[None]:
    """One HTTP session to Rasa's conversation API for the app's lifetime (an aiohttp cleanup context)."""
    settings: Settings = app["settings"]
    async with aiohttp.ClientSession() as http:
        app["rasa"] = RasaConversations(settings.rasa_url, settings.rasa_token, http)
        yield


def create_app(settings: Settings, handoff_settings: HandoffSettings | None = None,
               run_background: bool = True, event_settings: EventSettings | None = None) -> web.Application:
    """The web app for `settings`: landing page, health, the reps' inbox and (optionally) its background work."""
    app = web.Application(middlewares=[security_headers])
    app["settings"] = settings
    app["rasa_public_url"] = settings.public_rasa_url
    app["handoff_settings"] = handoff_settings or load_handoff_settings()
    app["event_settings"] = event_settings or load_event_settings()
    app["meeting_settings"] = load_meeting_settings()
    app["saved_replies"] = saved_replies()  # data/saved_replies.yml: a mistake stops the start, with its reason
    app["routing"] = load_routing_rules()  # data/routing.yml, likewise
    app["presence_marks"] = {}  # rep id -> when this process last marked them active (bot/web/presence.py)
    app["login_limiter"] = LoginRateLimiter(redis_url=settings.redis_url)
    app["secure_cookies"] = settings.secure_cookies
    app.router.add_get("/", landing_page)
    app.router.add_get("/pricing", pricing_page)
    app.router.add_get("/healthz", health)
    app.router.add_get("/favicon.ico", no_favicon)
    add_inbox_routes(app)
    app.router.add_routes(meeting_pages.routes)
    app.router.add_routes(visitor_card_routes.routes)
    app.router.add_static("/static/", STATIC_DIR)
    app.cleanup_ctx.append(rasa_client)
    if run_background:
        app.cleanup_ctx.append(background_tasks)
    return app
