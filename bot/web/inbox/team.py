"""The team: who is online and how many conversations each holds (every rep sees it); admins add and remove
reps and give or take the admin role. Routing rules and saved replies are files an admin edits."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy.exc import IntegrityError

from bot.db.engine import session_scope
from bot.db.models import utcnow
from bot.db.off_loop import off_loop
from bot.db.repository import Repository
from bot.handoff.offers import is_online
from bot.passwords import MIN_PASSWORD_LENGTH, hash_password
from bot.untrusted_text import clean_text
from bot.web.access import signed_in
from bot.web.path_ids import path_id
from bot.web.templating import render

routes = web.RouteTableDef()
MAX_NAME_CHARS = 100


class TeamInputError(ValueError):
    """The admin's input cannot be used; the message says what to fix."""


def team_members(database_url: str) -> list[dict[str, Any]]:
    now = utcnow()
    with session_scope(database_url) as session:
        repo = Repository(session)
        held = repo.held_conversations()
        return [{"id": rep.id, "name": rep.display_name, "email": rep.email, "online": is_online(rep, now),
                 "holding": held.get(rep.id, 0), "admin": bool(rep.is_admin)} for rep in repo.list_reps()]


def add_member(database_url: str, email: str, name: str, password: str) -> None:
    email, name = clean_text(email), clean_text(name)
    if "@" not in email or len(email) > 254 or any(ch.isspace() for ch in email):
        raise TeamInputError("give the rep's email address")
    if not name or len(name) > MAX_NAME_CHARS:
        raise TeamInputError(f"give the rep's name (up to {MAX_NAME_CHARS} characters): visitors see it")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise TeamInputError(f"the first password needs at least {MIN_PASSWORD_LENGTH} characters")
    try:
        with session_scope(database_url) as session:
            Repository(session).add_rep(email, name, hash_password(password))
    except IntegrityError:
        raise TeamInputError(f"a rep with email {email.lower()} already exists") from None


def remove_member(database_url: str, rep_id: int, by_rep_id: int) -> None:
    if rep_id == by_rep_id:
        raise TeamInputError("you cannot remove yourself; ask another admin")
    with session_scope(database_url) as session:
        repo = Repository(session)
        if meetings := repo.upcoming_meetings_of(rep_id, utcnow()):
            raise TeamInputError(f"this rep has {meetings} meeting(s) booked with visitors; they (or the visitors) "
                                 "must cancel or move them first, so nobody is left waiting on a call")
        if not repo.remove_rep(rep_id):
            raise web.HTTPNotFound(text="no such rep")


def set_member_admin(database_url: str, rep_id: int, by_rep_id: int, admin: bool) -> None:
    if rep_id == by_rep_id and not admin:
        raise TeamInputError("you cannot take away your own admin role; ask another admin")
    with session_scope(database_url) as session:
        rep = Repository(session).get_rep(rep_id)
        if rep is None:
            raise web.HTTPNotFound(text="no such rep")
        rep.is_admin = admin


def _admin_only(request: web.Request) -> None:
    if not request["rep"].is_admin:
        raise web.HTTPForbidden(text="only an admin can change the team", content_type="text/plain")


async def _change(request: web.Request, call: Any, *args: Any) -> web.Response:
    _admin_only(request)
    try:
        await off_loop(call, request.app["settings"].database_url, *args)
    except TeamInputError as problem:
        raise web.HTTPBadRequest(text=str(problem), content_type="text/plain") from None
    raise web.HTTPSeeOther("/inbox/team")


@routes.get("/inbox/team")
@signed_in
async def team_page(request: web.Request) -> web.Response:
    members = await off_loop(team_members, request.app["settings"].database_url)
    return render("team.html", rep=request["rep"], csrf=request["csrf"], members=members,
                  routing=request.app["routing"], saved_replies=request.app["saved_replies"])


@routes.post("/inbox/team/reps")
@signed_in
async def add_rep(request: web.Request) -> web.Response:
    form = request["form"]
    return await _change(request, add_member, str(form.get("email", "")), str(form.get("name", "")),
                         str(form.get("password", "")))


@routes.post(r"/inbox/team/reps/{rep_id}/remove")
@signed_in
async def remove_rep(request: web.Request) -> web.Response:
    return await _change(request, remove_member, path_id(request, "rep_id", "no such rep"), request["rep"].id)


@routes.post(r"/inbox/team/reps/{rep_id}/admin")
@signed_in
async def change_admin(request: web.Request) -> web.Response:
    admin = str(request["form"].get("admin", ""))
    if admin not in ("yes", "no"):
        raise web.HTTPBadRequest(text="admin must be yes or no", content_type="text/plain")
    return await _change(request, set_member_admin, path_id(request, "rep_id", "no such rep"), request["rep"].id,
                         admin == "yes")
