"""Reps sign in (throttled per account and per address) and out."""

from __future__ import annotations

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.off_loop import off_loop
from bot.db.repository import Repository
from bot.passwords import verify_password, verify_without_account
from bot.web.access import signed_in
from bot.web.auth import COOKIE_NAME, LoginRateLimiter, issue_session, set_session_cookie
from bot.web.forms import read_form
from bot.web.templating import render

routes = web.RouteTableDef()


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
    # Per account and per (address, account): guessing one rep's password is throttled from anywhere,
    # without locking every other rep behind the same proxy address out.
    keys = [f"email:{email.strip().lower()}", f"ip-email:{request.remote}:{email.strip().lower()}"]
    if not limiter.allowed(keys):
        return render("login.html", status=429, error="Too many failed sign-ins. Wait 15 minutes and try again.")
    rep_id = await off_loop(_check_login, request.app["settings"].database_url, email, password)
    if rep_id is None:
        limiter.failed(keys)
        return render("login.html", status=401, error="That email and password don't match an account.")
    limiter.succeeded(keys)
    response = web.HTTPFound("/inbox")
    set_session_cookie(response, issue_session(request.app["settings"].session_secret, rep_id),
                       secure=request.app["settings"].secure_cookies)
    raise response


@routes.post("/inbox/logout")
@signed_in
async def logout(request: web.Request) -> web.Response:
    response = web.HTTPFound("/inbox/login")
    response.del_cookie(COOKIE_NAME, path="/")
    raise response
