"""Routing rules as operators write them: the shipped file loads, routes match in order, mistakes are named."""

import pytest

from bot.handoff.routing_rules import RoutingRulesError, Visitor, load_routing_rules, parse_routing_rules

RULES = {"offer_seconds": 60, "capacity": 2, "routes": [
    {"name": "big health", "when": {"company_size": ["1000+"], "industry": ["health", "clinic"]},
     "reps": ["Hana@Example.com"]},
    {"name": "europe", "when": {"timezone": ["Europe/*"]}, "reps": ["eu@example.com", "rita@example.com"]},
    {"name": "everyone", "reps": "all"}]}


def test_the_first_matching_route_wins():
    rules = parse_routing_rules(RULES)
    assert rules.route_for(Visitor("1000+", "Dental clinics", "America/Chicago")).name == "big health"
    assert rules.route_for(Visitor("1000+", "retail", "Europe/Berlin")).name == "europe"
    assert rules.route_for(Visitor(None, None, None)).name == "everyone"
    assert rules.route_for(Visitor("1000+", "health")).includes("hana@example.com")
    assert not rules.route_for(Visitor(timezone="Europe/Paris")).includes("hana@example.com")
    assert rules.route_for(Visitor()).includes("anyone@example.com")


def test_the_shipped_rules_load():
    rules = load_routing_rules()
    assert rules.offer_seconds >= 10 and rules.capacity >= 1 and rules.route_for(Visitor()) is not None


@pytest.mark.parametrize("change, problem", [
    ({"routes": []}, "at least one route"), ({"offer_seconds": 5}, "offer_seconds"), ({"capacity": 0}, "capacity"),
    ({"routes": [{"reps": "all"}]}, "needs a `name`"),
    ({"routes": [{"name": "x", "when": {"country": ["DE"]}, "reps": "all"}]}, "may only use"),
    ({"routes": [{"name": "x", "when": {"company_size": ["huge"]}, "reps": "all"}]}, "huge is not one of"),
    ({"routes": [{"name": "x", "reps": ["not-an-email"]}]}, "is not an email"),
    ({"routes": [{"name": "x", "reps": []}]}, "list of words"),
])
def test_mistakes_are_named(change, problem):
    with pytest.raises(RoutingRulesError, match=problem):
        parse_routing_rules(RULES | change)
