"""Jinja2 with autoescaping: visitor text is untrusted everywhere it is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
_environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]))


def render(template: str, status: int = 200, **context: Any) -> web.Response:
    return web.Response(text=_environment.get_template(template).render(**context), status=status,
                        content_type="text/html")
