"""Events that did not reach a webhook subscriber: still retrying, or dead after the last attempt, each with
a "retry" button (the dead-letter list)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.off_loop import off_loop
from bot.db.repository import Repository
from bot.web.access import signed_in
from bot.web.path_ids import path_id
from bot.web.templating import render

routes = web.RouteTableDef()


def undelivered_rows(database_url: str) -> list[dict[str, Any]]:
    """Failing and dead deliveries as plain dicts, dead first."""
    with session_scope(database_url) as session:
        return [{"id": delivery.id, "status": delivery.status, "subscription": delivery.subscription,
                 "event_type": delivery.event.type, "event_id": delivery.event.event_id,
                 "created_at": delivery.event.created_at, "attempts": delivery.attempts,
                 "last_error": delivery.last_error or "", "next_attempt_at": delivery.next_attempt_at}
                for delivery in Repository(session).undelivered()]


def retry_in_db(database_url: str, delivery_id: int) -> bool:
    with session_scope(database_url) as session:
        return Repository(session).retry_delivery(delivery_id)


@routes.get("/inbox/deliveries")
@signed_in
async def deliveries_page(request: web.Request) -> web.Response:
    rows = await off_loop(undelivered_rows, request.app["settings"].database_url)
    return render("deliveries.html", rep=request["rep"], csrf=request["csrf"], rows=rows,
                  subscriptions=[s.name for s in request.app["event_settings"].subscriptions])


@routes.post(r"/inbox/deliveries/{delivery_id}/retry")
@signed_in
async def retry(request: web.Request) -> web.Response:
    delivery_id = path_id(request, "delivery_id", "no such delivery")
    if not await off_loop(retry_in_db, request.app["settings"].database_url, delivery_id):
        raise web.HTTPNotFound(text="no such delivery, or it was delivered already")
    raise web.HTTPFound("/inbox/deliveries")
