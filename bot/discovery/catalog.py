"""Loads and validates data/catalog.yml; a bad catalog fails loudly with every problem listed."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.discovery.answers import ROLE_LEVELS, SIZE_BANDS
from bot.paths import DATA_DIR

CATALOG_FILE = DATA_DIR / "catalog.yml"
ITEM_TYPES = ("guide", "case_study", "webinar", "product_tour", "pricing", "tool")
STAGES = ("awareness", "consideration", "decision")
RANKING_KEYS = ("meaning_match", "goal_match", "challenge_match", "role_match", "size_match", "stage_match",
                "minimum_relevance", "minimum_score", "close_to_best", "max_items")
REASON_PLACEHOLDERS = {"challenge": {"challenge", "helps_with"}, "goal": {"goal", "helps_with"},
                       "also": {"helps_with"}}
_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogError(ValueError):
    """The catalog file has problems; `problems` lists each one in plain words."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(frozen=True)
class CatalogItem:
    """One piece of content the assistant may recommend."""

    id: str
    title: str
    url: str
    type: str
    summary: str
    helps_with: str
    goals: tuple[str, ...]
    challenges: tuple[str, ...]
    roles: tuple[str, ...]
    company_sizes: tuple[str, ...]
    stage: str


@dataclass(frozen=True)
class Catalog:
    """The validated catalog: ranking weights, reason wording, example goals and items."""

    ranking: dict[str, int]
    reasons: dict[str, str]
    items: tuple[CatalogItem, ...]
    example_goals: tuple[str, ...] = ()


def _words(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        problems.append(f"{where} must be a list like [word, another word]")
        return ()
    return tuple(str(v).strip().lower() for v in value if str(v).strip())


def _check_allowed(values: tuple[str, ...], allowed: tuple[str, ...], where: str, problems: list[str]) -> None:
    for value in values:
        if value not in allowed:
            problems.append(f"{where}: {value!r} is not one of {', '.join(allowed)}")


def _parse_item(raw: Any, index: int, problems: list[str]) -> CatalogItem | None:
    where = f"item #{index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a set of fields (id, title, url, ...)")
        return None
    where = f"item {raw.get('id', '#' + str(index + 1))!r}"
    if not isinstance(raw.get("helps_with"), str) or not raw["helps_with"].strip():
        problems.append(f"{where} needs a `helps_with` line (how it helps, read after \"it\")")
    missing = [field for field in ("id", "title", "url", "type", "summary")
               if not isinstance(raw.get(field), str) or not raw[field].strip()]
    if missing:
        problems.extend(f"{where} needs a `{field}`" for field in missing)
        return None
    if not _ID_PATTERN.match(raw["id"]):
        problems.append(f"{where}: id must be lowercase words joined by dashes, like guide-onboarding")
    url = urlparse(raw["url"])
    if url.scheme not in ("http", "https") or not url.netloc or " " in raw["url"]:
        problems.append(f"{where}: url {raw['url']!r} must be a full address starting with https://")
    if raw["type"] not in ITEM_TYPES:
        problems.append(f"{where}: type {raw['type']!r} is not one of {', '.join(ITEM_TYPES)}")
    fit = raw.get("for") or {}
    if not isinstance(fit, dict):
        problems.append(f"{where}: `for` must list goals, challenges, roles, company_sizes, stage")
        fit = {}
    unknown = set(fit) - {"goals", "challenges", "roles", "company_sizes", "stage"}
    if unknown:
        problems.append(f"{where}: unknown field(s) under `for`: {', '.join(sorted(unknown))}")
    goals = _words(fit.get("goals"), f"{where} for.goals", problems)
    challenges = _words(fit.get("challenges"), f"{where} for.challenges", problems)
    if not goals and not challenges:
        problems.append(f"{where}: list at least one goal or challenge word, or it can never be recommended")
    roles = _words(fit.get("roles"), f"{where} for.roles", problems)
    _check_allowed(roles, ROLE_LEVELS, f"{where} for.roles", problems)
    sizes = _words(fit.get("company_sizes"), f"{where} for.company_sizes", problems)
    _check_allowed(sizes, SIZE_BANDS, f"{where} for.company_sizes", problems)
    stage = str(fit.get("stage", "")).strip()
    if stage not in STAGES:
        problems.append(f"{where}: for.stage {stage!r} is not one of {', '.join(STAGES)}")
    return CatalogItem(
        id=raw["id"], title=raw["title"].strip(), url=raw["url"].strip(), type=raw["type"],
        summary=raw["summary"].strip(), helps_with=str(raw.get("helps_with") or "").strip().rstrip("."), goals=goals,
        challenges=challenges, roles=roles,
        company_sizes=sizes, stage=stage,
    )


def _parse_ranking(raw: Any, problems: list[str]) -> dict[str, int]:
    if not isinstance(raw, dict):
        problems.append("`ranking` must list " + ", ".join(RANKING_KEYS))
        return {}
    ranking = {}
    for key in RANKING_KEYS:
        value = raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(f"ranking.{key} must be a whole number of 0 or more")
        else:
            ranking[key] = value
    if ranking.get("max_items") == 0:
        problems.append("ranking.max_items must be at least 1")
    if ranking.get("close_to_best", 0) > 100:
        problems.append("ranking.close_to_best is a percentage: at most 100")
    return ranking


def _parse_reasons(raw: Any, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, dict):
        problems.append("`reasons` must have a `challenge`, a `goal` and an `also` sentence")
        return {}
    reasons = {}
    for key, allowed in REASON_PLACEHOLDERS.items():
        text = raw.get(key)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"reasons.{key} is missing")
            continue
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        if used - allowed:
            problems.append(f"reasons.{key} may only use {{{', '.join(sorted(allowed))}}}, not "
                            + ", ".join("{" + name + "}" for name in sorted(used - allowed)))
        reasons[key] = text.strip()
    return reasons


def parse_catalog(data: Any, path: Path = CATALOG_FILE) -> Catalog:
    """Validate already-parsed catalog data; raise `CatalogError` listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or not data["items"]:
        raise CatalogError(path, ["the file needs `ranking`, `reasons` and a non-empty `items` list"])
    ranking = _parse_ranking(data.get("ranking"), problems)
    reasons = _parse_reasons(data.get("reasons"), problems)
    items = [item for i, raw in enumerate(data["items"]) if (item := _parse_item(raw, i, problems))]
    seen_ids: set[str] = set()
    seen_titles: set[str] = set()
    for item in items:
        if item.id in seen_ids:
            problems.append(f"item id {item.id!r} is used more than once; ids must be unique")
        if item.title.lower() in seen_titles:
            problems.append(f"title {item.title!r} is used more than once")
        seen_ids.add(item.id)
        seen_titles.add(item.title.lower())
    examples = _example_goals(data.get("example_goals"), problems)
    if problems:
        raise CatalogError(path, problems)
    return Catalog(ranking=ranking, reasons=reasons, items=tuple(items), example_goals=examples)


def _example_goals(raw: Any, problems: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(goal, str) and goal.strip() for goal in raw):
        problems.append("`example_goals` must be a list of short goals, like - Automate customer onboarding")
        return ()
    if any(len(goal) > 60 for goal in raw):
        problems.append("each of `example_goals` must be at most 60 characters: they are shown as buttons")
    return tuple(goal.strip() for goal in raw)


def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    """Read and validate the catalog file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogError(path, [f"not valid YAML: {error}"]) from error
    return parse_catalog(data, path)
