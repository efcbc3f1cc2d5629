"""The page a visitor chats from, cleaned from the widget's (untrusted) report."""

from datetime import datetime, timezone

import pytest

from bot.visits.page_context import PageContext, arrival, clean_address, page_from_widget, stored_form
from bot.visits.visitor_clock import local_time


@pytest.mark.parametrize("raw, expected", [
    ("https://shop.example/pricing?email=a@b.example&token=x#plans", "https://shop.example/pricing"),
    ("http://localhost:8080", "http://localhost:8080/"),
    ("HTTPS://Shop.Example/Blog/Post", "https://shop.example/Blog/Post"),
    ("javascript:alert(1)", ""), ("data:text/html,<b>x</b>", ""), ("ftp://files.example/a", ""),
    ("https://", ""), ("https://shop.example:99999/", ""), ("https://shop.example/\u202eevil", ""),
    ("/relative/path", ""), (42, ""), (None, ""), ("https://e.example/" + "a" * 5000, ""),
])
def test_addresses_keep_scheme_host_and_path_only(raw, expected):
    assert clean_address(raw) == expected


def test_a_widget_report_is_cleaned_field_by_field():
    page = page_from_widget({
        "url": "https://shop.example/pricing?utm_source=ignored", "title": "  Pricing \u200b plans\n ",
        "referrer": "https://www.google.com/search?q=my+name", "language": "en-GB", "timezone": "Europe/London",
        "utm": {"source": "newsletter", "medium": "email", "campaign": "x" * 300, "evil": "y"}})
    assert page == PageContext(url="https://shop.example/pricing", title="Pricing plans",
                               referrer="https://www.google.com/search", utm_source="newsletter",
                               utm_medium="email", utm_campaign="x" * 100, language="en-GB", timezone="Europe/London")
    assert page.source == "newsletter / email / " + "x" * 100
    assert page_from_widget(stored_form(page)) == page  # what the channel keeps reads back the same


@pytest.mark.parametrize("report", [None, "https://shop.example/", [], {"title": "no address"},
                                    {"url": "javascript:void(0)"}])
def test_no_usable_address_is_no_page(report):
    assert page_from_widget(report) is None


@pytest.mark.parametrize("field, value", [("language", "en_GB; DROP"), ("language", "x" * 40),
                                          ("timezone", "../../etc/passwd"), ("timezone", "Europe/Berlin\n"),
                                          ("utm", "source=x"), ("title", {"html": "<b>"})])
def test_nonsense_fields_are_left_empty(field, value):
    page = page_from_widget({"url": "https://shop.example/", field: value})
    assert page is not None and page.as_dict() == PageContext(url="https://shop.example/").as_dict()


def test_source_reads_campaign_then_referring_site_then_direct():
    assert PageContext(url="https://a.example/", utm_source="linkedin", utm_campaign="q4").source == "linkedin / q4"
    assert PageContext(url="https://a.example/", referrer="https://news.example/item").source == "news.example"
    assert PageContext(url="https://a.example/").source == "direct"


def test_events_carry_the_arrival_without_title_or_clock():
    page = PageContext(url="https://a.example/", title="Home", utm_source="ads", timezone="UTC")
    assert arrival(page) == {"page": "https://a.example/", "referrer": "", "utm_source": "ads", "utm_medium": "",
                             "utm_campaign": "", "utm_term": "", "utm_content": ""}


def test_the_visitors_clock():
    noon_utc = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    assert local_time("Asia/Tokyo", noon_utc) == "21:00 (Asia/Tokyo)"
    assert local_time("Europe/Berlin", noon_utc) == "14:00 (Europe/Berlin)"
    assert local_time("", noon_utc) is None and local_time("Mars/Olympus", noon_utc) is None
