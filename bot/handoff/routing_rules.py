"""Which reps a waiting conversation is offered to, from data/routing.yml (checked on load).

Matching is pure: the visitor's company size, industry and timezone against each route's conditions, in
order; the first route that matches names the reps (or all of them). bot/handoff/offers.py does the offering.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content_yaml import read_content_yaml
from bot.discovery.answers import SIZE_BANDS
from bot.paths import ROUTING_FILE

ALL_REPS = "all"
CONDITIONS = ("company_size", "industry", "timezone")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class RoutingRulesError(ValueError):
    """data/routing.yml has a problem; the message says where and what."""


@dataclass(frozen=True)
class Visitor:
    """What routing looks at."""

    company_size: str | None = None
    industry: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class Route:
    name: str
    company_sizes: tuple[str, ...] = ()
    industry_words: tuple[str, ...] = ()
    timezones: tuple[str, ...] = ()
    rep_emails: tuple[str, ...] | None = None  # None: every rep

    def matches(self, visitor: Visitor) -> bool:
        if self.company_sizes and visitor.company_size not in self.company_sizes:
            return False
        industry = (visitor.industry or "").lower()
        if self.industry_words and not any(word in industry for word in self.industry_words):
            return False
        zone = visitor.timezone or ""
        return not self.timezones or any(fnmatch.fnmatchcase(zone, pattern) for pattern in self.timezones)

    def includes(self, email: str) -> bool:
        return self.rep_emails is None or email.lower() in self.rep_emails


@dataclass(frozen=True)
class RoutingRules:
    offer_seconds: int
    capacity: int
    routes: tuple[Route, ...]

    def route_for(self, visitor: Visitor) -> Route | None:
        return next((route for route in self.routes if route.matches(visitor)), None)


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise RoutingRulesError(f"{where} must be a list of words")
    return tuple(value.strip() for value in values)


def _route(raw: Any, number: int) -> Route:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise RoutingRulesError(f"route {number}: needs a `name` and `reps`")
    name = raw["name"].strip()
    when = raw.get("when") or {}
    if not isinstance(when, dict) or set(when) - set(CONDITIONS):
        raise RoutingRulesError(f"{name}: `when` may only use {', '.join(CONDITIONS)}")
    sizes = _strings(when["company_size"], f"{name}: company_size") if "company_size" in when else ()
    if unknown := [size for size in sizes if size not in SIZE_BANDS]:
        raise RoutingRulesError(f"{name}: company_size {unknown[0]} is not one of {', '.join(SIZE_BANDS)}")
    industry = tuple(word.lower() for word in _strings(when["industry"], f"{name}: industry")) \
        if "industry" in when else ()
    zones = _strings(when["timezone"], f"{name}: timezone") if "timezone" in when else ()
    reps = raw.get("reps")
    if reps == ALL_REPS:
        emails = None
    else:
        emails = tuple(email.lower() for email in _strings(reps, f"{name}: reps"))
        if bad := next((email for email in emails if not _EMAIL.fullmatch(email)), None):
            raise RoutingRulesError(f"{name}: reps lists emails (or says `all`); {bad!r} is not an email")
    return Route(name, sizes, industry, zones, emails)


def _whole(raw: Any, where: str, low: int, high: int) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
        raise RoutingRulesError(f"{where} must be a whole number from {low} to {high}")
    return raw


def parse_routing_rules(content: Any) -> RoutingRules:
    """Check parsed YAML; `RoutingRulesError` names the first problem."""
    if not isinstance(content, dict) or not isinstance(content.get("routes"), list) or not content["routes"]:
        raise RoutingRulesError("expected offer_seconds, capacity and `routes:` with at least one route")
    return RoutingRules(_whole(content.get("offer_seconds"), "offer_seconds", 10, 3600),
                        _whole(content.get("capacity"), "capacity", 1, 100),
                        tuple(_route(raw, number) for number, raw in enumerate(content["routes"], start=1)))


def load_routing_rules(path: Path = ROUTING_FILE) -> RoutingRules:
    return parse_routing_rules(read_content_yaml(path, RoutingRulesError))
