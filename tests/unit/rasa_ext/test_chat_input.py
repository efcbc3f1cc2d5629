"""Validating what visitors send to the public chat, without Rasa."""

import pytest

from bot.rasa_ext.channels.chat_input import ChatInputError, ChatRateLimiter, parse_chat_request
from bot.untrusted_text import clean_text


def test_good_message_is_cleaned():
    chat = parse_chat_request({"sender": "abc-123", "message": " hi\x00 there\u202e\u200b \n friend ",
                               "metadata": {"timezone": "Europe/Berlin"}})
    assert (chat.sender, chat.text, chat.metadata) == ("abc-123", "hi there friend", {"timezone": "Europe/Berlin"})


def test_only_what_the_widget_reports_reaches_rasa_cleaned():
    chat = parse_chat_request({"sender": "abc-123", "message": "hi", "metadata": {
        "page": {"url": "https://shop.example/pricing?email=a@b.example&utm_source=x#top", "title": " Pricing\u202e ",
                 "referrer": "javascript:alert(1)", "utm": {"source": "newsletter", "evil": "x"}, "language": "en-GB",
                 "timezone": "Europe/London"},
        "landing": "not a page", "is_admin": True, "timezone": "x" * 65}})
    assert chat.metadata == {"page": {
        "url": "https://shop.example/pricing", "title": "Pricing", "referrer": "", "utm": {"source": "newsletter"},
        "language": "en-GB", "timezone": "Europe/London"}}


@pytest.mark.parametrize("body, status, words", [
    ([], 400, "JSON object"), ("hi", 400, "JSON object"), (None, 400, "JSON object"),
    ({"message": "hi"}, 400, "`sender` is required"), ({"sender": "", "message": "hi"}, 400, "required"),
    ({"sender": 5, "message": "hi"}, 400, "required"), ({"sender": "../../etc/passwd", "message": "x"}, 400, "letters"),
    ({"sender": "a" * 129, "message": "x"}, 400, "1-128"), ({"sender": "ok", "message": ["x"]}, 400, "text"),
    ({"sender": "ok", "message": "x" * 2001}, 413, "longer than 2000"), ({"sender": "ok", "message": "\x00\x01"}, 400,
                                                                        "empty"),
])
def test_bad_requests_get_a_clear_4xx(body, status, words):
    with pytest.raises(ChatInputError) as error:
        parse_chat_request(body)
    assert error.value.status == status and words in str(error.value)


def test_clean_text_keeps_real_unicode():
    assert clean_text("Ça va? 👋 日本語") == "Ça va? 👋 日本語"


def test_rate_limits_per_visitor_and_per_address():
    limiter = ChatRateLimiter(per_sender=3, per_address=5, window_seconds=60)
    assert all(limiter.allow("v1", "1.1.1.1", now=t) for t in (0, 1, 2))
    assert not limiter.allow("v1", "1.1.1.1", now=3)
    assert limiter.allow("v2", "1.1.1.1", now=3) and limiter.allow("v3", "1.1.1.1", now=3)
    assert not limiter.allow("v4", "1.1.1.1", now=4)  # the address is at its limit
    assert limiter.allow("v1", "1.1.1.1", now=61)  # the window moved on


def test_an_office_full_of_visitors_behind_one_address_can_chat():
    limiter = ChatRateLimiter()  # the defaults: 20 a minute per visitor, 600 per address
    allowed = [limiter.allow(f"visitor-{n}", "203.0.113.7", now=second)
               for second in range(4) for n in range(30)]  # 30 visitors, 4 messages each in a minute
    assert all(allowed)
    assert not all(limiter.allow("visitor-0", "203.0.113.7", now=10) for _ in range(20))  # one visitor flooding
