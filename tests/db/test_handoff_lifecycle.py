"""The handoff lifecycle's state rules on a real database (SQLite by default, PostgreSQL when configured).

Telling Rasa (pause, notices, resume) is covered with the real stack in tests/e2e/test_handoff.py.
"""

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.db.engine import session_scope
from bot.db.models import HandoffStatus, OutboundEvent
from bot.db.repository import Repository
from bot.handoff import lifecycle
from bot.handoff.lifecycle import HandoffInputError, HandoffStateError
from bot.handoff.warmth import Warmth

pytestmark = pytest.mark.db


def _setup(database_url: str, reps_around: bool = True) -> tuple[int, int, int]:
    with session_scope(database_url) as session:
        repo = Repository(session)
        rita, sam = repo.add_rep("rita@example.com", "Rita", "h").id, repo.add_rep("sam@example.com", "Sam", "h").id
    started = lifecycle.start(database_url, "v-1", "asked for a person", Warmth(60, ("asked for pricing",)),
                              "wants pricing", reps_around, ("webhook",), "http://inbox")
    return started.handoff_id, rita, sam


def _status(database_url: str, handoff_id: int) -> str:
    with session_scope(database_url) as session:
        return Repository(session).get_handoff(handoff_id).status


def test_start_queues_in_hours_follows_up_otherwise_and_never_opens_two(database_url):
    handoff_id, _, _ = _setup(database_url)
    assert _status(database_url, handoff_id) == HandoffStatus.QUEUED
    again = lifecycle.start(database_url, "v-1", "made a complaint", Warmth(10, ()), "", True, (), "http://inbox")
    assert (again.handoff_id, again.status) == (handoff_id, lifecycle.ALREADY_OPEN)
    assert lifecycle.has_open_handoff(database_url, "v-1")
    later = lifecycle.start(database_url, "v-2", "asked for a person", Warmth(10, ()), "", False, (), "http://inbox")
    assert later.status == HandoffStatus.FOLLOW_UP and not lifecycle.has_open_handoff(database_url, "v-2")


def test_only_one_of_two_racing_reps_wins_the_claim(database_url):
    handoff_id, rita, sam = _setup(database_url)

    def attempt(rep_id: int) -> str:
        try:
            lifecycle.claim_in_db(database_url, handoff_id, rep_id)
            return "won"
        except HandoffStateError as error:
            return str(error)

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(attempt, [rita, sam]))
    assert results[1] == "won" and results[0] in ("already claimed by Rita", "already claimed by Sam")
    assert _status(database_url, handoff_id) == HandoffStatus.ASSIGNED


def test_claiming_twice_is_harmless_for_the_holder(database_url):
    handoff_id, rita, _ = _setup(database_url)
    assert lifecycle.claim_in_db(database_url, handoff_id, rita) == lifecycle.Claimed("v-1", newly=True)
    assert lifecycle.claim_in_db(database_url, handoff_id, rita) == lifecycle.Claimed("v-1", newly=False)


def test_only_the_holder_replies_or_hands_back(database_url):
    handoff_id, rita, sam = _setup(database_url)
    with pytest.raises(HandoffStateError, match="claim this conversation"):
        lifecycle.owner_check_in_db(database_url, handoff_id, rita)
    lifecycle.claim_in_db(database_url, handoff_id, rita)
    with pytest.raises(HandoffStateError, match="claim this conversation"):
        lifecycle.hand_back_in_db(database_url, handoff_id, sam)
    assert lifecycle.owner_check_in_db(database_url, handoff_id, rita) == "v-1"
    assert lifecycle.hand_back_in_db(database_url, handoff_id, rita) == "v-1"
    assert _status(database_url, handoff_id) == HandoffStatus.HANDED_BACK
    with pytest.raises(HandoffStateError, match="handed back and cannot be claimed"):
        lifecycle.claim_in_db(database_url, handoff_id, sam)


