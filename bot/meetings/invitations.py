"""The emails a booking or cancellation sends: one to the visitor, one to the rep, each with the invitation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.db.meeting_repository import MeetingRepository
from bot.db.models import Lead, Meeting, Rep
from bot.meetings.calendar_invite import InviteDetails, Person, invite_calendar
from bot.meetings.email_wording import MeetingEmailWording
from bot.meetings.local_time import full_label
from bot.meetings.manage_links import manage_link
from bot.profile.facts import PROFILE_FACTS, known_value
from bot.settings import MeetingSettings

UID_DOMAIN = "leadbot.meetings"


def about_visitor(facts: Mapping[str, str]) -> str:
    """What the visitor told the assistant, one fact a line ("Goal: ...")."""
    lines = [f"- {fact.label}: {value}" for fact in PROFILE_FACTS if (value := known_value(facts.get(fact.name)))]
    return "\n".join(lines) or "- (nothing yet)"


def queue_emails(repo: MeetingRepository, meeting: Meeting, lead: Lead, rep: Rep, rep_zone: ZoneInfo,
                 wording: MeetingEmailWording, settings: MeetingSettings, inbox_link: str, method: str,
                 now: datetime) -> None:
    """Queue the visitor's and the rep's email for `method` (REQUEST: booked, CANCEL: cancelled)."""
    visitor = Person(lead.name or meeting.visitor_email, meeting.visitor_email)
    organizer = Person(rep.display_name, rep.email)
    values = {"visitor": visitor.name, "rep": rep.display_name,
              "minutes": str(int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)),
              "about": meeting.summary,
              "manage_link": manage_link(settings.manage_url, settings.link_secret, meeting.public_id),
              "inbox_link": inbox_link}
    details = InviteDetails(uid=f"{meeting.public_id}@{UID_DOMAIN}", starts_at=meeting.starts_at,
                            ends_at=meeting.ends_at, title=wording.title.format(**values), description="",
                            organizer=organizer, attendees=(visitor, organizer), stamp=now)
    kind = "invite" if method == "REQUEST" else "cancel"
    readers = (("visitor", visitor, ZoneInfo(meeting.visitor_timezone)), ("rep", organizer, rep_zone))
    for who, person, zone in readers:
        text = wording.emails[f"{who}_{kind}"]
        local = {**values, "when": full_label(meeting.starts_at, zone)}
        body = text.body.format(**local)
        calendar = invite_calendar(replace(details, description=body), method)
        repo.queue_email(meeting, person.email, text.subject.format(**local)[:255], body, calendar, method)
