"""Warmth: a 0-100 score with human-readable reasons, from weights in data/warmth.yml."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.discovery.answers import ROLE_LEVELS, SIZE_BANDS, TIMELINES, role_level
from bot.paths import DATA_DIR
from bot.profile.facts import known_value

WARMTH_FILE = DATA_DIR / "warmth.yml"
SIGNALS = ("asked_for_pricing", "asked_for_demo", "asked_for_person", "gave_email", "shared_goal",
           "shared_challenge", "returning_visitor")
MAX_SCORE = 100


class WarmthConfigError(ValueError):
    """data/warmth.yml is malformed; the message lists every problem."""


@dataclass(frozen=True)
class Weight:
    points: int
    reason: str


@dataclass(frozen=True)
class PageSignal:
    """Points for having looked at pages (`paths`) or arrived from a campaign (`utm_medium`)."""

    name: str
    weight: Weight
    paths: tuple[str, ...] = ()
    mediums: tuple[str, ...] = ()

    def earned_by(self, visited: Iterable[tuple[str, str]]) -> bool:
        return any((self.paths and any(fnmatch.fnmatchcase(path, pattern) for pattern in self.paths))
                   or (self.mediums and medium in self.mediums) for path, medium in visited)


@dataclass(frozen=True)
class WarmthConfig:
    offer_threshold: int
    signals: dict[str, Weight]
    timeline: dict[str, Weight]
    role_level: dict[str, Weight]
    company_size: dict[str, Weight]
    pages: tuple[PageSignal, ...] = ()


@dataclass(frozen=True)
class LeadSignals:
    """What the score is computed from: the profile plus what happened in the conversation."""

    role: str | None = None
    company_size: str | None = None
    timeline: str | None = None
    events: frozenset[str] = field(default_factory=frozenset)  # names from SIGNALS
    visited: tuple[tuple[str, str], ...] = ()  # (page path, campaign medium) the widget reported


@dataclass(frozen=True)
class Warmth:
    score: int
    reasons: tuple[str, ...]


def _weights(raw: Any, section: str, allowed: tuple[str, ...], problems: list[str],
             required: bool) -> dict[str, Weight]:
    if not isinstance(raw, dict):
        problems.append(f"`{section}` must map names to {{points, reason}}")
        return {}
    weights = {}
    for name, spec in raw.items():
        if str(name) not in allowed:
            problems.append(f"{section}.{name} is not one of {', '.join(allowed)}")
            continue
        points = spec.get("points") if isinstance(spec, dict) else None
        reason = spec.get("reason") if isinstance(spec, dict) else None
        if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= MAX_SCORE:
            problems.append(f"{section}.{name}.points must be a whole number from 0 to {MAX_SCORE}")
        elif not isinstance(reason, str) or not reason.strip():
            problems.append(f"{section}.{name}.reason must be a short sentence reps will read")
        else:
            weights[str(name)] = Weight(points, reason.strip())
    if required:
        for name in allowed:
            if name not in raw:
                problems.append(f"{section}.{name} is missing")
    return weights


def _page_signals(raw: Any, section: str, key: str, problems: list[str]) -> tuple[PageSignal, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.append(f"`{section}` must map names to {{{key}, points, reason}}")
        return ()
    signals = []
    for name, spec in raw.items():
        found = _weights({name: spec}, section, (str(name),), problems, required=False)
        values = spec.get(key) if isinstance(spec, dict) else None
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            problems.append(f"{section}.{name}.{key} must list one or more " +
                            ("page paths like /pricing*" if key == "paths" else "utm_medium values like cpc"))
            continue
        if key == "paths" and not all(value.startswith("/") for value in values):
            problems.append(f"{section}.{name}.paths must start with /, like /pricing*")
            continue
        if str(name) in found:
            cleaned = tuple(v.strip() if key == "paths" else v.strip().lower() for v in values)
            signals.append(PageSignal(str(name), found[str(name)], **{key if key == "paths" else "mediums": cleaned}))
    return tuple(signals)


def parse_warmth_config(data: Any) -> WarmthConfig:
    """Validate parsed YAML; raise `WarmthConfigError` listing every problem."""
    if not isinstance(data, dict):
        raise WarmthConfigError("data/warmth.yml must have offer_threshold, signals, timeline, role_level, "
                                "company_size")
    problems: list[str] = []
    threshold = data.get("offer_threshold")
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 1 <= threshold <= MAX_SCORE:
        problems.append(f"offer_threshold must be a whole number from 1 to {MAX_SCORE}")
    config = WarmthConfig(
        offer_threshold=threshold if isinstance(threshold, int) else MAX_SCORE,
        signals=_weights(data.get("signals"), "signals", SIGNALS, problems, required=True),
        timeline=_weights(data.get("timeline") or {}, "timeline", TIMELINES, problems, required=False),
        role_level=_weights(data.get("role_level") or {}, "role_level", ROLE_LEVELS, problems, required=False),
        company_size=_weights(data.get("company_size") or {}, "company_size", SIZE_BANDS, problems,
                              required=False),
        pages=_page_signals(data.get("pages"), "pages", "paths", problems)
        + _page_signals(data.get("campaigns"), "campaigns", "utm_medium", problems),
    )
    if problems:
        raise WarmthConfigError("data/warmth.yml: " + "; ".join(problems))
    return config


def load_warmth_config(path: Path = WARMTH_FILE) -> WarmthConfig:
    try:
        return parse_warmth_config(yaml.safe_load(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as error:
        raise WarmthConfigError(f"{path}: not valid YAML: {error}") from error


def score_warmth(signals: LeadSignals, config: WarmthConfig) -> Warmth:
    """Add up the points for every signal present; reasons are listed strongest first."""
    hits: list[Weight] = [config.signals[name] for name in SIGNALS if name in signals.events]
    timeline = known_value(signals.timeline)
    if timeline in config.timeline:
        hits.append(config.timeline[timeline])
    level = role_level(known_value(signals.role) or "")
    if level in config.role_level:
        hits.append(config.role_level[level])
    size = known_value(signals.company_size)
    if size in config.company_size:
        hits.append(config.company_size[size])
    hits += [page.weight for page in config.pages if page.earned_by(signals.visited)]
    hits = [hit for hit in hits if hit.points > 0]
    hits.sort(key=lambda hit: -hit.points)
    return Warmth(score=min(MAX_SCORE, sum(hit.points for hit in hits)), reasons=tuple(h.reason for h in hits))
