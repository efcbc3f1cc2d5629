"""Answers told from non-answers, for every discovery question."""

import pytest

from bot.profile.non_answers import asks_to_know, describes_the_trouble, non_answer_kind, only_a_number


@pytest.mark.parametrize("text, kind", [
    ("what do you recommend?", "recommend"),
    ("just tell me what to buy", "recommend"),
    ("not sure yet, what is this product?", "what_is_this"),
    ("why do you ask?", "why_ask"),
    ("why all the questions?", "why_ask"),
    ("hello there!", "greeting"),
    ("thanks", "thanks"),
    ("Thank you so much!", "thanks"),
    ("ok thanks", "thanks"),
    ("ok cool, thanks", "thanks"),  # found by chatting: it was taken for the goal
    ("alright, great, thank you", "thanks"),
    ("dunno really", "unsure"),
    ("is this for agencies?", "question"),
    ("would you send me the pricing", "question"),
    ("asdkj qwe", "gibberish"),
    ("blah blah qwerty", "gibberish"),
    ("EXTERNAL_nobody_available", "gibberish"),
    ('book_meeting{"meeting_start": "1970-01-01T00:00:00Z"}', "gibberish"),
    ("affirm{}", "gibberish"),
    ("i told you already", "already_said"),  # found in the suite: it was stored as the goal
    ("I already said that!", "already_said"),
    ("like i said before", "already_said"),
    ("you asked me that already", "already_said"),
    # found chatting (a roofer): a question put as a statement about us was stored as the goal
    ("u guys do crm stuff?", "question"),
    ("you integrate with xero?", "question"),
    ("your tool does quotes?", "question"),
    ("do u do invoices", "question"),
    # found chatting: why they are here was stored as the goal
    ("hi i was told to check this out by my boss", "context"),
    ("we were asked to look into you guys", "context"),
    ("my boss asked me to look at this", "context"),
    ("our ceo wants us to check you guys out", "context"),
    ("my manager sent me here", "context"),
])
def test_non_answers_are_recognised(text, kind):
    assert non_answer_kind(text) == kind


@pytest.mark.parametrize("text", ["retention", "grow pipeline", "improve retention?", "cto", "q3", "300", "vp",
                                  "head of ops", "skip", "I manage the team",
                                  "would love to grow our pipeline from inbound", "could use help with onboarding",
                                  "can't keep up with inbound leads",
                                  "thanks for asking, our CRM is a mess", "fix our hubspot_sync job",
                                  "cut churn {somehow}", "like i said, fewer no-shows",
                                  "i told my boss we need fewer no-shows", "more leads?", "automate onboarding?",
                                  "our reps need help?"])
def test_answers_are_answers(text):
    assert non_answer_kind(text) is None


def test_a_question_that_carries_a_fact_is_an_answer():
    assert non_answer_kind("ballpark for a team of 30?", heard_a_fact=True) is None


def test_asking_to_know_is_a_question_or_a_request_to_be_told():
    assert asks_to_know("does it work with slack") and asks_to_know("tell me about your data security")
    assert not asks_to_know("contracts sit in inboxes for days")


@pytest.mark.parametrize("text, bare", [
    ("25", True), ("about 120", True), ("~50k", True), ("?!", True), ("like 40", True), ("60ish", True),
    ("about 120 people", False), ("q3", False), ("automate onboarding", False),
])
def test_a_count_with_nothing_counted_is_only_a_number(text, bare):
    # Found chatting: "about 120", said when the goal was asked, was stored and reflected as the goal.
    assert only_a_number(text) is bare


@pytest.mark.parametrize("text", ["thanks, this is helpful", "thanks, that was really useful", "thx!"])
def test_thanks_with_praise_is_thanks(text):
    # Found chatting: "thanks, this is helpful", said when the goal was asked, was stored as the goal.
    assert non_answer_kind(text) == "thanks"


def test_a_word_that_starts_like_a_question_word_asks_nothing():
    # Found chatting: "whenever" for the timeline got "Good question. Someone from our team can answer that".
    for said in ("whenever", "however you like", "whatever works", "wherever"):
        assert non_answer_kind(said) != "question"
    assert non_answer_kind("when can we talk") == "question"


@pytest.mark.parametrize("text", ["like 300 a day, mostly password resets", "about 40 a week, mostly refunds",
                                  "mostly password resets"])
def test_how_much_and_what_of_it_describes_the_trouble(text):
    # Found chatting: "like 300 a day, mostly password resets", after "we're drowning in support tickets", was
    # stored as the goal ("you're after like 300 a day").
    assert describes_the_trouble(text)
    assert not describes_the_trouble("we get 300 a day")
