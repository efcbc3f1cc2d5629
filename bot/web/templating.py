"""Jinja2 with autoescaping: visitor text is untrusted everywhere it is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
_environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]))


def render_fragment(template: str, **context: Any) -> str:
    """A template rendered to escaped HTML (a whole page or a part other pages and live updates share)."""
    return _environment.get_template(template).render(**context)


def render(template: str, status: int = 200, **context: Any) -> web.Response:
    return web.Response(text=render_fragment(template, **context), status=status, content_type="text/html")
