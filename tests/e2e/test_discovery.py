"""Discovery over the real stack: listen first, remember in SQL, recommend only after the goal is known."""

import pytest

from bot.db.engine import session_scope
from bot.db.repository import Repository

pytestmark = [pytest.mark.e2e, pytest.mark.db]

DISCOVERY = [
    ("what do you recommend?", "What are you trying to achieve right now?"),
    ("we want to automate our customer onboarding", "And what's standing in the way today?"),
    ("how much does it cost?", "And what's standing in the way today?"),
    ("our onboarding is manual and lives in spreadsheets", "Did I get that right?"),
    ("yes", "What's your role?"),
    ("head of operations", "how many people"),
    ("about 120 people", "when are you hoping"),
    # Pricing question, director-level role, a timeline this quarter: warm enough to offer a person.
    ("in a couple of months", "Would you like to talk with someone from our team now?"),
]


def _texts(replies):
    return [reply.get("text", "") for reply in replies]


def test_discovery_then_recommendation(stack):
    sender = "e2e-discovery"
    transcript = []
    for message, expected in DISCOVERY:
        replies = _texts(stack.say(sender, message))
        transcript.append((message, replies))
        assert expected in replies[-1], transcript
    reflection = transcript[3][1][-1]
    assert "you want to automate your customer onboarding" in reflection
    assert "your onboarding is manual and lives in spreadsheets" in reflection
    recommended = [text for text in transcript[-1][1] if "https://" in text]
    assert 1 <= len(recommended) <= 3
    assert "because you mentioned your onboarding is manual" in recommended[0]

    with session_scope(stack.database_url) as session:
        lead = Repository(session).get_lead(sender)
        facts = Repository(session).latest_facts(sender)
        shown = [(r.catalog_item_id, r.reason) for r in lead.recommendations]
    assert facts["goal"] == "we want to automate our customer onboarding"
    assert facts["challenge"] == "our onboarding is manual and lives in spreadsheets"
    assert (lead.role, lead.company_size, lead.timeline) == ("head of operations", "51-200", "this quarter")
    assert lead.warmth_score >= 60 and "asked for pricing" in lead.warmth_reasons
    assert len(shown) == len(recommended) and shown[0][0] == "case-study-brightpath"

    # The tracker shows no recommendation before the goal was set.
    events = stack.tracker(sender)["events"]
    goal_set = next(i for i, e in enumerate(events) if e["event"] == "slot" and e["name"] == "goal" and e["value"])
    recommends = [i for i, e in enumerate(events) if e["event"] == "action" and e["name"] == "action_recommend"]
    assert recommends and min(recommends) > goal_set


def test_returning_visitor_is_greeted_with_what_they_said(stack):
    sender = "e2e-returning"
    stack.say(sender, "we need to cut the time our support team spends on tickets")
    stack.say(sender, "/session_start")  # what a new Rasa session does for a visitor who comes back
    replies = _texts(stack.say(sender, "hi"))
    assert replies == ["Welcome back! Last time you told me you want to cut the time your support team spends "
                       "on tickets. Is that still the plan?"]
    events = stack.tracker(sender)["events"]
    assert not any(e["event"] == "action" and e["name"] == "discovery_form" for e in events[-6:])


def test_a_known_visitor_without_a_conversation_is_greeted_with_what_they_said(stack):
    """Their conversation is gone (retention keeps leads longer) but we know them: the Rasa process reads the
    profile with the new conversation's first query and the session start restores it."""
    sender = "e2e-known-no-conversation"
    with session_scope(stack.database_url) as session:
        Repository(session).record_fact(sender, "goal", "automate our customer onboarding")
    replies = _texts(stack.say(sender, "hi"))
    assert replies == ["Welcome back! Last time you told me you want to automate your customer onboarding. "
                       "Is that still the plan?"]


def test_forget_me_erases_lead_and_conversation(stack):
    sender = "e2e-forget"
    stack.say(sender, "we want to reduce churn")
    with session_scope(stack.database_url) as session:
        assert Repository(session).get_lead(sender) is not None
    assert "delete everything" in _texts(stack.say(sender, "please delete my data"))[0]
    assert _texts(stack.say(sender, "yes"))[0].startswith("Done.")
    with session_scope(stack.database_url) as session:
        assert Repository(session).get_lead(sender) is None
    assert [e for e in stack.tracker(sender)["events"] if e["event"] in ("user", "bot")] == []


