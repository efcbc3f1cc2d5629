"""Reflecting the visitor's words back in the assistant's voice."""

import pytest

from bot.discovery.paraphrase import reflect_challenge, reflect_goal


@pytest.mark.parametrize("goal, reflected", [
    ("we want to automate our customer onboarding", "you want to automate your customer onboarding"),
    ("I'm trying to get more qualified leads", "you want to get more qualified leads"),
    ("Looking to grow our pipeline this year.", "you want to grow your pipeline this year"),
    ("Our goal is to reduce churn by 10%", "you want to reduce churn by 10%"),
    ("more leads", "you're after more leads"),
    ("hi, we need to cut our support backlog", "you want to cut your support backlog"),
])
def test_goal_reflection(goal, reflected):
    assert reflect_goal(goal) == reflected


@pytest.mark.parametrize("challenge, reflected", [
    ("our onboarding is manual", "your onboarding is manual"),
    ("The main problem is that we have no budget", "you have no budget"),
    ("honestly it's all manual", "it's all manual"),
    ("it's that my team is too small", "your team is too small"),
    ("spreadsheets everywhere!", "spreadsheets everywhere"),
])
def test_challenge_reflection(challenge, reflected):
    assert reflect_challenge(challenge) == reflected


def test_long_answers_are_shortened_where_a_thought_ends():
    reflected = reflect_challenge("we have a ton of data scattered across hubspot, excel, three different "
                                  "spreadsheets and a couple of homegrown tools nobody maintains anymore")
    assert reflected == "you have a ton of data scattered across hubspot, excel, three different spreadsheets"
    long_run = reflect_challenge(" ".join(["word"] * 40))
    assert "…" not in long_run and len(long_run.split()) <= 18
