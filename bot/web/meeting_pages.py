"""The visitor's own meeting page, reached by the signed link in their invitation: cancel, or pick another time.

No account and no cookie: the signed id in the link is the key, so a page never names another meeting.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.db.off_loop import off_loop
from bot.meetings import booking, manage_links
from bot.meetings.chat_choices import iso_start, parse_start
from bot.meetings.local_time import button_label, full_label
from bot.settings import MeetingSettings
from bot.web.forms import read_form
from bot.web.templating import render

routes = web.RouteTableDef()
MORE_SLOTS = 6


def _meeting_id(request: web.Request) -> str:
    settings: MeetingSettings = request.app["meeting_settings"]
    public_id = manage_links.verify(settings.link_keys, request.match_info["token"])
    if public_id is None:
        raise web.HTTPNotFound(text="This meeting link is not valid. Please use the link from your invitation.")
    return public_id


async def _page(request: web.Request, public_id: str, message: str = "", status: int = 200) -> web.Response:
    settings: MeetingSettings = request.app["meeting_settings"]
    database_url = request.app["settings"].database_url
    meeting = await off_loop(booking.meeting_view, database_url, settings, public_id)
    if meeting is None:
        raise web.HTTPNotFound(text="This meeting no longer exists.")
    zone = ZoneInfo(meeting.visitor_timezone)
    now = datetime.now(timezone.utc)
    changeable = meeting.status == "booked" and meeting.starts_at > now
    slots = await off_loop(booking.open_slots, database_url, settings, now, None, MORE_SLOTS) if changeable else []
    return render("meeting.html", status=status, meeting=meeting, when=full_label(meeting.starts_at, zone),
                  changeable=changeable, message=message, token=request.match_info["token"],
                  slots=[{"start": iso_start(s.starts_at), "label": button_label(s.starts_at, zone)} for s in slots])


@routes.get(r"/meetings/{token}")
async def meeting_page(request: web.Request) -> web.Response:
    return await _page(request, _meeting_id(request))


@routes.post(r"/meetings/{token}/cancel")
async def cancel(request: web.Request) -> web.Response:
    public_id = _meeting_id(request)
    try:
        await off_loop(booking.cancel, request.app["settings"].database_url, request.app["meeting_settings"],
                       public_id)
    except booking.MeetingError as error:
        return await _page(request, public_id, str(error), status=409)
    raise web.HTTPSeeOther(f"/meetings/{request.match_info['token']}")


@routes.post(r"/meetings/{token}/reschedule")
async def reschedule(request: web.Request) -> web.Response:
    public_id = _meeting_id(request)
    start = parse_start((await read_form(request)).get("start"))
    if start is None:
        return await _page(request, public_id, "Pick one of the times below.", status=400)
    settings: MeetingSettings = request.app["meeting_settings"]
    try:
        result = await off_loop(booking.reschedule, request.app["settings"].database_url, settings, public_id,
                                start)
    except booking.MeetingError as error:
        return await _page(request, public_id, str(error), status=409)
    if isinstance(result, booking.SlotTaken):
        return await _page(request, public_id, "Sorry, that time was just taken. Please pick another.", status=409)
    raise web.HTTPSeeOther(f"/meetings/{manage_links.sign(settings.link_secret, result.public_id)}")