def test_opted_out_visitor_is_recorded_and_still_gets_a_person(stack):
    sender = "e2e-optout"
    assert "won't ask for your contact details again" in _texts(stack.say(sender, "please don't email me"))[0]
    replies = _texts(stack.say(sender, "can i talk to a person"))
    assert "asked someone from our team to join" in replies[0]
    with session_scope(stack.database_url) as session:
        lead = Repository(session).get_lead(sender)
        assert lead.opted_out is True
        assert "Asked not to be contacted" in lead.handoffs[0].summary


def test_export_story_writes_a_test_story(stack, tmp_path, monkeypatch, capsys):
    from bot.cli.main import main

    sender = "e2e-export"
    stack.say(sender, "hi")
    stack.say(sender, "we want to reduce churn")
    port = stack.rasa_url.rsplit(":", 1)[1]
    monkeypatch.setenv("RASA_PORT", port)
    monkeypatch.setenv("RASA_TOKEN", stack.rasa_token)
    out = tmp_path / "story.yml"
    assert main(["export-story", sender, "--out", str(out)]) == 0
    story = out.read_text()
    assert "stories:" in story and "intent: greet" in story and "action: utter_greet" in story
    assert main(["export-story", "nobody-at-all"]) == 1


def test_product_questions_are_answered_from_content_then_listening_resumes(stack):
    sender = "e2e-product-questions"
    first = _texts(stack.say(sender, "is my data stored in the EU?"))
    assert "EU region" in first[0] and "https://northwind-flow.example/security/data-residency" in first[0]
    assert "What are you trying to achieve right now?" in first[-1]
    assert "And what's standing in the way" in _texts(stack.say(sender, "we want to automate customer onboarding"))[-1]
    mid = _texts(stack.say(sender, "does it integrate with Pipedrive?"))
    assert "Pipedrive connect out of the box" in mid[0] and "And what's standing in the way" in mid[-1]
    unknown = stack.say(sender, "does it run on a raspberry pi?")
    assert "I don't know the answer for sure, so I won't guess" in unknown[0]["text"]
    assert [b["payload"] for b in unknown[0]["buttons"]] == ["/request_human"]
    with session_scope(stack.database_url) as session:
        facts = Repository(session).latest_facts(sender)
    assert facts["goal"] == "we want to automate customer onboarding" and not facts.get("challenge")


def test_detail_instead_of_a_yes_at_the_reflection_is_heard_as_agreement(stack):
    sender = "e2e-detail-at-reflection"
    reflection = _texts(stack.say(sender, "we're trying to cut support tickets, they're drowning us"))
    assert "Did I get that right?" in reflection[-1]
    replies = _texts(stack.say(sender, "mostly password resets and where's my order stuff"))
    assert not any("outside what I can help with" in text for text in replies), replies
    assert "What's your role?" in replies[-1]


def test_goal_and_what_is_in_the_way_in_one_breath_are_both_heard(stack):
    # Found chatting as a visitor: the whole sentence was stored as the goal and what's in the way asked again.
    sender = "e2e-one-breath"
    stack.say(sender, "hi")
    replies = _texts(stack.say(sender, "we need pipeline visibility, our forecasts are guesswork"))
    assert replies[-1] == ("So you need pipeline visibility, and what's getting in the way is that your forecasts "
                           "are guesswork. Did I get that right?"), replies
    with session_scope(stack.database_url) as session:
        facts = {fact.kind: fact.value for fact in Repository(session).get_lead(sender).facts}
    assert (facts["goal"], facts["challenge"]) == ("we need pipeline visibility", "our forecasts are guesswork")


def test_a_greeting_that_asks_for_sales_gets_a_person(stack):
    # Found chatting as a visitor: only the greeting was answered.
    replies = _texts(stack.say("e2e-greet-and-ask", "hi, is anyone from sales online?"))
    assert "What are you trying to achieve" not in " ".join(replies), replies
    assert any("our team" in text for text in replies), replies


def test_what_is_in_the_way_told_first_is_acknowledged_before_the_goal_is_asked(stack):
    replies = _texts(stack.say("e2e-challenge-first", "I lead customer success and our churn is creeping up"))
    assert replies[0] == "Got it, that's what's in the way today."
    assert "What are you trying to achieve right now?" in replies[-1]


