"""The replies a saved message got, found again by its client id."""

from bot.rasa_ext.answered_once import replies_to

EVENTS = [
    {"event": "user", "text": "hi", "metadata": {"message_id": "m-1"}},
    {"event": "action", "name": "utter_greet"},
    {"event": "bot", "text": "Hi!", "data": {"buttons": None}},
    {"event": "bot", "text": "What are you trying to achieve?", "data": {"buttons": [{"title": "Leads"}]}},
    {"event": "user", "text": "more leads", "metadata": {}},
    {"event": "bot", "text": "And what's in the way?", "data": {}},
    {"event": "user", "text": "slow follow-up", "metadata": {"message_id": "m-3"}},
]


def test_the_replies_are_the_bot_messages_up_to_the_next_visitor_message():
    assert replies_to(EVENTS, "m-1") == [{"text": "Hi!"},
                                          {"text": "What are you trying to achieve?", "buttons": [{"title": "Leads"}]}]
    assert replies_to(EVENTS, "m-3") == []  # saved, and answered with nothing (a paused conversation)


def test_an_id_not_in_the_conversation_is_not_answered_from_it():
    assert replies_to(EVENTS, "m-2") is None
    assert replies_to([], "m-1") is None


def test_a_tracker_knows_which_message_ids_it_holds():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa_ext.answered_once import _seen
    tracker = DialogueStateTracker.from_events("v", [
        UserUttered("hi", metadata={"message_id": "m-1"}), BotUttered("Hi!"),
        UserUttered("more leads", metadata={})], slots=Domain.empty().slots)
    assert _seen(tracker, "m-1") and not _seen(tracker, "m-2")
