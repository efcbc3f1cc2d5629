"""Listen before you pitch, on the live desk: which rep messages the team lead's report points out."""

from datetime import datetime, timedelta, timezone

from bot.handoff.coaching import ASKED_WHAT_WE_KNEW, PITCHED_BEFORE_ASKING, ChatLine, coaching_moments
from bot.report.coaching_summary import summarise

START = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)


def _chat(*lines: tuple[str, str]) -> list[ChatLine]:
    return [ChatLine(speaker, text, START + timedelta(minutes=i), "Rita" if speaker == "rep" else "")
            for i, (speaker, text) in enumerate(lines)]


def _kinds(lines, known=None):
    return [m.kind for m in coaching_moments(lines, known or {})]


def test_a_link_or_price_before_any_question_is_pitching():
    assert _kinds(_chat(("visitor", "we need faster onboarding"), ("rep", "See https://northwind.example/tour"))) == [
        PITCHED_BEFORE_ASKING]
    assert _kinds(_chat(("rep", "Hi! Our team plan is $49 per seat, want a discount?"))) == [PITCHED_BEFORE_ASKING]


def test_the_same_link_after_a_question_is_not():
    lines = _chat(("rep", "Hi, what made you look at us today?"), ("visitor", "onboarding takes weeks"),
                  ("rep", "This guide shows how others cut it: https://northwind.example/guide"))
    assert _kinds(lines) == []


def test_answering_what_the_visitor_asked_for_is_listening():
    assert _kinds(_chat(("visitor", "how much does it cost?"), ("rep", "It's $49 per seat a month."))) == []
    assert _kinds(_chat(("visitor", "can you send me the security docs"),
                        ("rep", "Sure: https://northwind.example/security"))) == []


def test_asking_for_what_the_visitor_already_told_us():
    known = {"company_size": START - timedelta(minutes=5), "role": START + timedelta(hours=1)}
    lines = _chat(("rep", "Thanks for waiting! How many people are on your team?"),
                  ("rep", "And what's your role there?"))  # the role came later: a fair question
    moments = coaching_moments(lines, known)
    assert [(m.kind, m.fact, m.rep) for m in moments] == [(ASKED_WHAT_WE_KNEW, "company_size", "Rita")]


def test_the_assistants_lines_are_not_coached():
    assert _kinds(_chat(("assistant", "Here is a guide: https://northwind.example/guide"))) == []


def test_summary_counts_per_week_newest_first_and_keeps_examples():
    early = coaching_moments(_chat(("rep", "www.northwind.example/pricing")), {})
    later = coaching_moments([ChatLine("rep", "Pricing: $10/mo", START + timedelta(days=7), "Sam")], {})
    coaching = summarise(early + later, None)
    assert [(w.week_start, w.pitched_before_asking) for w in coaching.weeks] == [("2026-11-30", 1), ("2026-11-23", 1)]
    assert [m.rep for m in coaching.examples] == ["Sam", "Rita"]
    assert summarise(early + later, START + timedelta(days=1)).weeks[0].week_start == "2026-11-30"
