"""Signed visitor ids: issued ids verify; anything altered, forged or malformed does not; a rotated-out key
keeps working through its grace period only."""

from datetime import datetime, timedelta, timezone

from bot.key_ring import KeyRing, PreviousKey
from bot.rasa_ext.channels import visitor_ids

SECRET = "s" * 32
KEYS = KeyRing(SECRET)
OLD = "o" * 32


def test_issued_ids_verify_and_are_unique():
    first, second = visitor_ids.issue(SECRET), visitor_ids.issue(SECRET)
    assert first != second
    assert visitor_ids.verify(first, KEYS) == first.split(".")[0]


def test_altered_or_foreign_ids_are_refused():
    token = visitor_ids.sign("abc", SECRET)
    conversation_id, _, signature = token.rpartition(".")
    for forged in ("abc", "abc.", f"abd.{signature}", f"{conversation_id}.{signature[:-1]}0",
                   visitor_ids.sign("abc", "another secret of enough length"), "", ".", None, 42, ["abc"]):
        assert visitor_ids.verify(forged, KEYS) is None, forged


def test_ids_with_dots_keep_their_whole_conversation_id():
    assert visitor_ids.verify(visitor_ids.sign("site.visitor-1", SECRET), KEYS) == "site.visitor-1"


def test_an_id_signed_with_a_rotated_out_key_works_until_its_grace_period_ends_and_is_re_signed():
    now = datetime.now(timezone.utc)
    old_token = visitor_ids.sign("returning", OLD)
    in_grace = KeyRing(SECRET, (PreviousKey(OLD, now + timedelta(days=30)),))
    assert visitor_ids.verify(old_token, in_grace) == "returning"
    assert visitor_ids.current_token(old_token, in_grace) == visitor_ids.sign("returning", SECRET)
    expired = KeyRing(SECRET, (PreviousKey(OLD, now - timedelta(seconds=1)),))
    assert visitor_ids.verify(old_token, expired) is None
    assert visitor_ids.current_token(old_token, expired) is None
    assert visitor_ids.verify(visitor_ids.sign("new", SECRET), expired) == "new"