def test_what_is_in_the_way_told_with_who_they_are_is_acknowledged_as_what_is_in_the_way(stack):
    said = "I run marketing at a 200 person saas company, our inbound leads go cold because sales follows up days later"
    replies = _texts(stack.say("e2e-context-and-challenge", said))
    assert replies[0] == "Got it, that's what's in the way today.", replies


def test_thanks_and_more_about_the_need_are_not_taken_as_answers(stack):
    sender = "e2e-thanks-and-context"
    stack.say(sender, "we want to automate our customer onboarding")
    thanked = _texts(stack.say(sender, "thanks"))
    assert thanked[0] == "You're welcome!" and "What makes that hard today?" in thanked[-1]
    stack.say(sender, "it's slow")
    stack.say(sender, "yes")
    replies = _texts(stack.say(sender, "we use spreadsheets and it's slow"))
    assert replies[0] == "Thanks, that's useful context." and "What do you do there" in replies[-1]
    stack.say(sender, "I'm the ops lead")
    with session_scope(stack.database_url) as session:
        facts = Repository(session).latest_facts(sender)
    assert facts["challenge"] != "thanks" and "spreadsheets" not in facts.get("role", "")
    assert "ops lead" in facts["role"]


def test_a_saved_answer_is_live_without_a_restart(stack):
    from bot.product_questions.answer_book import ANSWERS_DIR

    path = ANSWERS_DIR / "zz_e2e_temporary.yml"
    try:
        path.write_text('answers:\n  - id: e2e-parking\n    questions: ["Where can visitors park at your office?"]\n'
                        '    answer: "There is free parking behind the building."\n', encoding="utf-8")
        replies = _texts(stack.say("e2e-live-answer", "where can visitors park at your office?"))
        assert "There is free parking behind the building." in replies[0], replies
    finally:
        path.unlink(missing_ok=True)


def test_a_second_complaint_is_not_answered_with_the_same_words(stack):
    # Found chatting: two complaints in a row got the same apology and the same offer, word for word.
    first = _texts(stack.say("e2e-upset", "your support is the worst, i've asked three times already"))
    second = _texts(stack.say("e2e-upset", "i'm furious"))
    assert "I'm sorry" in first[0] and "I'm sorry" in second[0]
    assert first != second and "talk with someone from our team" in first[-1]
    assert "ask someone from our team to join" in second[-1]


def test_a_visitor_who_keeps_telling_other_things_is_not_asked_the_same_question_again_and_again(stack):
    # Found chatting: told what's in the way, then role, size and timeline instead of the goal, the visitor got
    # "Thanks, that's useful context." and "If that were sorted, what would be different for you?" four times.
    sender = "e2e-keeps-telling"
    stack.say(sender, "our support inbox is drowning")
    stack.say(sender, "mostly password resets and order status stuff")
    turns = [stack.say(sender, said) for said in ("I'm the support lead", "15 of us", "asap")]
    texts = [_texts(replies) for replies in turns]
    acknowledgements = [replies[0] for replies in texts]
    assert len(set(acknowledgements)) == 3, texts
    questions = [replies[-1] for replies in texts]
    assert questions.count("If that were sorted, what would be different for you?") <= 1, texts
    assert all(first != second for first, second in zip(questions, questions[1:], strict=False)), texts
    offered = [reply["buttons"] for replies in turns for reply in replies if reply.get("buttons")]
    assert offered and all(buttons[0]["title"] == "Cut repetitive support tickets" for buttons in offered), turns
    with session_scope(stack.database_url) as session:
        facts = Repository(session).latest_facts(sender)
    assert "support lead" in facts["role"] and facts["company_size"] == "11-50"


def test_what_is_in_the_way_told_after_two_unclear_replies_is_heard_as_the_first_time(stack):
    # Found chatting: after "asdf" and "hmm dunno", "our reps never follow up in time" got "that makes it harder
    # still", as if they had told us something before.
    sender = "e2e-challenge-after-shrugs"
    for said in ("hi there", "asdf", "hmm dunno"):
        stack.say(sender, said)
    replies = _texts(stack.say(sender, "our reps never follow up in time"))
    assert replies[0] == "Got it, that's what's in the way today.", replies
    replies = _texts(stack.say(sender, "and they forget to log calls"))
    assert replies[0] == "I see, that makes it harder still.", replies
