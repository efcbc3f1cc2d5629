"""Warmth scoring from the weights in data/warmth.yml."""

import copy

import pytest
import yaml

from bot.handoff.signals import signals_from_conversation
from bot.handoff.warmth import (
    WARMTH_FILE,
    LeadSignals,
    WarmthConfigError,
    load_warmth_config,
    parse_warmth_config,
    score_warmth,
)


@pytest.fixture(scope="module")
def config():
    return load_warmth_config()


def test_score_adds_weights_from_the_yaml_with_reasons(config):
    raw = yaml.safe_load(WARMTH_FILE.read_text())
    signals = LeadSignals(role="VP of Sales", company_size="51-200", timeline="this quarter",
                          events=frozenset({"asked_for_pricing", "gave_email"}))
    warmth = score_warmth(signals, config)
    expected = (raw["signals"]["asked_for_pricing"]["points"] + raw["signals"]["gave_email"]["points"]
                + raw["timeline"]["this quarter"]["points"] + raw["role_level"]["executive"]["points"]
                + raw["company_size"]["51-200"]["points"])
    assert warmth.score == min(100, expected)
    assert set(warmth.reasons) == {"asked for pricing", "gave an email", "timeline: this quarter",
                                   "director-level role or above", "company of 51-200"}


def test_score_is_capped_and_skips_are_ignored(config):
    everything = LeadSignals(role="ceo", company_size="1000+", timeline="this month",
                             events=frozenset(["asked_for_pricing", "asked_for_demo", "asked_for_person",
                                               "gave_email", "shared_goal", "shared_challenge"]))
    assert score_warmth(everything, config).score == 100
    skipped = LeadSignals(role="skipped", company_size="skipped", timeline="skipped")
    assert score_warmth(skipped, config).score == 0 and score_warmth(skipped, config).reasons == ()


def test_conversation_signals():
    signals = signals_from_conversation(
        ["greet", "ask_pricing", "share_goal", "request_human"],
        {"goal": "grow", "challenge": "skipped", "email": "a@b.co", "known_visitor": True, "role": "cto"})
    assert signals.events == {"asked_for_pricing", "asked_for_person", "gave_email", "shared_goal",
                              "returning_visitor"}
    assert signals.role == "cto"


def test_bad_weights_are_refused_with_every_problem():
    data = copy.deepcopy(yaml.safe_load(WARMTH_FILE.read_text()))
    data["offer_threshold"] = 0
    data["signals"]["asked_for_pricing"]["points"] = "lots"
    del data["signals"]["gave_email"]
    data["timeline"]["someday"] = {"points": 5, "reason": "x"}
    data["role_level"]["executive"]["reason"] = ""
    with pytest.raises(WarmthConfigError) as error:
        parse_warmth_config(data)
    message = str(error.value)
    for expected in ("offer_threshold", "asked_for_pricing.points", "gave_email is missing", "someday",
                     "executive.reason"):
        assert expected in message


def test_pages_looked_at_and_the_campaign_that_brought_them(config):
    from bot.conversation_events import visitor_pages

    events = [{"event": "user", "metadata": {
                  "landing": {"url": "https://shop.example/blog/churn", "utm": {"medium": "CPC"}},
                  "page": {"url": "https://shop.example/blog/churn"}}},
              {"event": "bot", "metadata": {"page": {"url": "https://shop.example/pricing"}}},  # not the visitor
              {"event": "user", "metadata": {"page": {"url": "https://shop.example/pricing/teams?x=1"}}},
              {"event": "user", "metadata": {"page": "javascript:alert(1)"}}, {"event": "user"}]
    visited = visitor_pages(events)
    assert visited == [("/blog/churn", "cpc"), ("/blog/churn", ""), ("/pricing/teams", "")]
    warmth = score_warmth(signals_from_conversation([], {}, visited), config)
    assert set(warmth.reasons) == {"looked at pricing", "came from a paid campaign"} and warmth.score == 15
    assert score_warmth(signals_from_conversation([], {}, [("/blog", "email")]), config).score == 0


@pytest.mark.parametrize("section, spec, problem", [
    ("pages", {"x": {"paths": "pricing", "points": 5, "reason": "r"}}, "must start with /"),
    ("pages", {"x": {"points": 5, "reason": "r"}}, "paths must list"),
    ("pages", {"x": {"paths": ["/p"], "points": 500, "reason": "r"}}, "points must be"),
    ("campaigns", {"x": {"utm_medium": [], "points": 5, "reason": "r"}}, "utm_medium must list"),
    ("campaigns", ["cpc"], "must map names"),
])
def test_bad_page_and_campaign_signals_are_named(section, spec, problem):
    raw = yaml.safe_load(WARMTH_FILE.read_text())
    raw[section] = spec
    with pytest.raises(WarmthConfigError, match=problem):
        parse_warmth_config(raw)
