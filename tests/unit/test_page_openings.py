"""Page openings as marketers write them: matched by page path, mistakes named."""

import pytest

from bot.visits.page_openings import PageOpeningsError, load_page_openings, parse_page_openings


def test_the_shipped_openings_match_pricing_pages_only():
    openings = load_page_openings()
    assert openings.for_address("https://shop.example/pricing").goal_question
    assert openings.for_address("https://shop.example/pricing/teams") is not None
    assert openings.for_address("https://shop.example/") is None
    assert openings.for_address("https://shop.example/blog/pricing") is None


def test_the_first_matching_opening_wins():
    openings = parse_page_openings({"openings": [{"pages": ["/a*"], "greeting": "first"},
                                                 {"pages": "/ab", "greeting": "second"}]})
    assert openings.for_address("https://x.example/ab").greeting == "first"


@pytest.mark.parametrize("content, problem", [
    (None, "openings:"), ({"openings": "x"}, "openings:"), ({"openings": [{"pages": ["/"]}]}, "or both"),
    ({"openings": [{"pages": ["pricing"], "greeting": "Hi"}]}, "starting with /"),
    ({"openings": [{"pages": ["/"], "greeting": "Hi {name}"}]}, "placeholders"),
    ({"openings": [{"pages": ["/"], "greeting": "x" * 301}]}, "short sentences"),
    ({"openings": [{"pages": ["/"], "greeting": "Hi", "popup": True}]}, "use pages"),
])
def test_mistakes_are_named(content, problem):
    with pytest.raises(PageOpeningsError, match=problem):
        parse_page_openings(content)
