"""Not understood: the likeliest meanings as buttons, and never the same dead end twice in a row."""

from bot.discovery.clarify import clarified_just_before, clarify_buttons

RESPONSES = {"utter_meaning_ask_pricing": [{"text": "Ask about pricing"}],
             "utter_meaning_share_goal": [{"text": "Tell you what I'm working on"}],
             "utter_meaning_request_human": [{"text": "Talk to a person"}]}


def test_two_labelled_meanings_then_a_person():
    ranking = [{"name": "nlu_fallback"}, {"name": "ask_pricing"}, {"name": "affirm"}, {"name": "share_goal"},
               {"name": "request_human"}]
    assert clarify_buttons(ranking, RESPONSES) == [
        {"title": "Ask about pricing", "payload": "/ask_pricing"},
        {"title": "Tell you what I'm working on", "payload": "/inform"},
        {"title": "Talk to a person", "payload": "/request_human"},
    ]


def test_clarified_just_before_looks_at_the_previous_answer_only():
    def user(text):
        return {"event": "user", "text": text}

    def action(name):
        return {"event": "action", "name": name}

    twice = [user("blorp"), action("action_clarify"), action("action_listen"), user("zzz")]
    assert clarified_just_before(twice, "action_clarify")
    after_other = [user("blorp"), action("action_clarify"), action("action_listen"), user("hi"),
                   action("utter_greet"), action("action_listen"), user("zzz")]
    assert not clarified_just_before(after_other, "action_clarify")
