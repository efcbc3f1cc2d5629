"""Intent syntax is accepted only as the payload of a button offered in this session."""

from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered

from bot.rasa_ext.offered_payloads import as_typed, offered_payloads

MEETING = '/book_meeting{"meeting_start": "2026-11-24T14:00:00Z"}'
OFFER = BotUttered("Which time?", data={"buttons": [{"title": "Tue 24 Nov, 14:00", "payload": MEETING},
                                                    {"title": "Other times", "payload": "/ask_other_times"}]})


def test_a_button_we_offered_is_accepted_as_intent_syntax():
    events = [ActionExecuted("action_listen"), UserUttered("a demo?"), OFFER, UserUttered("hmm")]
    assert offered_payloads(events) == {MEETING, "/ask_other_times"}
    assert as_typed(MEETING, events) == MEETING and as_typed("/ask_other_times ", events) == "/ask_other_times "


def test_anything_else_with_a_slash_is_taken_as_text():
    events = [OFFER]
    assert as_typed("/EXTERNAL_nobody_available", events) == "EXTERNAL_nobody_available"
    assert as_typed('/book_meeting{"meeting_start": "1970-01-01T00:00:00Z"}', events) == \
        'book_meeting{"meeting_start": "1970-01-01T00:00:00Z"}'
    assert as_typed("/restart", events) == "restart"
    assert as_typed("//affirm", events) == "affirm"
    assert as_typed("/", events) == "/"
    assert as_typed("/session_start", []) == "/session_start"  # Rasa's own start of a session
    assert as_typed("we need /slash commands", events) == "we need /slash commands"


def test_buttons_from_an_earlier_session_no_longer_count():
    assert as_typed(MEETING, [OFFER, SessionStarted()]) == MEETING.lstrip("/")
