"""Writes the report as HTML (with a PNG funnel chart) and as a Markdown twin."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.profile.facts import FACTS_BY_NAME
from bot.report.numbers import ReportData
from bot.untrusted_text import markdown_cell

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates" / "report"
_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def funnel_chart(data: ReportData, path: Path) -> None:
    steps, counts = list(data.funnel), list(data.funnel.values())
    figure, axes = plt.subplots(figsize=(8, 4), dpi=100)
    bars = axes.barh(steps[::-1], counts[::-1], color="#2f5bea")
    axes.bar_label(bars, padding=3)
    axes.set_xlabel("visitors")
    axes.set_title("From first message to a rep's outcome")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def fact_label(name: str) -> str:
    """How a profile fact is named to people ("Company size"), lowercased for a sentence."""
    fact = FACTS_BY_NAME.get(name)
    return (fact.label if fact else name.replace("_", " ")).lower()


def write_report(data: ReportData, out_dir: Path) -> dict[str, Path]:
    """Write report.html, report.md and funnel.png into `out_dir`; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"html": out_dir / "report.html", "markdown": out_dir / "report.md", "chart": out_dir / "funnel.png"}
    funnel_chart(data, paths["chart"])
    context = {"data": data, "chart": paths["chart"].name, "cell": markdown_cell, "fact_label": fact_label}
    paths["html"].write_text(_environment.get_template("report.html").render(**context), encoding="utf-8")
    paths["markdown"].write_text(_environment.get_template("report.md").render(**context), encoding="utf-8")
    return paths
