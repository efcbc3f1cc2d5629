"""Finding conversations: any field a rep would remember, matched literally and case-insensitively."""

import pytest
from sqlalchemy import insert

from bot.db.engine import engine_for, session_scope
from bot.db.repository import Repository
from bot.db.tracker_events import rasa_events
from bot.handoff import lifecycle
from bot.handoff.warmth import Warmth
from bot.web.inbox.read_model import handoff_card
from bot.web.inbox.search import search_conversations

pytestmark = pytest.mark.db


def _handoff(database_url, sender, **profile):
    with session_scope(database_url) as session:
        Repository(session).record_visit(sender, profile, None)
    return lifecycle.start(database_url, sender, "asked for a person", Warmth(10, ()), f"Summary of {sender}",
                           True, (), "http://inbox").handoff_id


def test_search_by_profile_facts_notes_and_what_the_visitor_typed(database_url):
    dana = _handoff(database_url, "dana", name="Dana Scully", company="Acme_Health 100%")
    _handoff(database_url, "fox", name="Fox", email="fox@x-files.example")
    with session_scope(database_url) as session:
        Repository(session).record_fact("fox", "goal", "cut onboarding to a week")
        rep_id = Repository(session).add_rep("rita@example.com", "Rita", "hash").id
    lifecycle.add_note(database_url, dana, rep_id, "Wants SSO before signing")
    rasa_events.create(engine_for(database_url), checkfirst=True)
    with engine_for(database_url).begin() as connection:
        connection.execute(insert(rasa_events), [{"sender_id": "fox", "type_name": "user", "timestamp": 1.0,
                                                  "data": '{"text": "is there a HIPAA option?"}'}])

    def names(words):
        return [row["name"] for row in search_conversations(database_url, words)]

    assert names("scully") == ["Dana Scully"] and names("X-FILES") == ["Fox"]
    assert names("onboarding to a week") == ["Fox"] and names("sso before") == ["Dana Scully"]
    assert names("hipaa") == ["Fox"] and names("summary of dana") == ["Dana Scully"]
    assert names("100%") == ["Dana Scully"] and names("_health") == ["Dana Scully"]
    assert names("%") == ["Dana Scully"] and names("a_h") == []  # wildcards are taken literally
    assert names("' OR 1=1 --") == [] and names("nobody at all") == []


def test_the_card_lists_the_visitors_earlier_conversations(database_url):
    first = _handoff(database_url, "again")
    with session_scope(database_url) as session:
        rep_id = Repository(session).add_rep("rita@example.com", "Rita", "hash").id
    lifecycle.claim_in_db(database_url, first, rep_id)
    lifecycle.close_in_db(database_url, first, rep_id, "qualified", "")
    second = _handoff(database_url, "again")
    earlier = handoff_card(database_url, second)["earlier"]
    assert [(e["id"], e["outcome"], e["rep"]) for e in earlier] == [(first, "qualified", "Rita")]
    assert handoff_card(database_url, first)["earlier"][0]["id"] == second


def test_unread_counts_per_rep_count_only_what_the_visitor_typed_since_they_read(database_url):
    from bot.web.inbox.read_model import inbox_queue, mark_read

    handoff_id = _handoff(database_url, "chatty")
    with session_scope(database_url) as session:
        rita = Repository(session).add_rep("rita@example.com", "Rita", "hash").id
        sam = Repository(session).add_rep("sam@example.com", "Sam", "hash").id
        start = Repository(session).get_handoff(handoff_id).created_at.timestamp()
    rasa_events.create(engine_for(database_url), checkfirst=True)
    rows = [{"sender_id": "chatty", "type_name": "user", "timestamp": start - 10, "intent_name": "greet"},
            {"sender_id": "chatty", "type_name": "user", "timestamp": start + 1, "intent_name": "inform"},
            {"sender_id": "chatty", "type_name": "bot", "timestamp": start + 2, "intent_name": None},
            {"sender_id": "chatty", "type_name": "user", "timestamp": start + 3, "intent_name": "EXTERNAL_handed_back"},
            {"sender_id": "chatty", "type_name": "user", "timestamp": start + 4, "intent_name": "inform"},
            {"sender_id": "someone-else", "type_name": "user", "timestamp": start + 5, "intent_name": "inform"}]
    with engine_for(database_url).begin() as connection:
        connection.execute(insert(rasa_events), [row | {"data": "{}"} for row in rows])

    def unread(rep_id):
        return {row["id"]: row["unread"] for row in inbox_queue(database_url, rep_id)}[handoff_id]

    assert unread(rita) == 2 and unread(sam) == 2  # since the handoff began; not the bot's or the inbox's
    mark_read(database_url, rita, handoff_id, start + 1)
    assert unread(rita) == 1 and unread(sam) == 2
    mark_read(database_url, rita, handoff_id, start)  # never backwards
    assert unread(rita) == 1
    mark_read(database_url, rita, handoff_id, start + 4)
    assert unread(rita) == 0
