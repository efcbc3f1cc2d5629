"""Meetings in the inbox: the calls visitors booked, and each rep's own hours, meeting length and buffer."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from bot.db.engine import session_scope
from bot.db.meeting_repository import MeetingRepository
from bot.db.off_loop import off_loop
from bot.handoff.availability import DAY_NAMES
from bot.meetings.booking import upcoming_meetings
from bot.meetings.local_time import full_label
from bot.meetings.weekly_hours import (
    MAX_BUFFER_MINUTES,
    MEETING_MINUTES,
    ScheduleInputError,
    WeeklyHours,
    check_length,
    load_weekly_hours,
    parse_weekly_hours,
    parse_zone,
)
from bot.web.access import signed_in
from bot.web.templating import render

routes = web.RouteTableDef()
DEFAULT_FORM = {"timezone": "UTC", "meeting_minutes": "30", "buffer_minutes": "10",
                **{day: "" for day in DAY_NAMES}}


def schedule_form(database_url: str, rep_id: int) -> dict[str, str]:
    """The rep's saved hours as the form shows them (defaults when they have none yet)."""
    with session_scope(database_url) as session:
        schedule = MeetingRepository(session).schedule_of(rep_id)
        if schedule is None:
            return dict(DEFAULT_FORM)
        hours = load_weekly_hours(schedule.timezone, schedule.weekly_hours)
        return {"timezone": schedule.timezone, "meeting_minutes": str(schedule.meeting_minutes),
                "buffer_minutes": str(schedule.buffer_minutes),
                **{name: hours.as_text(index) for index, name in enumerate(DAY_NAMES)}}


def save_schedule(database_url: str, rep_id: int, hours: WeeklyHours, length: int, buffer: int) -> None:
    with session_scope(database_url) as session:
        MeetingRepository(session).save_schedule(rep_id, hours.zone.key, hours.to_json(), length, buffer)


def _rows(request: web.Request, zone_name: str) -> list[dict[str, Any]]:
    zone = parse_zone(zone_name)
    meetings = upcoming_meetings(request.app["settings"].database_url, request.app["meeting_settings"],
                                 datetime.now(timezone.utc))
    return [{"when": full_label(m.starts_at, zone), "minutes": int((m.ends_at - m.starts_at).total_seconds() // 60),
             "rep": m.rep_name, "visitor": m.visitor, "visitor_time": full_label(m.starts_at, parse_zone(
                 m.visitor_timezone)), "summary": m.summary, "link": m.inbox_link} for m in meetings]


async def _page(request: web.Request, form: dict[str, str], error: str = "", saved: bool = False,
                status: int = 200) -> web.Response:
    saved_form = await off_loop(schedule_form, request.app["settings"].database_url, request["rep"].id)
    rows = await off_loop(_rows, request, saved_form["timezone"])
    return render("meetings.html", status=status, rep=request["rep"], csrf=request["csrf"], form=form,
                  days=DAY_NAMES, lengths=MEETING_MINUTES, max_buffer=MAX_BUFFER_MINUTES, error=error,
                  saved=saved, meetings=rows, rep_zone=saved_form["timezone"])


@routes.get("/inbox/meetings")
@signed_in
async def meetings_page(request: web.Request) -> web.Response:
    form = await off_loop(schedule_form, request.app["settings"].database_url, request["rep"].id)
    return await _page(request, form, saved=request.query.get("saved") == "1")


@routes.post("/inbox/meetings/hours")
@signed_in
async def save_hours(request: web.Request) -> web.Response:
    posted = request["form"]
    form = {key: str(posted.get(key, ""))[:200] for key in DEFAULT_FORM}
    try:
        hours = parse_weekly_hours(form["timezone"], {day: form[day] for day in DAY_NAMES})
        length, buffer = check_length(form["meeting_minutes"], form["buffer_minutes"])
    except ScheduleInputError as error:
        return await _page(request, form, error=str(error), status=400)
    await off_loop(save_schedule, request.app["settings"].database_url, request["rep"].id, hours, length, buffer)
    raise web.HTTPSeeOther("/inbox/meetings?saved=1")
