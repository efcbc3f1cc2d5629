"""Report themes group visitors' words by meaning, not by the first keyword they happen to contain."""

import pytest

from bot.discovery.catalog import load_catalog
from bot.report.themes import OTHER, group_by_theme


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _theme_of(themes, text):
    return next(theme for theme in themes if text in theme.quotes or theme.name == text)


def test_the_verb_lead_does_not_put_churn_under_lead_generation(catalog):
    texts = ["I lead customer success and our churn is creeping up", "reduce customer attrition",
             "keep more of our customers at renewal", "qualify inbound leads automatically",
             "improve our MQL to SQL conversion"]
    themes = group_by_theme(texts, catalog)
    churn = _theme_of(themes, "reduce customer attrition")
    assert "I lead customer success and our churn is creeping up" in churn.quotes and churn.count == 3
    assert _theme_of(themes, "qualify inbound leads automatically").count == 2


def test_named_by_a_central_phrase_biggest_first_then_other(catalog):
    texts = ["cut repetitive support tickets", "fewer repetitive questions hitting our support inbox",
             "shorten our helpdesk response times", "get new customers live faster",
             "onboard new clients in days not weeks", "learn to bake sourdough"]
    themes = group_by_theme(texts, catalog)
    assert [theme.count for theme in themes] == [3, 2, 1]
    assert themes[0].name in texts[:3] and themes[0].quotes[0] == themes[0].name
    assert (themes[-1].name, themes[-1].quotes) == (OTHER, ["learn to bake sourdough"])


def test_what_the_catalog_does_not_cover_is_its_own_marked_theme(catalog):
    texts = ["approve supplier invoices without email", "get supplier invoices approved faster"]
    [theme] = group_by_theme(texts, catalog)
    assert theme.count == 2 and not theme.covered


def test_nothing_said_is_no_themes(catalog):
    assert group_by_theme(["", "  "], catalog) == []
    assert [(t.name, t.count) for t in group_by_theme(["reduce churn"], catalog)] == [(OTHER, 1)]
