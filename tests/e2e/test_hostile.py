"""Hostile and broken input replayed against every public endpoint of the real stack."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import select

from bot.db.engine import session_scope
from bot.db.models import PromptCount
from bot.db.repository import Repository
from bot.rasa_ext.channels import visitor_ids
from bot.runtime.stack_process import start_stack
from bot.web.auth import issue_session
from tests.support.databases import fresh_database
from tests.support.hostile_forms import UNREADABLE_FORMS
from tests.support.socket_visitor import SocketVisitor

pytestmark = [pytest.mark.e2e, pytest.mark.db]

OK = "SIGNED-OK-SENDER"  # replaced by a genuine server-signed id, so only the named defect is wrong
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
    json.dumps({"sender": OK, "message": None}).encode(),
    json.dumps({"sender": OK, "message": 3.14}).encode(),
    json.dumps({"sender": OK, "message": {"nested": "object"}}).encode(),
    json.dumps({"sender": OK, "message": "x" * 100_000}).encode(),
    json.dumps({"sender": OK, "message": "\u0000\u0001\u0002"}).encode(),
    json.dumps({"sender": OK, "message": "   "}).encode(),
    json.dumps({"sender": OK, "message": "hi", "metadata": "not an object"}).encode(),
    b'{"sender": "SIGNED-OK-SENDER", "message": "' + b"a" * 70_000 + b'"}',
    b'{"sender": "SIGNED-OK-SENDER", "message": "\\ud800"}',
    b'[{"sender": "SIGNED-OK-SENDER", "message": "hi"}]',
    json.dumps({"sender": "never-issued", "message": "hi"}).encode(),
    json.dumps({"sender": "never-issued.00000000000000000000000000000000", "message": "hi"}).encode(),
    b"[" * 1000, b'{"a":' * 1000, b'{"sender": "SIGNED-OK-SENDER", "message": "hi", "metadata": ' + b"[" * 5000,
]
# Accepted after cleaning, but must never break anything or reach a page unescaped.
NASTY_MESSAGES = [
    "'; DROP TABLE leads; --", "\" OR 1=1 --", "1; DELETE FROM events WHERE 1=1",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "{{7*7}} ${7*7} <%= 7*7 %>", "$(rm -rf /)", "`reboot`", "| cat /etc/passwd", "%00%0d%0a",
    "\u202egnp.exe", "zero\u200bwidth", "👋🏽👩‍💻", "🙂" * 300, "Ω≈ç√∫˜µ≤≥÷", "تجربة", "\x1b[31mred",
    "/restart", "/session_start", "/EXTERNAL_handed_back", "line1\nline2\r\nline3",
    '/book_meeting{"meeting_start": "1970-01-01T00:00:00Z"}', '/book_meeting{"meeting_start": [1, 2]}',
    '/book_meeting{"meeting_start": "' + "9" * 5000 + '"}', "/ask_other_times",
    # Runs that once made the listener's or the answers' patterns backtrack for seconds (tests/unit/
    # test_pathological_text.py): the stack must answer them like any message.
    ("hi " * 700)[:1999] + "x", "1" + " " * 1997 + "x", ("ghost " * 400)[:1999] + "?",
]


# Keys rotated out (`python -m bot env rotate`): one still in its grace period, one whose grace is over.
GRACE_KEY, EXPIRED_KEY = "g" * 43, "e" * 43
ROTATED_OUT = f"{GRACE_KEY}@2999-01-01T00:00:00+00:00,{EXPIRED_KEY}@2000-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def exposed(trained_model, tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("hostile")
    with fresh_database(tmp_dir) as url, start_stack(
            trained_model, url, tmp_dir, {"CHAT_LIMIT_PER_VISITOR": "5", "CHAT_LIMIT_PER_ADDRESS": "1000",
                                          "RASA_RESPONSE_TIMEOUT_SECONDS": "6",
                                          "CHAT_ID_SECRET_PREVIOUS": ROTATED_OUT,
                                          "SESSION_SECRET_PREVIOUS": ROTATED_OUT}) as running:
        yield running


def post(stack, body: bytes) -> requests.Response:
    body = body.replace(OK.encode(), stack.visitor("ok-sender").encode())
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", data=body,
                         headers={"Content-Type": "application/json"}, timeout=30)


def test_corpus_is_large_enough():
    assert len(BAD_BODIES) + len(NASTY_MESSAGES) >= 40


def test_bad_bodies_get_4xx_never_5xx(exposed):
    statuses = {f"{index}: {body[:40]!r}": post(exposed, body).status_code for index, body in enumerate(BAD_BODIES)}
    assert all(400 <= status < 500 for status in statuses.values()), statuses
    assert post(exposed, json.dumps({"message": "hi"}).encode()).json()["error"].startswith("`sender` is required")
    # Nothing was filed under a shared "default" conversation.
    tracker = requests.get(f"{exposed.rasa_url}/conversations/default/tracker",
                           params={"token": exposed.rasa_token}, timeout=10).json()
    assert [e for e in tracker["events"] if e["event"] == "user"] == []


def test_nasty_messages_are_handled_and_the_stack_still_answers(exposed):
    for index, message in enumerate(NASTY_MESSAGES):
        body = json.dumps({"sender": exposed.visitor(f"nasty-{index}"), "message": message}).encode()
        response = post(exposed, body)
        assert response.status_code < 500, (message, response.status_code, response.text[:200])
    stored = requests.get(f"{exposed.rasa_url}/conversations/nasty-17/tracker",
                          params={"token": exposed.rasa_token}, timeout=10).json()
    assert [e["text"] for e in stored["events"] if e["event"] == "user"] == ["[31mred"]
    assert exposed.say("after-the-storm", "hi")[0]["text"]


def test_only_server_issued_visitor_ids_reach_a_conversation(exposed):
    issued = requests.post(f"{exposed.rasa_url}/webhooks/rest/visitor", timeout=10)
    assert issued.status_code == 201
    token = issued.json()["sender"]
    conversation_id, _, signature = token.rpartition(".")
    assert len(conversation_id) == 32 and token != requests.post(
        f"{exposed.rasa_url}/webhooks/rest/visitor", timeout=10).json()["sender"]
    replies = post(exposed, json.dumps({"sender": token, "message": "hi"}).encode())
    assert replies.status_code == 200 and replies.json()[0]["recipient_id"] == conversation_id
    # Knowing a conversation id (as a rep does) is not enough to write into it, nor is a borrowed signature.
    neighbour = conversation_id[:-1] + ("1" if conversation_id[-1] == "0" else "0")
    for forged in (conversation_id, f"{conversation_id}.{'0' * 32}", f"{neighbour}.{signature}",
                   f"other.{signature}"):
        refused = post(exposed, json.dumps({"sender": forged, "message": "I am someone else"}).encode())
        assert refused.status_code == 403, forged
        assert "POST /webhooks/rest/visitor" in refused.json()["error"]
    tracker = requests.get(f"{exposed.rasa_url}/conversations/{conversation_id}/tracker",
                           params={"token": exposed.rasa_token}, timeout=10).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["hi"]


def test_intent_syntax_is_accepted_only_from_offered_buttons(exposed):
    sender = "slash-typist"
    replies = exposed.say(sender, "/EXTERNAL_nobody_available")
    assert not any("nobody from our team could pick this up" in (r.get("text") or "") for r in replies)
    typed = [e["text"] for e in exposed.tracker(sender)["events"] if e["event"] == "user"]
    assert typed == ["EXTERNAL_nobody_available"]  # kept as words a rep can read, not a hidden intent
    # A button the assistant offered still works as one.
    complaint = exposed.say("slash-clicker", "your app keeps crashing, this is frustrating")
    buttons = [b for r in complaint for b in r.get("buttons") or []]
    assert [b["payload"] for b in buttons] == ["/affirm", "/deny"]  # the offer of a person
    exposed.say("slash-clicker", buttons[-1]["payload"])
    latest = [e for e in exposed.tracker("slash-clicker")["events"] if e["event"] == "user"][-1]
    assert latest["text"] == buttons[-1]["payload"]
    assert "/" + latest["parse_data"]["intent"]["name"] == buttons[-1]["payload"].split("{")[0]


def test_visitor_rate_limit_answers_kindly(exposed):
    body = json.dumps({"sender": exposed.visitor("too-fast"), "message": "hi"}).encode()
    statuses = [post(exposed, body) for _ in range(6)]
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
                 "/inbox/handoffs/-1", "/inbox/export/secrets.csv", "/nope", "/inbox/meetings"):
        assert requests.get(f"{exposed.web_url}{path}", timeout=10, allow_redirects=False).status_code in (
            302, 401, 403, 404), path
    assert requests.post(f"{exposed.web_url}/inbox/meetings/hours", data={"timezone": "UTC"}, timeout=10,
                         allow_redirects=False).status_code == 401
    # A visitor's meeting page opens only with a link we signed; nothing else reaches the database.
    for token in ("x", "0" * 32, f"{'0' * 32}.{'0' * 32}", "%27%20OR%201%3D1", "a" * 5000, "..%2F..%2Fetc"):
        for method, suffix in (("GET", ""), ("POST", "/cancel"), ("POST", "/reschedule")):
            answer = requests.request(method, f"{exposed.web_url}/meetings/{token}{suffix}",
                                      data={"start": "2026-11-24T14:00:00Z"}, timeout=10, allow_redirects=False)
            assert answer.status_code == 404, (token, method, suffix, answer.status_code)
    for body, content_type in UNREADABLE_FORMS:
        login = requests.post(f"{exposed.web_url}/inbox/login", data=body, headers={"Content-Type": content_type},
                              timeout=10, allow_redirects=False)
        assert login.status_code == 400 and "could not be read" in login.text, (body, content_type)
    headers = requests.get(f"{exposed.web_url}/", timeout=10).headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_socket_sessions_are_issued_by_the_server_and_cannot_be_borrowed(exposed):
    async def scenario() -> None:
        victim, attacker = SocketVisitor(), SocketVisitor()
        try:
            victim_token = exposed.visitor("socket-victim")
            assert await victim.connect(exposed.rasa_url, victim_token) == victim_token  # a returning visitor
            await victim.say("hi")
            await victim.texts_until("trying to achieve")
            # An id the server never signed (or one lifted from an inbox URL) gets a fresh conversation instead.
            issued = await attacker.connect(exposed.rasa_url, "socket-victim")
            assert issued != "socket-victim" and issued.rpartition(".")[0] != "socket-victim"
            # Naming the victim's session in a message does not redirect it.
            await attacker.say("we want to automate our customer onboarding", session_id=victim_token)
            await attacker.next_text()
        finally:
            await victim.close()
            await attacker.close()
        return issued

    issued = asyncio.run(scenario())
    victim_texts = [e["text"] for e in exposed.tracker("socket-victim")["events"] if e["event"] == "user"]
    attacker_texts = [e["text"] for e in exposed.tracker(issued.rpartition(".")[0])["events"] if e["event"] == "user"]
    assert victim_texts == ["hi"]
    assert attacker_texts == ["we want to automate our customer onboarding"]


def test_the_typing_relay_needs_the_api_token_and_a_real_conversation(exposed):
    url = f"{exposed.rasa_url}/webhooks/socketio/typing"
    token = {"token": exposed.rasa_token}
    for params in ({}, {"token": "wrong"}, {"token": exposed.rasa_token + "x"}):
        assert requests.get(f"{url}/some-visitor", params=params, timeout=10).status_code == 401
        assert requests.post(f"{url}/some-visitor", params=params, json={"rep": "Eve"}, timeout=10).status_code == 401
    for bad_id in ("..%2F..%2Fetc", "a" * 200, "%00", "-x", "a%20b"):
        assert requests.get(f"{url}/{bad_id}", params=token, timeout=10).status_code in (400, 404), bad_id
    for body in (b"[", b'{"rep": 5}', b'{"rep": ""}', b'"x"', b"[" * 2000, b'{"rep": "' + b"x" * 300 + b'"}'):
        answer = requests.post(f"{url}/some-visitor", params=token, data=body, timeout=10)
        assert answer.status_code == 400, (body[:20], answer.status_code)
    assert requests.get(f"{url}/some-visitor", params=token, timeout=10).json() == {"visitor_typing": False}


def test_typing_is_relayed_both_ways_over_socket_io(exposed):
    async def scenario() -> tuple[dict, bool]:
        visitor = SocketVisitor()
        shown: asyncio.Queue = asyncio.Queue()
        visitor.client.on("rep_typing", shown.put_nowait)
        try:
            token = await visitor.connect(exposed.rasa_url)
            conversation_id = token.rpartition(".")[0]
            await visitor.client.emit("typing", {})
            await asyncio.sleep(0.5)
            typing = await asyncio.to_thread(lambda: requests.get(
                f"{exposed.rasa_url}/webhooks/socketio/typing/{conversation_id}",
                params={"token": exposed.rasa_token}, timeout=10).json()["visitor_typing"])
            await asyncio.to_thread(lambda: requests.post(
                f"{exposed.rasa_url}/webhooks/socketio/typing/{conversation_id}",
                params={"token": exposed.rasa_token}, json={"rep": "Rita <b>Rep</b>"}, timeout=10))
            return await asyncio.wait_for(shown.get(), 10), typing
        finally:
            await visitor.close()

    relayed, typing = asyncio.run(scenario())
    assert typing is True and relayed == {"rep": "Rita <b>Rep</b>"}  # the widget inserts it as text


def test_prompt_counts_cannot_be_inflated_or_polluted(exposed):
    async def scenario() -> dict:
        visitor = SocketVisitor()
        offered: asyncio.Queue = asyncio.Queue()
        visitor.client.on("prompts", offered.put_nowait)
        try:
            await visitor.connect(exposed.rasa_url)
            rules = await asyncio.wait_for(offered.get(), 10)
            # (paced: engine.io itself refuses a long-polling payload of too many packets at once)
            for _ in range(20):
                await visitor.client.emit("prompt_event", {"id": "pricing-help", "action": "shown"})
                await asyncio.sleep(0.05)
            for bad in ({"id": "<script>", "action": "shown"}, {"id": "pricing-help", "action": "clicked"},
                        {"id": ["x"], "action": "shown"}, "shown", None, {"id": "x" * 10_000, "action": "shown"}):
                await visitor.client.emit("prompt_event", bad)
                await asyncio.sleep(0.05)
            await asyncio.sleep(1)
            return rules
        finally:
            await visitor.close()

    rules = asyncio.run(scenario())
    assert [prompt["id"] for prompt in rules["prompts"]][0] == "pricing-help"  # a new visitor may be prompted
    with session_scope(exposed.database_url) as session:
        counts = list(session.scalars(select(PromptCount)))
    assert [(c.prompt_id, c.shown) for c in counts] == [("pricing-help", 1)]


def test_a_long_poll_request_engine_io_never_answers_is_cut_off(exposed):
    """After a normal handshake, a POST of a bare "6", "2" or "2probe" used to be held for an hour (Rasa's
    response timeout): every request is now answered within RASA_RESPONSE_TIMEOUT_SECONDS (6 here)."""
    url = f"{exposed.rasa_url}/socket.io/"
    for body in ("6", "2", "2probe"):
        opened = requests.get(url, params={"EIO": "4", "transport": "polling"}, timeout=10)
        sid = json.loads(opened.text[1:])["sid"]
        params = {"EIO": "4", "transport": "polling", "sid": sid}
        requests.post(url, params=params, data="40", timeout=10)  # join the default namespace
        started = time.monotonic()
        answered = requests.post(url, params=params, data=body, timeout=30)
        assert time.monotonic() - started < 15 and answered.status_code < 600, body
    assert requests.get(f"{exposed.rasa_url}/webhooks/rest/", timeout=10).ok  # and the server is fine


CARD_BODIES: list[bytes] = [
    b"", b"[]", b"{}", b"null", b"123", b'"goal"', b"{not json", b"\xff\xfe\x00garbage", b"[" * 1000,
    json.dumps({"fact": 42, "value": "x"}).encode(), json.dumps({"fact": ["goal"], "value": "x"}).encode(),
    json.dumps({"fact": "goal"}).encode(), json.dumps({"fact": "goal", "value": None}).encode(),
    json.dumps({"fact": "goal", "value": {"$ne": 1}}).encode(),
    json.dumps({"fact": "goal", "value": "\u0000"}).encode(),
    json.dumps({"fact": "'; DROP TABLE leads; --", "value": "x"}).encode(),
    json.dumps({"fact": "email", "value": "<script>alert(1)</script>"}).encode(),
    json.dumps({"fact": "goal", "remove": "yes please"}).encode(),
    json.dumps({"fact": "goal", "value": "x" * 10_000}).encode(),
    json.dumps({"fact": "contact", "value": "whenever"}).encode(),  # not readable as a contact preference
    json.dumps({"fact": "contact", "value": "not before 99 Smarch 20999"}).encode(),
    json.dumps({"fact": "contact", "value": ["email only"]}).encode(),
]


def test_the_what_we_know_card_answers_only_its_visitor_and_refuses_bad_edits_with_4xx(exposed):
    url = f"{exposed.web_url}/visitor/card"
    exposed.say("card-visitor", "we want to automate our customer onboarding")
    token = exposed.visitor("card-visitor")
    for forged in ("", "card-visitor", "card-visitor.00000000000000000000000000000000", "x" * 5000, "%27 OR 1=1"):
        assert requests.get(url, headers={"X-Chat-Token": forged}, timeout=10).status_code == 401, forged
        assert requests.post(url, headers={"X-Chat-Token": forged}, json={"fact": "goal", "remove": True},
                             timeout=10).status_code == 401, forged
    for body in CARD_BODIES:
        answer = requests.post(url, data=body, headers={"X-Chat-Token": token, "Content-Type": "application/json"},
                               timeout=10)
        assert answer.status_code == 422 and answer.json()["error"], (body[:40], answer.status_code)
    card = requests.get(url, headers={"X-Chat-Token": token}, timeout=10).json()
    assert {line["fact"] for line in card["lines"]} == {"goal"}  # nothing above changed it
    preferences = requests.post(url, headers={"X-Chat-Token": token},
                                json={"fact": "contact", "value": "<b>email only</b>, no calls"}, timeout=10)
    assert preferences.status_code == 200
    assert {"fact": "contact", "label": "How to contact you", "corrected": True,
            "value": "email only, no calls"} in preferences.json()["lines"]
    cleared = requests.post(url, headers={"X-Chat-Token": token}, json={"fact": "contact", "remove": True},
                            timeout=10)
    assert cleared.status_code == 200 and {line["fact"] for line in cleared.json()["lines"]} == {"goal"}

    corrected = requests.post(url, headers={"X-Chat-Token": token, "Origin": exposed.web_url},
                              json={"fact": "goal", "value": "cut onboarding from weeks to days"}, timeout=10)
    assert corrected.status_code == 200 and corrected.headers["Access-Control-Allow-Origin"] == exposed.web_url
    assert corrected.json()["lines"][0] == {"fact": "goal", "label": "Goal", "corrected": True,
                                            "value": "cut onboarding from weeks to days"}
    assert exposed.tracker("card-visitor")["slots"]["goal"] == "cut onboarding from weeks to days"
    removed = requests.post(url, headers={"X-Chat-Token": token}, json={"fact": "goal", "remove": True}, timeout=10)
    assert removed.status_code == 200 and removed.json()["lines"] == []
    assert exposed.tracker("card-visitor")["slots"]["goal"] is None
    # Another site gets no CORS grant; a preflight from the web app does.
    stranger = requests.get(url, headers={"X-Chat-Token": token, "Origin": "https://evil.example"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in stranger.headers
    preflight = requests.options(url, headers={"Origin": exposed.web_url, "Access-Control-Request-Method": "POST"},
                                 timeout=10)
    assert preflight.status_code == 204 and "X-Chat-Token" in preflight.headers["Access-Control-Allow-Headers"]


def test_ids_and_sessions_signed_with_a_rotated_out_key_work_through_the_grace_period_only(exposed):
    rest = f"{exposed.rasa_url}/webhooks/rest/webhook"
    in_grace = visitor_ids.sign("rotated-visitor", GRACE_KEY)
    answer = requests.post(rest, json={"sender": in_grace, "message": "hi"}, timeout=30)
    assert answer.status_code == 200 and answer.json()
    expired = visitor_ids.sign("expired-visitor", EXPIRED_KEY)
    assert requests.post(rest, json={"sender": expired, "message": "hi"}, timeout=30).status_code == 403

    async def reconnect() -> str:
        widget = SocketVisitor()
        try:
            return await widget.connect(exposed.rasa_url, in_grace)
        finally:
            await widget.close()

    assert asyncio.run(reconnect()) == exposed.visitor("rotated-visitor")  # the same chat, now on the new key

    with session_scope(exposed.database_url) as session:
        repo = Repository(session)
        rep_id = repo.add_rep("rotated@example.com", "Rota", "not-a-real-hash").id
        repo.open_rep_session(rep_id, "a" * 32, datetime.now(timezone.utc) + timedelta(hours=1))
    for key, status in ((GRACE_KEY, 200), (EXPIRED_KEY, 302)):
        cookie = issue_session(key, rep_id, "a" * 32)
        page = requests.get(f"{exposed.web_url}/inbox", cookies={"leadbot_session": cookie}, timeout=10,
                            allow_redirects=False)
        assert page.status_code == status, key[:1]


def _turns(stack, conversation_id: str) -> list[str]:
    return [e["text"] for e in stack.tracker(conversation_id)["events"] if e["event"] == "user"]


def test_a_message_sent_again_with_its_id_is_one_turn_over_rest(exposed):
    url = f"{exposed.rasa_url}/webhooks/rest/webhook"
    body = {"sender": exposed.visitor("exactly-once-rest"), "message": "we want faster onboarding",
            "message_id": "rest-message-0001"}
    first = requests.post(url, json=body, timeout=30)
    again = requests.post(url, json=body, timeout=30)  # a proxy retrying after a lost response
    assert first.status_code == again.status_code == 200 and first.json() == again.json() and first.json()

    async def at_once():
        loop = asyncio.get_running_loop()
        same = {**body, "message": "it takes weeks", "message_id": "rest-message-0002"}
        return await asyncio.gather(*(loop.run_in_executor(None, lambda: requests.post(url, json=same, timeout=30))
                                      for _ in range(2)))

    both = asyncio.run(at_once())
    assert [answer.status_code for answer in both] == [200, 200] and both[0].json() == both[1].json()
    assert _turns(exposed, "exactly-once-rest") == ["we want faster onboarding", "it takes weeks"]
    bad = requests.post(url, json={**body, "message_id": "no"}, timeout=30)
    assert bad.status_code == 400 and "message_id" in bad.json()["error"]


def test_a_message_sent_again_after_a_reconnect_is_one_turn_over_socket_io(exposed):
    token = exposed.visitor("exactly-once-socket")

    async def scenario() -> tuple[list[dict], list[dict]]:
        first, second = SocketVisitor(), SocketVisitor()
        try:
            await first.connect(exposed.rasa_url, token)
            await first.say("we want faster onboarding", message_id="socket-message-0001")
            replies = [await first.next_message()]
            await first.close()  # the connection drops; the widget reconnects and sends the message again
            await second.connect(exposed.rasa_url, token)
            await second.say("we want faster onboarding", message_id="socket-message-0001")
            repeats = [await second.next_message()]
            return replies, repeats
        finally:
            await first.close()
            await second.close()

    replies, repeats = asyncio.run(scenario())
    assert replies[0]["reply_to"] == "socket-message-0001" and "repeat" not in replies[0]
    assert repeats[0] == {**replies[0], "repeat": True}  # the first attempt's reply, marked, to this socket
    assert _turns(exposed, "exactly-once-socket") == ["we want faster onboarding"]
