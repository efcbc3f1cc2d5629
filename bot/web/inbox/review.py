"""Messages the assistant was unsure about, for marketers to turn into training examples."""

from __future__ import annotations

from aiohttp import web

from bot.db.off_loop import off_loop
from bot.report.review_suggestions import review_suggester
from bot.report.unsure_messages import DEFAULT_THRESHOLD, unsure_messages
from bot.web.access import signed_in
from bot.web.templating import render

routes = web.RouteTableDef()


def _threshold(raw: str | None) -> float:
    try:
        value = float(raw if raw is not None else DEFAULT_THRESHOLD)
    except ValueError:
        return DEFAULT_THRESHOLD
    return min(1.0, max(0.0, value)) if value == value else DEFAULT_THRESHOLD  # NaN is not a threshold


@routes.get("/inbox/review")
@signed_in
async def review_page(request: web.Request) -> web.Response:
    threshold = _threshold(request.query.get("threshold"))
    messages = await off_loop(unsure_messages, request.app["settings"].database_url, threshold, 100)
    suggestions = await off_loop(lambda: review_suggester().suggest_all([m.text for m in messages]))
    return render("review.html", rep=request["rep"], csrf=request["csrf"], threshold=threshold,
                  rows=list(zip(messages, suggestions, strict=True)))
