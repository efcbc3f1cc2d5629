"""Where a visitor is chatting from: the page, its title, the referrer, campaign (UTM) tags, browser language
and timezone, as the widget reports them, cleaned before anything stores or shows them.

The widget's report is untrusted: every value is checked and clipped here. Addresses keep only scheme, host
and path (a query string or fragment can carry a visitor's email or a session token); the campaign tags are
the one part of a query kept, each in its own field. No Rasa imports: the channels and the tracker store
both use this module.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

MAX_URL_CHARS = 500
MAX_TITLE_CHARS = 200
MAX_TAG_CHARS = 100
MAX_TIMEZONE_CHARS = 64
UTM_TAGS = ("source", "medium", "campaign", "term", "content")
# BCP 47 language tags as browsers report them ("en", "en-GB", "zh-Hant-TW").
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$")
# IANA zone names ("Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC").
_TIMEZONE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,3}$")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class PageContext:
    """One page a visitor chatted from; empty strings where the widget reported nothing usable."""

    url: str = ""
    title: str = ""
    referrer: str = ""
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    utm_term: str = ""
    utm_content: str = ""
    language: str = ""
    timezone: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def source(self) -> str:
        """Where the visitor came from, in a few words: the campaign tags if any, else the referrer's site."""
        if self.utm_source:
            return " / ".join(part for part in (self.utm_source, self.utm_medium, self.utm_campaign) if part)
        return urllib.parse.urlsplit(self.referrer).hostname or ("" if self.referrer else "direct")


def clean_address(raw: Any) -> str:
    """An http(s) address reduced to scheme, host, port and path; "" for anything else."""
    if not isinstance(raw, str) or len(raw) > 4 * MAX_URL_CHARS:
        return ""
    try:
        parts = urllib.parse.urlsplit(raw.strip())
        port = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname or _INVISIBLE.search(raw):
        return ""
    host = parts.hostname + (f":{port}" if port else "")
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path or "/", "", ""))[:MAX_URL_CHARS]


def _clean_text(raw: Any, limit: int) -> str:
    if not isinstance(raw, str):
        return ""
    return " ".join(_INVISIBLE.sub(" ", raw[: limit * 4]).split())[:limit]


def _matching(raw: Any, pattern: re.Pattern[str], limit: int) -> str:
    return raw if isinstance(raw, str) and len(raw) <= limit and pattern.fullmatch(raw) else ""


def page_from_widget(raw: Any) -> PageContext | None:
    """The page the widget reported (`{"url", "title", "referrer", "utm": {...}, "language", "timezone"}`),
    cleaned; None when there is no usable page address."""
    if not isinstance(raw, Mapping):
        return None
    url = clean_address(raw.get("url"))
    if not url:
        return None
    utm = raw.get("utm")
    if not isinstance(utm, Mapping):
        utm = {}
    return PageContext(
        url=url, title=_clean_text(raw.get("title"), MAX_TITLE_CHARS), referrer=clean_address(raw.get("referrer")),
        **{f"utm_{tag}": _clean_text(utm.get(tag), MAX_TAG_CHARS) for tag in UTM_TAGS},
        language=_matching(raw.get("language"), _LANGUAGE, 35),
        timezone=_matching(raw.get("timezone"), _TIMEZONE, MAX_TIMEZONE_CHARS),
    )


def page_from_metadata(metadata: Any, key: str = "page") -> PageContext | None:
    """A page stored in a message's metadata by the channel (already cleaned, cleaned again all the same)."""
    return page_from_widget(metadata.get(key)) if isinstance(metadata, Mapping) else None


def stored_form(page: PageContext) -> dict[str, Any]:
    """The cleaned page as the channel keeps it in a message's metadata (what `page_from_widget` reads back)."""
    fields = page.as_dict()
    return {"url": fields["url"], "title": fields["title"], "referrer": fields["referrer"],
            "utm": {tag: fields[f"utm_{tag}"] for tag in UTM_TAGS if fields[f"utm_{tag}"]},
            "language": fields["language"], "timezone": fields["timezone"]}


def arrival(page: PageContext) -> dict[str, str]:
    """Where a visitor arrived, as events carry it (docs/events/lead.created.schema.json): no title or clock."""
    fields = page.as_dict()
    return {"page": page.url, "referrer": page.referrer, **{f"utm_{tag}": fields[f"utm_{tag}"] for tag in UTM_TAGS}}
