"""Finding a conversation: by the visitor's name, email or company, what they told the assistant or typed,
the summary, or the team's notes."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.off_loop import off_loop
from bot.db.repository import Repository
from bot.untrusted_text import clean_text
from bot.web.access import signed_in
from bot.web.templating import render

routes = web.RouteTableDef()
MAX_QUERY_CHARS = 100


def search_conversations(database_url: str, words: str) -> list[dict[str, Any]]:
    with session_scope(database_url) as session:
        return [{"id": handoff.id, "name": handoff.lead.name or handoff.lead.company or
                 f"Visitor {handoff.lead.sender_id[:8]}", "reason": handoff.reason, "status": handoff.status,
                 "outcome": handoff.outcome, "created_at": handoff.created_at.isoformat()[:10],
                 "rep": handoff.assigned_rep.display_name if handoff.assigned_rep else None}
                for handoff in Repository(session).search_handoffs(words)]


@routes.get("/inbox/search")
@signed_in
async def search_page(request: web.Request) -> web.Response:
    words = clean_text(request.query.get("q", ""))
    if len(words) > MAX_QUERY_CHARS:
        raise web.HTTPBadRequest(text=f"search for at most {MAX_QUERY_CHARS} characters", content_type="text/plain")
    found = await off_loop(search_conversations, request.app["settings"].database_url, words) if words else []
    return render("search.html", rep=request["rep"], csrf=request["csrf"], words=words, found=found)
