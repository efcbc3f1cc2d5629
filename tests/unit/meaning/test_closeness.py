"""Closeness of a visitor's words to a description: meaning over word shape, filler words ignored."""

from bot.meaning.closeness import Description, Query, content_words


def test_filler_words_are_dropped_and_content_kept_in_order():
    assert content_words("We want to cut our support tickets, don't we?") == ["cut", "support", "tickets", "don't"]
    assert content_words("we want to") == []


def test_closer_meaning_scores_higher_without_shared_words():
    support = Description(["Cut repetitive support tickets", "answer the same customer questions automatically"])
    churn = Description(["early warning signs of churn", "keep customers from cancelling"])
    query = Query.of("let customers help themselves instead of emailing our agents")
    assert support.closeness(query) > churn.closeness(query)


def test_the_same_words_score_the_same_every_time():
    description = Description(["pricing plans by team size"])
    assert description.closeness(Query.of("how much for 30 seats")) == \
        description.closeness(Query.of("how much for 30 seats"))


def test_nothing_to_compare_is_zero_not_an_error():
    description = Description(["pricing plans"])
    assert description.closeness(Query.of("")) == 0.0
    assert Description([]).closeness(Query.of("pricing")) == 0.0
