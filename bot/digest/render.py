"""Writes the unmet-needs digest as HTML and Markdown (files, or the two parts of the weekly email)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.digest.unmet_needs import Digest
from bot.untrusted_text import markdown_cell

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates" / "digest"
_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def digest_html(digest: Digest) -> str:
    return _environment.get_template("digest.html").render(digest=digest)


def digest_markdown(digest: Digest) -> str:
    return _environment.get_template("digest.md").render(digest=digest, cell=markdown_cell)


def write_digest(digest: Digest, out_dir: Path) -> dict[str, Path]:
    """Write digest.html and digest.md into `out_dir`; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"html": out_dir / "digest.html", "markdown": out_dir / "digest.md"}
    paths["html"].write_text(digest_html(digest), encoding="utf-8")
    paths["markdown"].write_text(digest_markdown(digest), encoding="utf-8")
    return paths
