"""Proactive prompts as marketers write them: the shipped file loads, mistakes are named."""

import pytest

from bot.prompts.prompt_rules import PromptRulesError, load_prompt_rules, parse_prompt_rules

GOOD = {"id": "pricing-help", "pages": ["/pricing*"], "seconds_on_page": 20, "text": "Comparing plans?"}


def test_the_shipped_prompts_load_with_their_quiet_times():
    rules = load_prompt_rules()
    assert rules.quiet_seconds >= 5 and rules.quiet_days_after_dismissal >= 1
    widget = rules.for_widget()
    assert widget["prompts"][0]["pages"] == ["/pricing*"] and rules.knows("pricing-help")
    assert not rules.knows("nope")


@pytest.mark.parametrize("change, problem", [
    ({"id": "Bad Id"}, "lowercase"),
    ({"pages": "pricing"}, "starting with /"), ({"pages": []}, "starting with /"),
    ({"pages": ["/a b"]}, "starting with /"), ({"pages": ["javascript:x"]}, "starting with /"),
    ({"text": ""}, "short sentence"), ({"text": "x" * 201}, "short sentence"),
    ({"seconds_on_page": -1}, "seconds_on_page"), ({"seconds_on_page": True}, "seconds_on_page"),
    ({"scrolled_percent": 150}, "scrolled_percent"), ({"leaving": "yes"}, "true or false"),
    ({"seconds_on_page": 0}, "say when"), ({"popup": True}, "unknown setting `popup`"),
])
def test_mistakes_in_a_prompt_are_named(change, problem):
    with pytest.raises(PromptRulesError, match=problem):
        parse_prompt_rules({"prompts": [GOOD | change]})


@pytest.mark.parametrize("content, problem", [
    (None, "expected"), ({"quiet_seconds": 1, "prompts": []}, "quiet_seconds"),
    ({"quiet_days_after_dismissal": 0}, "quiet_days_after_dismissal"),
    ({"prompts": [GOOD, GOOD]}, "two prompts"), ({"prompts": [GOOD] * 51}, "at most 50"),
])
def test_mistakes_in_the_file_are_named(content, problem):
    with pytest.raises(PromptRulesError, match=problem):
        parse_prompt_rules(content)


def test_never_sooner_than_the_quiet_seconds_default():
    rules = parse_prompt_rules({"prompts": [GOOD]})
    assert (rules.quiet_seconds, rules.quiet_days_after_dismissal) == (10, 30)
