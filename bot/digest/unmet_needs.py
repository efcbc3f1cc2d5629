"""Builds the digest for one week: unmet needs grouped by meaning, with counts against the week before."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from bot.db.digest_repository import NOT_A_FIT, DigestRepository, Said
from bot.db.engine import session_scope
from bot.db.models import UnmetNeedKind
from bot.report.themes import MAX_QUOTES, group_by_meaning

SECTIONS = (
    (str(UnmetNeedKind.NOTHING_FITS), "Nothing in our library fitted"),
    (str(UnmetNeedKind.UNANSWERED_QUESTION), "Questions we could not answer"),
    (NOT_A_FIT, "Conversations a rep closed as \"not a fit\""),
)


@dataclass(frozen=True)
class NeedGroup:
    """Needs alike in meaning: named by the most central one, counted this week and the week before."""

    name: str
    this_week: int
    last_week: int
    quotes: list[str]

    @property
    def trend(self) -> str:
        if not self.last_week:
            return "new"
        if self.this_week == self.last_week:
            return "same"
        return "up" if self.this_week > self.last_week else "down"


@dataclass(frozen=True)
class DigestSection:
    kind: str
    title: str
    this_week: int
    last_week: int
    groups: list[NeedGroup] = field(default_factory=list)


@dataclass(frozen=True)
class Digest:
    week_start: date
    sections: list[DigestSection]

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def empty(self) -> bool:
        return not any(section.this_week for section in self.sections)


def monday_of(day: date) -> date:
    """The Monday that starts `day`'s week."""
    return day - timedelta(days=day.weekday())


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _section(kind: str, title: str, this_week: list[str], last_week: list[str]) -> DigestSection:
    """Groups are formed over both weeks together, so a need keeps its group from one week to the next."""
    groups = []
    unclaimed = Counter(text.strip() for text in this_week)  # the same words always land in the same group
    for theme in group_by_meaning(this_week + last_week):
        current = []
        for text in theme.members:
            if unclaimed[text] > 0:
                unclaimed[text] -= 1
                current.append(text)
        if not current:
            continue  # a need no one had this week is not news
        quotes = list(dict.fromkeys(current))[:MAX_QUOTES]
        groups.append(NeedGroup(theme.name, len(current), len(theme.members) - len(current), quotes))
    groups.sort(key=lambda group: (-group.this_week, group.name))
    return DigestSection(kind, title, len(this_week), len(last_week), groups)


def build_digest(database_url: str, week_start: date) -> Digest:
    """The digest of the week starting on `week_start` (UTC), compared with the week before."""
    start = _start(week_start)
    with session_scope(database_url) as session:
        said: list[Said] = DigestRepository(session).unmet_needs_between(start - timedelta(days=7),
                                                                        start + timedelta(days=7))
    sections = []
    for kind, title in SECTIONS:
        this_week = [entry.said for entry in said if entry.kind == kind and entry.at >= start]
        last_week = [entry.said for entry in said if entry.kind == kind and entry.at < start]
        sections.append(_section(kind, title, this_week, last_week))
    return Digest(week_start, sections)
