"""The visitor's "what we know" card: they see what a rep will see, and correct or remove any line."""

import pytest

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.profile.visitor_card import CardInputError, correct_line, remove_line, visitor_card
from bot.web.inbox.read_model import handoff_card
from tests.db.test_event_outbox import _events, _validate

pytestmark = pytest.mark.db

SENDER = "v-card"


@pytest.fixture
def visitor(database_url):
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_fact(SENDER, "goal", "automate onboarding")
        repo.record_fact(SENDER, "role", "ops manager")
        repo.record_fact(SENDER, "role_as_said", "i sort of run ops")
        repo.record_fact(SENDER, "email", "dana@example.com")
        repo.record_consent(SENDER, "email follow-up")
        repo.record_warmth(SENDER, 40, ["asked for pricing", "shared a goal"])
    return database_url


def _lines(card):
    return {line.fact: (line.value, line.corrected) for line in card.lines}


def test_the_card_shows_what_a_rep_will_see_and_why_a_talk_might_help(visitor):
    card = visitor_card(visitor, SENDER)
    assert _lines(card) == {"goal": ("automate onboarding", False), "role": ("ops manager", False),
                            "email": ("dana@example.com", False)}
    assert card.why_talk == ["asked for pricing", "shared a goal"]
    assert visitor_card(visitor, "never-chatted").lines == []


def test_a_correction_is_read_like_an_answer_kept_as_the_visitors_and_announced(visitor):
    card, stored = correct_line(visitor, SENDER, "company_size", "we're about 40 people")
    assert stored == "11-50" and _lines(card)["company_size"] == ("11-50", True)
    card, _ = correct_line(visitor, SENDER, "goal", "  cut onboarding from weeks to days  ")
    assert _lines(card)["goal"] == ("cut onboarding from weeks to days", True)
    with session_scope(visitor) as session:
        lead = Repository(session).get_lead(SENDER)
        assert lead.company_size == "11-50"
    updates = [e for e in _events(visitor) if e["type"] == "lead.updated"]
    assert updates[-1]["data"] == {"facts": {"goal": "cut onboarding from weeks to days"},
                                   "corrected_by_visitor": ["goal"]}
    for event in updates:
        _validate(event)


def test_the_rep_sees_which_lines_the_visitor_corrected(visitor):
    with session_scope(visitor) as session:
        handoff_id = Repository(session).create_handoff(SENDER, "asked for a person", 40, [], "summary").id
    correct_line(visitor, SENDER, "role", "Head of operations")
    profile = {entry["label"]: entry for entry in handoff_card(visitor, handoff_id)["profile"]}
    assert profile["Role"]["value"] == "Head of operations" and profile["Role"]["corrected"]
    assert profile["Goal"]["corrected"] is False


def test_removing_a_line_deletes_every_value_given_for_it(visitor):
    card = remove_line(visitor, SENDER, "role")
    assert "role" not in _lines(card)
    with session_scope(visitor) as session:
        repo = Repository(session)
        assert not {"role", "role_as_said"} & set(repo.latest_facts(SENDER))
        assert repo.get_lead(SENDER).role is None
    removed = [e for e in _events(visitor) if e["type"] == "lead.updated"][-1]
    assert removed["data"] == {"facts": {}, "removed_by_visitor": ["role"]}
    _validate(removed)


def test_removing_the_email_withdraws_consent(visitor):
    remove_line(visitor, SENDER, "email")
    with session_scope(visitor) as session:
        lead = Repository(session).get_lead(SENDER)
        assert (lead.email, lead.consent_scope, lead.consent_at) == (None, None, None)
        assert "email" not in Repository(session).latest_facts(SENDER)


@pytest.mark.parametrize(("fact", "value", "says"), [
    ("email", "not an address", "doesn't look like an email"),
    ("company_size", "lots", "couldn't read that as your company size"),
    ("goal", "   ", "write the right version"),
    ("goal", None, "write the right version"),
    ("goal", ["a list"], "write the right version"),
    ("password", "x", "not something on your card"),
    ("warmth_score", "100", "not something on your card"),
])
def test_an_edit_that_cannot_be_kept_says_why_and_changes_nothing(visitor, fact, value, says):
    before = visitor_card(visitor, SENDER)
    with pytest.raises(CardInputError, match=says):
        correct_line(visitor, SENDER, fact, value)
    assert visitor_card(visitor, SENDER) == before


def test_a_stranger_without_a_lead_cannot_create_one_through_the_card(database_url):
    with pytest.raises(CardInputError):
        correct_line(database_url, "nobody", "goal", "sneak in")
    with pytest.raises(CardInputError):
        remove_line(database_url, "nobody", "goal")
    with session_scope(database_url) as session:
        assert Repository(session).get_lead("nobody") is None