def test_close_rules(database_url):
    handoff_id, rita, sam = _setup(database_url)
    with pytest.raises(HandoffInputError, match="outcome must be one of"):
        lifecycle.close_in_db(database_url, handoff_id, rita, "won-big", "")
    lifecycle.claim_in_db(database_url, handoff_id, rita)
    with pytest.raises(HandoffStateError, match="Rita holds this conversation"):
        lifecycle.close_in_db(database_url, handoff_id, sam, "qualified", "")
    lifecycle.close_in_db(database_url, handoff_id, rita, "qualified", "  call booked  ")
    with session_scope(database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        assert (handoff.status, handoff.outcome, handoff.notes) == ("closed", "qualified", "call booked")
        assert handoff.closed_at is not None
    with pytest.raises(HandoffStateError, match="already closed"):
        lifecycle.close_in_db(database_url, handoff_id, rita, "qualified", "")
    with pytest.raises(HandoffStateError, match="does not exist"):
        lifecycle.close_in_db(database_url, 999_999, rita, "qualified", "")


def test_expiry_moves_only_unclaimed_handoffs_and_requeue_undoes_it(database_url):
    handoff_id, rita, _ = _setup(database_url)
    future = datetime.now(timezone.utc) + timedelta(minutes=1)
    assert lifecycle.unclaimed_in_db(database_url, future) == [(handoff_id, "v-1")]
    assert lifecycle.expire_in_db(database_url, handoff_id) is True
    assert lifecycle.expire_in_db(database_url, handoff_id) is False  # already moved: nothing to do
    assert lifecycle.unclaimed_in_db(database_url, future) == []
    lifecycle.requeue_in_db(database_url, handoff_id)
    assert _status(database_url, handoff_id) == HandoffStatus.QUEUED
    lifecycle.claim_in_db(database_url, handoff_id, rita)
    assert lifecycle.expire_in_db(database_url, handoff_id) is False  # a rep holds it


def _withdrawn(database_url: str, handoff_id: int) -> tuple[str, str | None, list[str], list[str]]:
    with session_scope(database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        events = [json.loads(row.body) for row in session.scalars(select(OutboundEvent).order_by(OutboundEvent.id))]
        closed = [event["data"]["outcome"] for event in events if event["type"] == "handoff.closed"]
        return handoff.status, handoff.outcome, [n.status for n in handoff.notifications], closed


def test_a_visitor_takes_back_a_request_nobody_holds_yet(database_url):
    handoff_id, _, _ = _setup(database_url)
    assert lifecycle.withdraw_in_db(database_url, "v-1") == HandoffStatus.QUEUED
    assert _withdrawn(database_url, handoff_id) == ("closed", lifecycle.WITHDRAWN, ["cancelled"],
                                                    [lifecycle.WITHDRAWN])
    assert not lifecycle.has_open_handoff(database_url, "v-1")
    assert lifecycle.withdraw_in_db(database_url, "v-1") is None  # nothing left to take back
    with pytest.raises(HandoffStateError, match="no longer need a person"):
        lifecycle.claim_in_db(database_url, handoff_id, _setup_rep(database_url))
    assert lifecycle.withdraw_in_db(database_url, "never-asked") is None

    later = lifecycle.start(database_url, "v-2", "asked for a person", Warmth(10, ()), "", False, ("email",),
                            "http://inbox")
    assert lifecycle.withdraw_in_db(database_url, "v-2") == HandoffStatus.FOLLOW_UP
    assert _withdrawn(database_url, later.handoff_id)[:3] == ("closed", lifecycle.WITHDRAWN, ["cancelled"])


def test_a_chat_a_rep_holds_is_not_taken_away_from_the_rep(database_url):
    handoff_id, rita, _ = _setup(database_url)
    lifecycle.claim_in_db(database_url, handoff_id, rita)
    assert lifecycle.withdraw_in_db(database_url, "v-1") == HandoffStatus.ASSIGNED
    assert _status(database_url, handoff_id) == HandoffStatus.ASSIGNED  # the rep reads "never mind" and answers


def _setup_rep(database_url: str) -> int:
    with session_scope(database_url) as session:
        return Repository(session).add_rep("late@example.com", "Late", "h").id


def test_replies_are_one_line_within_the_limit_and_never_empty():
    assert lifecycle.clean_reply("  Hi\n\nthere ") == "Hi there"
    assert len(lifecycle.clean_reply("x" * 5000)) == lifecycle.MAX_REPLY_LENGTH
    with pytest.raises(HandoffInputError, match="write a reply first"):
        lifecycle.clean_reply(" \n ")
