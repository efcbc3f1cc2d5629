"""Normalising visitors' free-text discovery answers."""

import pytest

from bot.discovery.answers import (
    clean_free_text,
    company_size_band,
    is_skip,
    normalise_email,
    role_level,
    timeline_bucket,
)


@pytest.mark.parametrize("said, band", [
    ("about 120 people", "51-200"), ("just me", "1-10"), ("we're a team of five", "1-10"),
    ("200ish", "51-200"), ("1000ish", "201-1000"),  # found chatting: "200ish" was no size, and it was asked again
    ("around 40 employees", "11-50"), ("twenty five", "11-50"), ("5k employees", "1000+"),
    ("300+", "201-1000"), ("1,200 staff", "1000+"), ("10", "1-10"), ("11", "11-50"),
    ("200 give or take", "51-200"), ("no idea", None), ("big", None),
])
def test_company_size_bands(said, band):
    assert company_size_band(said) == band


@pytest.mark.parametrize("said, bucket", [
    ("asap", "this month"), ("next week", "this month"), ("in a couple of months", "this quarter"),
    ("q3", "this quarter"), ("by the end of the year", "this year"), ("in 6 months", "this year"),
    ("next year probably", "later"), ("sometime next quarter", "this year"), ("no rush really", "no timeline"),
    ("hmm", None),
])
def test_timeline_buckets(said, bucket):
    assert timeline_bucket(said) == bucket


@pytest.mark.parametrize("said", ["skip", "Skip.", "rather not say", "I'd prefer not to say", "pass", "n/a",
                                  "dunno", "no comment"])
def test_skips_are_recognised(said):
    assert is_skip(said)


@pytest.mark.parametrize("said", ["sales", "head of ops", "we skip lunch a lot to keep up", ""])
def test_answers_are_not_skips(said):
    assert not is_skip(said)


@pytest.mark.parametrize("role, level", [
    ("VP of Sales", "executive"), ("co-founder", "executive"), ("Head of Ops", "executive"),
    ("marketing manager", "manager"), ("team lead", "manager"), ("sales rep", "individual"),
    ("account executive", "individual"), ("I run the place", None),
])
def test_role_levels(role, level):
    assert role_level(role) == level


def test_emails_are_validated_and_lowercased():
    assert normalise_email("sure, it is Ana.Lee@Example.com") == "ana.lee@example.com"
    assert normalise_email("<alex+sales@company.co.uk>") == "alex+sales@company.co.uk"
    assert normalise_email("a@b") is None
    assert normalise_email("x@y.io and z@w.io") is None
    assert normalise_email("not an email") is None
    assert normalise_email("a" * 250 + "@example.com") is None


def test_free_text_is_cleaned_and_clipped():
    assert clean_free_text("  grow\x00 our\n\n pipeline\x1b  ") == "grow our pipeline"
    assert len(clean_free_text("x" * 900)) == 500
