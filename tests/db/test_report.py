"""The voice-of-the-customer report, built from a small database whose numbers are known."""

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert

from bot.cli.main import main
from bot.db.engine import engine_for, session_scope
from bot.db.models import Lead
from bot.db.repository import Repository
from bot.db.tracker_events import rasa_events
from bot.discovery.catalog import load_catalog
from bot.handoff import lifecycle
from bot.report.numbers import build_report
from bot.report.render import write_report
from bot.report.unsure_messages import unsure_messages

pytestmark = pytest.mark.db


@pytest.fixture
def conversations(database_url):
    """Five visitors: 4 share a goal, 2 see recommendations, 1 gives an email, 2 are handed off, 1 closed."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.touch_lead("just-said-hi")
        repo.record_fact("a", "goal", "we want to automate our customer onboarding")
        repo.record_fact("a", "challenge", "it's all manual <b>really</b>")
        repo.record_recommendation("a", "guide-onboarding-automation", "because you want to automate")
        repo.record_recommendation("a", "product-tour", "because you want to automate")
        repo.record_fact("b", "goal", "onboarding takes weeks")
        repo.record_fact("b", "email", "b@example.com")
        repo.record_consent("b", "email follow-up")
        repo.record_recommendation("b", "guide-onboarding-automation", "because onboarding")
        rita_id = repo.add_rep("rita@example.com", "Rita", "hash").id
        handoff_id = repo.create_handoff("b", "asked for a person", 70, [], "summary").id
        repo.record_fact("c", "goal", "reduce churn")
        repo.create_handoff("c", "made a complaint", 20, [], "summary")
        repo.record_fact("d", "goal", "learn sourdough baking")
    lifecycle.claim_in_db(database_url, handoff_id, rita_id)
    lifecycle.close_in_db(database_url, handoff_id, rita_id, "meeting_booked", "")
    return database_url


def test_funnel_themes_recommendations_and_outcomes(conversations):
    data = build_report(conversations, load_catalog())
    assert data.funnel == {"conversations": 5, "goal shared": 4, "recommendation shown": 2, "contact shared": 1,
                           "handoff": 2, "rep outcome": 1}
    goals = [(theme.count, sorted(theme.quotes)) for theme in data.goals]
    assert goals == [(2, ["onboarding takes weeks", "we want to automate our customer onboarding"]),
                     (2, ["learn sourdough baking", "reduce churn"])]
    assert data.goals[-1].name == "other"
    assert data.recommendations[0][0] == "guide-onboarding-automation" and data.recommendations[0][2] == 2
    assert data.outcomes == {"meeting_booked": 1}


def test_since_filters_by_first_seen(conversations):
    with session_scope(conversations) as session:
        session.get(Lead, Repository(session).get_lead("d").id).first_seen = datetime(2020, 1, 1, tzinfo=timezone.utc)
    data = build_report(conversations, load_catalog(), since=datetime(2021, 1, 1, tzinfo=timezone.utc))
    assert data.funnel["conversations"] == 4 and data.funnel["goal shared"] == 3


def test_files_are_written_and_visitor_words_are_escaped(conversations, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", conversations)
    assert main(["report", "--out", str(tmp_path / "out"), "--since", "2000-01-01"]) == 0
    html = (tmp_path / "out" / "report.html").read_text()
    markdown = (tmp_path / "out" / "report.md").read_text()
    assert (tmp_path / "out" / "funnel.png").read_bytes().startswith(b"\x89PNG")
    assert "&lt;b&gt;really&lt;/b&gt;" in html and "<b>really</b>" not in html
    assert "| conversations | 5 |" in markdown and "| meeting_booked | 1 |" in markdown
    assert main(["report", "--since", "yesterday"]) == 2


def test_write_report_with_no_data(database_url, tmp_path):
    paths = write_report(build_report(database_url, load_catalog()), tmp_path)
    assert "Nobody has shared a goal yet." in paths["html"].read_text()


def test_review_lists_fallbacks_and_low_confidence(database_url):
    rasa_events.metadata.create_all(engine_for(database_url))

    def user(text, intent, confidence, ranking=()):
        parse = {"intent": {"name": intent, "confidence": confidence},
                 "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}
        return {"sender_id": "v", "type_name": "user", "timestamp": 1.0,
                "data": json.dumps({"event": "user", "text": text, "parse_data": parse})}

    with session_scope(database_url) as session:
        session.execute(insert(rasa_events), [
            user("hello", "greet", 0.98),
            user("blorp", "nlu_fallback", 0.4, [("nlu_fallback", 0.4), ("affirm", 0.31)]),
            user("maybe pricing?", "ask_pricing", 0.45),
            user("/affirm", "affirm", 1.0),
        ])
    found = unsure_messages(database_url, threshold=0.6)
    assert [(m.text, m.predicted_intent, m.fell_back) for m in found] == [
        ("maybe pricing?", "ask_pricing", False), ("blorp", "affirm", True)]


def test_chat_ratings_and_comments_are_reported_and_survive_retention(conversations, tmp_path):
    with session_scope(conversations) as session:
        repo = Repository(session)
        assert repo.rate_latest_chat("c", 5) is None  # c's handoff was never claimed: no chat to rate
        assert repo.rate_latest_chat("b", 2).rating == 2
        repo.comment_on_latest_rating("b", "took ages <script>x</script>")
    data = build_report(conversations, load_catalog())
    assert data.ratings == {5: 0, 4: 0, 3: 0, 2: 1, 1: 0} and data.average_rating == 2.0
    assert data.rating_comments == [(2, "took ages <script>x</script>")]
    paths = write_report(data, tmp_path)
    assert "2/5: &ldquo;took ages &lt;script&gt;x&lt;/script&gt;&rdquo;" in paths["html"].read_text()
    with session_scope(conversations) as session:
        repo = Repository(session)
        repo.retire(repo.get_lead("b"), datetime.now(timezone.utc))
    after = build_report(conversations, load_catalog())
    assert after.ratings[2] == 1 and after.rating_comments == []  # the count stays, the words go with the lead


def test_prompt_counts_are_reported_per_prompt_without_visitors(database_url, tmp_path):
    from bot.prompts.prompt_store import count_prompt_action, may_be_prompted

    day = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
    for action in ("shown", "shown", "shown", "opened", "dismissed"):
        count_prompt_action(database_url, "pricing-help", action, day)
    count_prompt_action(database_url, "pricing-help", "shown", datetime(2026, 12, 1, tzinfo=timezone.utc))
    with pytest.raises(ValueError):
        count_prompt_action(database_url, "pricing-help", "clicked", day)
    data = build_report(database_url, load_catalog())
    assert data.prompts == {"pricing-help": {"shown": 4, "opened": 1, "dismissed": 1}}
    assert build_report(database_url, load_catalog(), since=datetime(2026, 12, 1, tzinfo=timezone.utc)).prompts == {
        "pricing-help": {"shown": 1, "opened": 0, "dismissed": 0}}
    assert "| pricing-help | 4 | 1 | 1 |" in write_report(data, tmp_path)["markdown"].read_text()
    assert may_be_prompted(database_url, "never-seen")
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_visit("browsing", {}, None)
        repo.decline_prompts("browsing")
        repo.record_visit("opted", {}, None)
        repo.mark_opted_out("opted")
        repo.record_visit("keen", {}, None)
    assert not may_be_prompted(database_url, "browsing") and not may_be_prompted(database_url, "opted")
    assert may_be_prompted(database_url, "keen")


def test_coaching_points_out_reps_who_pitch_before_asking_or_ask_again(conversations, tmp_path):
    rasa_events.metadata.create_all(engine_for(conversations))
    now = datetime.now(timezone.utc).timestamp()

    def line(kind, text, at, rep=None):
        event = {"event": kind, "text": text, **({"metadata": {"rep": rep, "rep_id": 1}} if rep else {})}
        return {"sender_id": "b", "type_name": kind, "timestamp": now + at, "data": json.dumps(event)}

    with session_scope(conversations) as session:
        session.execute(insert(rasa_events), [
            line("user", "onboarding takes weeks", 1),
            line("bot", "Here's our pricing page: https://northwind.example/pricing <b>", 2, rep="Rita"),
            line("bot", "What's your goal this quarter?", 3, rep="Rita"),  # "b" shared the goal before
        ])
    coaching = build_report(conversations, load_catalog()).coaching
    assert [(week.pitched_before_asking, week.asked_what_we_knew) for week in coaching.weeks] == [(1, 1)]
    assert {m.kind for m in coaching.examples} == {"pitched_before_asking", "asked_what_we_knew"}
    paths = write_report(build_report(conversations, load_catalog()), tmp_path)
    html, markdown = paths["html"].read_text(), paths["markdown"].read_text()
    assert "asked again for the visitor's goal" in html and "&lt;b&gt;" in html
    assert "pitched before asking" in markdown and "<b>" not in markdown.split("## Coaching")[1]
