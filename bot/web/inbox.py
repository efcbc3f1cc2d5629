"""The reps' inbox: sign-in, the live queue, a conversation view, and claim/reply/hand back/close."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.repository import OUTCOMES, HandoffStateError, Repository
from bot.passwords import verify_password
from bot.rasa_ext.conversation_api import RasaConversationError, transcript
from bot.report.unsure_messages import DEFAULT_THRESHOLD, unsure_messages
from bot.web.access import signed_in
from bot.web.auth import COOKIE_NAME, LoginRateLimiter, issue_session, set_session_cookie
from bot.web.inbox_data import csv_export, handoff_card, inbox_queue
from bot.web.notices import notice
from bot.web.templating import render

MAX_REPLY_LENGTH = 2000
POLL_SECONDS = 1.5
routes = web.RouteTableDef()


def _db(request: web.Request) -> str:
    return request.app["settings"].database_url


async def _in_thread(function, *args):  # noqa: ANN001, ANN202 - thin wrapper over to_thread
    return await asyncio.to_thread(function, *args)


@routes.get("/inbox/login")
async def login_page(request: web.Request) -> web.Response:
    return render("login.html", error=None)


def _check_login(database_url: str, email: str, password: str) -> int | None:
    with session_scope(database_url) as session:
        rep = Repository(session).get_rep_by_email(email)
        return rep.id if rep and verify_password(rep.password_hash, password) else None


@routes.post("/inbox/login")
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    email, password = str(form.get("email", ""))[:255], str(form.get("password", ""))[:1024]
    limiter: LoginRateLimiter = request.app["login_limiter"]
    # Per account and per (address, account): guessing one rep's password is throttled from anywhere,
    # without locking every other rep behind the same proxy address out.
    keys = [f"email:{email.strip().lower()}", f"ip-email:{request.remote}:{email.strip().lower()}"]
    if not limiter.allowed(keys):
        return render("login.html", status=429, error="Too many failed sign-ins. Wait 15 minutes and try again.")
    rep_id = await _in_thread(_check_login, _db(request), email, password)
    if rep_id is None:
        limiter.failed(keys)
        return render("login.html", status=401, error="That email and password don't match an account.")
    limiter.succeeded(keys)
    response = web.HTTPFound("/inbox")
    set_session_cookie(response, issue_session(request.app["settings"].session_secret, rep_id),
                       secure=request.app["secure_cookies"])
    raise response


@routes.post("/inbox/logout")
@signed_in
async def logout(request: web.Request) -> web.Response:
    response = web.HTTPFound("/inbox/login")
    response.del_cookie(COOKIE_NAME, path="/")
    raise response


@routes.get("/inbox")
@signed_in
async def queue_page(request: web.Request) -> web.Response:
    queue = await _in_thread(inbox_queue, _db(request))
    return render("queue.html", rep=request["rep"], csrf=request["csrf"], queue=queue)


@routes.get("/inbox/api/queue")
@signed_in
async def queue_json(request: web.Request) -> web.Response:
    return web.json_response(await _in_thread(inbox_queue, _db(request)))


async def _stream(request: web.Request, produce) -> web.StreamResponse:  # noqa: ANN001
    """Server-sent events: send `produce()` whenever it changes, until the client goes away."""
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
    await response.prepare(request)
    last = None
    try:
        while True:
            payload = json.dumps(await produce())
            if payload != last:
                await response.write(f"data: {payload}\n\n".encode())
                last = payload
            await asyncio.sleep(POLL_SECONDS)
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response


@routes.get("/inbox/events")
@signed_in
async def queue_events(request: web.Request) -> web.StreamResponse:
    return await _stream(request, lambda: _in_thread(inbox_queue, _db(request)))


async def _card_or_404(request: web.Request) -> dict:
    try:
        handoff_id = int(request.match_info["handoff_id"])
    except ValueError:
        raise web.HTTPNotFound(text="no such conversation") from None
    card = await _in_thread(handoff_card, _db(request), handoff_id)
    if card is None:
        raise web.HTTPNotFound(text="no such conversation")
    return card


async def _transcript(request: web.Request, sender_id: str) -> list[dict]:
    try:
        return transcript(await request.app["rasa"].events(sender_id))
    except (RasaConversationError, OSError, asyncio.TimeoutError):
        return [{"who": "system", "text": "The transcript is unavailable right now (Rasa did not answer).",
                 "at": None, "rep": None}]


@routes.get(r"/inbox/handoffs/{handoff_id}")
@signed_in
async def conversation_page(request: web.Request) -> web.Response:
    card = await _card_or_404(request)
    lines = await _transcript(request, card["lead"]["sender_id"])
    return render("conversation.html", rep=request["rep"], csrf=request["csrf"], card=card, lines=lines,
                  outcomes=OUTCOMES, error=request.query.get("error"))


@routes.get(r"/inbox/api/handoffs/{handoff_id}/transcript")
@signed_in
async def transcript_json(request: web.Request) -> web.Response:
    card = await _card_or_404(request)
    return web.json_response({"handoff": card["handoff"],
                              "lines": await _transcript(request, card["lead"]["sender_id"])})


@routes.get(r"/inbox/handoffs/{handoff_id}/events")
@signed_in
async def transcript_events(request: web.Request) -> web.StreamResponse:
    card = await _card_or_404(request)

    async def produce() -> dict:
        fresh = await _in_thread(handoff_card, _db(request), card["handoff"]["id"])
        return {"handoff": fresh["handoff"], "lines": await _transcript(request, card["lead"]["sender_id"])}

    return await _stream(request, produce)


def _change(database_url: str, change, handoff_id: int, rep_id: int, *args):  # noqa: ANN001, ANN202
    with session_scope(database_url) as session:
        repo = Repository(session)
        handoff = change(repo, handoff_id, repo.get_rep(rep_id), *args)
        return handoff.lead.sender_id


async def _apply(request: web.Request, change, *args) -> str:  # noqa: ANN001
    handoff_id = int(request.match_info["handoff_id"])
    try:
        return await _in_thread(_change, _db(request), change, handoff_id, request["rep"].id, *args)
    except HandoffStateError as error:
        if "text/html" in request.headers.get("Accept", ""):  # a browser form: show it on the page
            raise web.HTTPSeeOther(f"/inbox/handoffs/{handoff_id}?{urlencode({'error': str(error)})}") from None
        raise web.HTTPConflict(text=str(error), content_type="text/plain") from None


def _back(request: web.Request) -> web.HTTPFound:
    return web.HTTPFound(f"/inbox/handoffs/{request.match_info['handoff_id']}")


@routes.post(r"/inbox/handoffs/{handoff_id}/claim")
@signed_in
async def claim(request: web.Request) -> web.Response:
    sender_id = await _apply(request, Repository.claim_handoff)
    rep = request["rep"]
    await request.app["rasa"].append(sender_id, [{"event": "pause"}, {
        "event": "bot", "text": notice("utter_rep_joined", rep_name=rep.display_name),
        "metadata": {"rep": rep.display_name, "notice": "rep_joined"}}])
    raise _back(request)


@routes.post(r"/inbox/handoffs/{handoff_id}/reply")
@signed_in
async def reply(request: web.Request) -> web.Response:
    text = " ".join(str(request["form"].get("text", "")).split())[:MAX_REPLY_LENGTH]
    if not text:
        raise web.HTTPBadRequest(text="write a reply first", content_type="text/plain")
    sender_id = await _apply(request, Repository.require_owner)
    rep = request["rep"]
    await request.app["rasa"].append(sender_id, [{"event": "bot", "text": text,
                                                  "metadata": {"rep": rep.display_name, "rep_id": rep.id}}])
    raise _back(request)


@routes.post(r"/inbox/handoffs/{handoff_id}/hand-back")
@signed_in
async def hand_back(request: web.Request) -> web.Response:
    sender_id = await _apply(request, Repository.hand_back)
    rasa = request.app["rasa"]
    await rasa.resume(sender_id)
    await rasa.trigger_intent(sender_id, "EXTERNAL_handed_back")
    raise _back(request)


@routes.post(r"/inbox/handoffs/{handoff_id}/close")
@signed_in
async def close(request: web.Request) -> web.Response:
    outcome = str(request["form"].get("outcome", ""))
    notes = str(request["form"].get("notes", ""))
    await _apply(request, Repository.close_handoff, outcome, notes)
    raise web.HTTPFound("/inbox")


@routes.get(r"/inbox/export/{kind:leads|handoffs}.csv")
@signed_in
async def export_csv(request: web.Request) -> web.Response:
    kind = request.match_info["kind"]
    body = await _in_thread(csv_export, _db(request), kind)
    return web.Response(text=body, content_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'})


@routes.get("/inbox/review")
@signed_in
async def review_page(request: web.Request) -> web.Response:
    try:
        threshold = min(1.0, max(0.0, float(request.query.get("threshold", DEFAULT_THRESHOLD))))
    except ValueError:
        threshold = DEFAULT_THRESHOLD
    messages = await _in_thread(unsure_messages, _db(request), threshold, 100)
    return render("review.html", rep=request["rep"], csrf=request["csrf"], messages=messages, threshold=threshold)
