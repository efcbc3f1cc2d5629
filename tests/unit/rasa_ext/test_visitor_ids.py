"""Signed visitor ids: issued ids verify; anything altered, forged or malformed does not."""

from bot.rasa_ext.channels import visitor_ids

SECRET = "s" * 32


def test_issued_ids_verify_and_are_unique():
    first, second = visitor_ids.issue(SECRET), visitor_ids.issue(SECRET)
    assert first != second
    assert visitor_ids.verify(first, SECRET) == first.split(".")[0]


def test_altered_or_foreign_ids_are_refused():
    token = visitor_ids.sign("abc", SECRET)
    conversation_id, _, signature = token.rpartition(".")
    for forged in ("abc", "abc.", f"abd.{signature}", f"{conversation_id}.{signature[:-1]}0",
                   visitor_ids.sign("abc", "another secret of enough length"), "", ".", None, 42, ["abc"]):
        assert visitor_ids.verify(forged, SECRET) is None, forged


def test_ids_with_dots_keep_their_whole_conversation_id():
    assert visitor_ids.verify(visitor_ids.sign("site.visitor-1", SECRET), SECRET) == "site.visitor-1"
