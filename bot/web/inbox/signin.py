"""Reps sign in (throttled per address, per account and per both; a rep's own browser is never locked out by
others' failures) and out."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.models import utcnow
from bot.db.off_loop import off_loop
from bot.db.repository import Repository
from bot.handoff.offers import ONLINE
from bot.passwords import verify_password, verify_without_account
from bot.web.access import signed_in
from bot.web.auth import (
    COOKIE_NAME,
    DEVICE_COOKIE_NAME,
    SESSION_SECONDS,
    LoginRateLimiter,
    device_token,
    is_own_device,
    issue_session,
    new_session_id,
    set_device_cookie,
    set_session_cookie,
    sign_in_limits,
)
from bot.web.forms import read_form
from bot.web.templating import render

routes = web.RouteTableDef()


def _open_session(database_url: str, rep_id: int, session_id: str) -> None:
    """Signing in opens a server-side session and puts the rep online (they can switch to away)."""
    with session_scope(database_url) as session:
        Repository(session).open_rep_session(rep_id, session_id, utcnow() + timedelta(seconds=SESSION_SECONDS))
        rep = Repository(session).get_rep(rep_id)
        if rep is not None:
            rep.presence, rep.last_active_at = ONLINE, utcnow()


def _revoke_session(database_url: str, session_id: str) -> None:
    with session_scope(database_url) as session:
        Repository(session).revoke_rep_session(session_id)


def prune_expired_sessions(database_url: str, now: datetime) -> int:
    with session_scope(database_url) as session:
        return Repository(session).prune_rep_sessions(now)


def _check_login(database_url: str, email: str, password: str) -> int | None:
    with session_scope(database_url) as session:
        rep = Repository(session).get_rep_by_email(email)
        if rep is None:
            verify_without_account(password)  # always False, in a real check's time
            return None
        return rep.id if verify_password(rep.password_hash, password) else None


@routes.get("/inbox/login")
async def login_page(request: web.Request) -> web.Response:
    return render("login.html", error=None)


@routes.post("/inbox/login")
async def login(request: web.Request) -> web.Response:
    form = await read_form(request)
    email, password = str(form.get("email", ""))[:255], str(form.get("password", ""))[:1024]
    limiter: LoginRateLimiter = request.app["login_limiter"]
    settings = request.app["settings"]
    device = device_token(settings.session_secret, email)
    own_device = is_own_device(settings.session_keys.accepted(), email, request.cookies.get(DEVICE_COOKIE_NAME, ""))
    limits = sign_in_limits(request.remote or "unknown", email, own_device)
    if not limiter.allowed(limits):
        return render("login.html", status=429, error="Too many failed sign-ins. Wait 15 minutes and try again.")
    rep_id = await off_loop(_check_login, settings.database_url, email, password)
    if rep_id is None:
        limiter.failed(limits)
        return render("login.html", status=401, error="That email and password don't match an account.")
    limiter.succeeded(key for key in limits if not key.startswith("ip:"))  # one success clears no address
    session_id = new_session_id()
    await off_loop(_open_session, settings.database_url, rep_id, session_id)
    response = web.HTTPFound("/inbox")
    set_session_cookie(response, issue_session(settings.session_secret, rep_id, session_id),
                       secure=settings.secure_cookies)
    set_device_cookie(response, device, secure=settings.secure_cookies)
    raise response


@routes.post("/inbox/logout")
@signed_in
async def logout(request: web.Request) -> web.Response:
    await off_loop(_revoke_session, request.app["settings"].database_url, request["session_id"])
    response = web.HTTPFound("/inbox/login")
    response.del_cookie(COOKIE_NAME, path="/")
    raise response
