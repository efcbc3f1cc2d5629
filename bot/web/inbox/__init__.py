"""The reps' inbox: one module per job, each with its own routes (all behind `signed_in`, but sign-in)."""

from __future__ import annotations

from aiohttp import web

from bot.web.inbox import (
    conversation,
    deliveries,
    export,
    handoff_actions,
    meetings,
    queue,
    review,
    search,
    signin,
    team,
)

MODULES = (signin, queue, conversation, handoff_actions, export, review, deliveries, meetings, team, search)


def add_inbox_routes(app: web.Application) -> None:
    for module in MODULES:
        app.router.add_routes(module.routes)
