"""Who is asking: the signed-in rep (or a redirect/401), and CSRF checks on state changes."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.models import Rep, utcnow
from bot.db.off_loop import off_loop
from bot.db.repository import Repository
from bot.web.auth import COOKIE_NAME, SessionCookie, csrf_token, read_session
from bot.web.forms import read_form
from bot.web.presence import keep_present

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _rep_for(database_url: str, cookie: SessionCookie) -> Rep | None:
    with session_scope(database_url) as session:
        rep = Repository(session).rep_for_session(cookie.rep_id, cookie.session_id, utcnow())
        if rep is not None:
            session.expunge(rep)
        return rep


async def current_rep(request: web.Request) -> Rep | None:
    """The signed-in rep: a valid cookie whose session the server has not revoked (signed out, new password)."""
    settings = request.app["settings"]
    cookie = read_session(settings.session_keys.accepted(), request.cookies.get(COOKIE_NAME))
    if cookie is None:
        return None
    request["session_id"] = cookie.session_id
    return await off_loop(_rep_for, settings.database_url, cookie)


def signed_in(handler: Handler) -> Handler:
    """Refuse anyone without a valid session: pages redirect to sign-in, API calls get 401."""

    async def wrapper(request: web.Request) -> web.StreamResponse:
        rep = await current_rep(request)
        if rep is None:
            if request.method == "GET" and "/api/" not in request.path and not request.path.endswith(
                    (".csv", "/events")):
                raise web.HTTPFound("/inbox/login")
            raise web.HTTPUnauthorized(text="sign in first", content_type="text/plain")
        request["rep"] = rep
        await keep_present(request)
        request["csrf"] = csrf_token(request.app["settings"].session_secret, request.cookies[COOKIE_NAME])
        if request.method not in ("GET", "HEAD"):
            form = await read_form(request)
            sent = form.get("csrf") or request.headers.get("X-CSRF-Token", "")
            if not hmac.compare_digest(str(sent), request["csrf"]):
                raise web.HTTPForbidden(text="missing or wrong CSRF token; reload the page", content_type="text/plain")
            request["form"] = form
        return await handler(request)

    return wrapper
