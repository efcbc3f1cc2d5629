"""Routing: a waiting conversation is offered to one online rep with room, round-robin within the matching
route; when the offer runs out, to the next rep; a holder can pass it on."""

from datetime import timedelta

import pytest

from bot.db.engine import session_scope
from bot.db.models import utcnow
from bot.db.repository import Repository
from bot.handoff import lifecycle
from bot.handoff.lifecycle import HandoffInputError, HandoffStateError
from bot.handoff.offers import move_on_expired_offers
from bot.handoff.routing_rules import parse_routing_rules
from bot.handoff.warmth import Warmth
from bot.web.presence import mark_active, set_presence

pytestmark = pytest.mark.db
ROUTING = parse_routing_rules({"offer_seconds": 60, "capacity": 1, "routes": [
    {"name": "large", "when": {"company_size": ["1000+"]}, "reps": ["ella@example.com"]},
    {"name": "everyone", "reps": "all"}]})


def _reps(database_url):
    ids = {}
    with session_scope(database_url) as session:
        repo = Repository(session)
        for email, name in (("ana@example.com", "Ana"), ("ben@example.com", "Ben"), ("ella@example.com", "Ella"),
                            ("zed@example.com", "Zed")):
            ids[name] = repo.add_rep(email, name, "hash").id
    for name in ("Ana", "Ben", "Ella"):  # Zed stays away
        set_presence(database_url, ids[name], "online")
    return ids


def _start(database_url, sender, **profile):
    with session_scope(database_url) as session:
        Repository(session).record_visit(sender, profile, None)
    return lifecycle.start(database_url, sender, "asked for a person", Warmth(50, ()), "", True, (),
                           "http://inbox", ROUTING).handoff_id


def _offered(database_url, handoff_id):
    with session_scope(database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        return handoff.offered_rep.display_name if handoff.offered_rep else None


def test_offers_go_round_robin_to_online_reps_with_room(database_url):
    reps = _reps(database_url)
    first, second = _start(database_url, "v1"), _start(database_url, "v2")
    assert {_offered(database_url, first), _offered(database_url, second)} <= {"Ana", "Ben", "Ella"}
    assert _offered(database_url, first) != _offered(database_url, second)  # round-robin
    assert _offered(database_url, _start(database_url, "big", company_size="1000+")) == "Ella"  # its route
    lifecycle.claim_in_db(database_url, first, reps[_offered(database_url, first)])
    with session_scope(database_url) as session:  # Zed is away and never offered anything
        assert all(h.offered_rep_id != reps["Zed"] for h in Repository(session).list_handoffs())


def test_an_offer_nobody_takes_moves_on_and_anyone_may_still_claim(database_url):
    reps = _reps(database_url)
    handoff_id = _start(database_url, "v1")
    offered = _offered(database_url, handoff_id)
    assert move_on_expired_offers(database_url, ROUTING, utcnow() + timedelta(seconds=61)) == 1
    moved_to = _offered(database_url, handoff_id)
    assert moved_to not in (offered, None, "Zed")
    later = utcnow() + timedelta(seconds=200)
    move_on_expired_offers(database_url, ROUTING, later)  # nobody left who was not offered it yet ...
    move_on_expired_offers(database_url, ROUTING, later + timedelta(seconds=61))
    assert _offered(database_url, handoff_id) is None  # ... so anyone may take it
    assert lifecycle.claim_in_db(database_url, handoff_id, reps["Zed"]).newly
    taken = _start(database_url, "v2")
    assert _offered(database_url, taken) is not None
    assert lifecycle.claim_in_db(database_url, taken, reps["Zed"]).newly  # meant for someone else, still takeable
    assert _offered(database_url, taken) is None


def test_a_rep_away_for_a_while_or_at_capacity_is_skipped(database_url):
    reps = _reps(database_url)
    with session_scope(database_url) as session:
        for rep in Repository(session).list_reps():
            rep.last_active_at = utcnow() - timedelta(minutes=10)  # every inbox tab closed long ago
    mark_active(database_url, reps["Ben"])
    held = _start(database_url, "v1")
    assert _offered(database_url, held) == "Ben"
    lifecycle.claim_in_db(database_url, held, reps["Ben"])
    assert _offered(database_url, _start(database_url, "v2")) is None  # Ben holds 1 (capacity 1): nobody


def test_the_holder_passes_a_conversation_on_with_a_note(database_url):
    reps = _reps(database_url)
    handoff_id = _start(database_url, "v1")
    holder = reps[_offered(database_url, handoff_id)]
    lifecycle.claim_in_db(database_url, handoff_id, holder)
    with pytest.raises(HandoffInputError):
        lifecycle.transfer_in_db(database_url, handoff_id, holder, holder, "")
    with pytest.raises(HandoffStateError):
        lifecycle.transfer_in_db(database_url, handoff_id, reps["Zed"], reps["Ana"], "")  # not theirs
    moved = lifecycle.transfer_in_db(database_url, handoff_id, holder, reps["Zed"], "wants SSO pricing")
    assert (moved.sender_id, moved.to_name) == ("v1", "Zed")
    with session_scope(database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        assert handoff.assigned_rep_id == reps["Zed"]
        assert handoff.internal_notes[-1].text == "Passed to Zed: wants SSO pricing"


def test_removing_a_rep_puts_what_they_held_back_in_the_queue(database_url):
    reps = _reps(database_url)
    handoff_id = _start(database_url, "held")
    lifecycle.claim_in_db(database_url, handoff_id, reps["Zed"])
    with session_scope(database_url) as session:
        assert Repository(session).remove_rep(reps["Zed"])
    with session_scope(database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        assert (handoff.status, handoff.assigned_rep_id) == ("queued", None)
    assert lifecycle.claim_in_db(database_url, handoff_id, reps["Ana"]).newly
