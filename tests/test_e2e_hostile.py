"""Hostile and broken input replayed against every public endpoint of the real stack."""

from __future__ import annotations

import json

import pytest
import requests

from bot.runtime.stack_process import start_stack
from tests.databases import fresh_database

pytestmark = [pytest.mark.e2e, pytest.mark.db]

BAD_BODIES: list[bytes] = [
    b"", b"[]", b"{}", b"null", b"true", b"123", b'"hi"', b"{not json", b"\xff\xfe\x00garbage",
    json.dumps({"message": "no sender"}).encode(),
    json.dumps({"sender": None, "message": "hi"}).encode(),
    json.dumps({"sender": 42, "message": "hi"}).encode(),
    json.dumps({"sender": ["a"], "message": "hi"}).encode(),
    json.dumps({"sender": {"$ne": None}, "message": "hi"}).encode(),
    json.dumps({"sender": "../../etc/passwd", "message": "hi"}).encode(),
    json.dumps({"sender": "..%2F..%2Fetc", "message": "hi"}).encode(),
    json.dumps({"sender": "a/b", "message": "hi"}).encode(),
    json.dumps({"sender": "x" * 5000, "message": "hi"}).encode(),
    json.dumps({"sender": "ok-sender", "message": None}).encode(),
    json.dumps({"sender": "ok-sender", "message": 3.14}).encode(),
    json.dumps({"sender": "ok-sender", "message": {"nested": "object"}}).encode(),
    json.dumps({"sender": "ok-sender", "message": "x" * 100_000}).encode(),
    json.dumps({"sender": "ok-sender", "message": "\u0000\u0001\u0002"}).encode(),
    json.dumps({"sender": "ok-sender", "message": "   "}).encode(),
    json.dumps({"sender": "ok-sender", "message": "hi", "metadata": "not an object"}).encode(),
    b'{"sender": "ok-sender", "message": "' + b"a" * 70_000 + b'"}',
    b'{"sender": "ok-sender", "message": "\\ud800"}',
    b'[{"sender": "ok-sender", "message": "hi"}]',
]
# Accepted after cleaning, but must never break anything or reach a page unescaped.
NASTY_MESSAGES = [
    "'; DROP TABLE leads; --", "\" OR 1=1 --", "1; DELETE FROM events WHERE 1=1",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "{{7*7}} ${7*7} <%= 7*7 %>", "$(rm -rf /)", "`reboot`", "| cat /etc/passwd", "%00%0d%0a",
    "\u202egnp.exe", "zero\u200bwidth", "👋🏽👩‍💻", "🙂" * 300, "Ω≈ç√∫˜µ≤≥÷", "تجربة", "\x1b[31mred",
    "/restart", "/session_start", "/EXTERNAL_handed_back", "line1\nline2\r\nline3",
]


@pytest.fixture(scope="module")
def exposed(trained_model, tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("hostile")
    with fresh_database(tmp_dir) as url, start_stack(
            trained_model, url, tmp_dir, {"CHAT_LIMIT_PER_VISITOR": "5", "CHAT_LIMIT_PER_ADDRESS": "1000"}) as running:
        yield running


def post(stack, body: bytes) -> requests.Response:
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", data=body,
                         headers={"Content-Type": "application/json"}, timeout=30)


def test_corpus_is_large_enough():
    assert len(BAD_BODIES) + len(NASTY_MESSAGES) >= 40


def test_bad_bodies_get_4xx_never_5xx(exposed):
    statuses = {body[:40]: post(exposed, body).status_code for body in BAD_BODIES}
    assert all(400 <= status < 500 for status in statuses.values()), statuses
    assert post(exposed, json.dumps({"message": "hi"}).encode()).json()["error"].startswith("`sender` is required")
    # Nothing was filed under a shared "default" conversation.
    tracker = requests.get(f"{exposed.rasa_url}/conversations/default/tracker",
                           params={"token": exposed.rasa_token}, timeout=10).json()
    assert [e for e in tracker["events"] if e["event"] == "user"] == []


def test_nasty_messages_are_handled_and_the_stack_still_answers(exposed):
    for index, message in enumerate(NASTY_MESSAGES):
        response = post(exposed, json.dumps({"sender": f"nasty-{index}", "message": message}).encode())
        assert response.status_code < 500, (message, response.status_code, response.text[:200])
    stored = requests.get(f"{exposed.rasa_url}/conversations/nasty-17/tracker",
                          params={"token": exposed.rasa_token}, timeout=10).json()
    assert [e["text"] for e in stored["events"] if e["event"] == "user"] == ["[31mred"]
    assert post(exposed, json.dumps({"sender": "after-the-storm", "message": "hi"}).encode()).json()[0]["text"]


def test_visitor_rate_limit_answers_kindly(exposed):
    statuses = [post(exposed, json.dumps({"sender": "too-fast", "message": "hi"}).encode()) for _ in range(6)]
    assert [r.status_code for r in statuses[:5]] == [200] * 5
    assert statuses[5].status_code == 429 and "faster than I can read" in statuses[5].json()[0]["text"]


def test_web_app_endpoints_survive_the_corpus(exposed):
    for message in NASTY_MESSAGES:
        login = requests.post(f"{exposed.web_url}/inbox/login", data={"email": message, "password": message},
                              timeout=10, allow_redirects=False)
        assert login.status_code in (401, 429), (message, login.status_code)
        assert "<script>alert(1)</script>" not in login.text
        page = requests.get(f"{exposed.web_url}/", params={"q": message}, timeout=10)
        assert page.status_code == 200
    for path in ("/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/inbox/handoffs/1%27",
                 "/inbox/handoffs/-1", "/inbox/export/secrets.csv", "/nope"):
        assert requests.get(f"{exposed.web_url}{path}", timeout=10, allow_redirects=False).status_code in (
            302, 401, 403, 404), path
    headers = requests.get(f"{exposed.web_url}/", timeout=10).headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
