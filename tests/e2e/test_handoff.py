"""Warm handoffs over the real stack: Rasa, actions, inbox, a real SMTP server and webhook on loopback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
import requests

from bot.crm.salesforce import forget_tokens
from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.passwords import hash_password
from bot.paths import PROJECT_ROOT
from bot.profile.visitor_store import forget_visitor
from bot.runtime.stack_process import start_stack
from tests.db.test_crm_sync import CUSTOM_SALESFORCE_FIELDS
from tests.support.crm_receivers import (
    HUBSPOT_TOKEN,
    SALESFORCE_CLIENT_ID,
    SALESFORCE_CLIENT_SECRET,
    hubspot_receiver,
    salesforce_receiver,
)
from tests.support.databases import fresh_database
from tests.support.event_signature import documented_verify
from tests.support.hostile_forms import UNREADABLE_FORMS
from tests.support.receivers import event_receiver, smtp_server, webhook_server
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.db]
PASSWORD = "correct horse battery"
EVENT_SECRET = "e2e-webhook-secret-0123456789"
INBOX_GET_ROUTES = ["/inbox", "/inbox/team", "/inbox/search?q=a", "/inbox/handoffs/1", "/inbox/api/queue",
                    "/inbox/api/handoffs/1/transcript", "/inbox/events", "/inbox/handoffs/1/events",
                    "/inbox/export/leads.csv", "/inbox/export/handoffs.csv", "/inbox/deliveries"]
INBOX_POST_ROUTES = ["/inbox/logout", "/inbox/handoffs/1/claim", "/inbox/handoffs/1/reply",
                     "/inbox/handoffs/1/notes", "/inbox/handoffs/1/typing", "/inbox/handoffs/1/transfer",
                     "/inbox/handoffs/1/hand-back", "/inbox/handoffs/1/close", "/inbox/presence",
                     "/inbox/team/reps", "/inbox/team/reps/1/remove", "/inbox/team/reps/1/admin",
                     "/inbox/deliveries/1/retry"]


def _add_reps(database_url: str) -> None:
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.add_rep("rita@example.com", "Rita Rep", hash_password(PASSWORD), is_admin=True)
        repo.add_rep("bob@example.com", "Bob", hash_password(PASSWORD))


def _stack(trained_model, tmp_path_factory, name, extra_env):
    tmp_dir = tmp_path_factory.mktemp(name)
    with fresh_database(tmp_dir) as url:
        _add_reps(url)
        with start_stack(trained_model, url, tmp_dir, extra_env) as running:
            yield running


@pytest.fixture(scope="module")
def receivers():
    with smtp_server() as (smtp_port, mails), webhook_server() as (hook_url, hooks):
        yield {"smtp_port": smtp_port, "mails": mails, "hook_url": hook_url, "hooks": hooks}


@pytest.fixture(scope="module")
def live(trained_model, tmp_path_factory, receivers):
    env = {"NOTIFY_WEBHOOK_URL": receivers["hook_url"], "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(receivers["smtp_port"]), "SMTP_STARTTLS": "false",
           "NOTIFY_EMAILS": "sales@example.com", "CLAIM_TIMEOUT_MINUTES": "30"}
    yield from _stack(trained_model, tmp_path_factory, "live", env)


@pytest.fixture(scope="module")
def impatient(trained_model, tmp_path_factory):
    yield from _stack(trained_model, tmp_path_factory, "impatient", {"CLAIM_TIMEOUT_MINUTES": "0.05"})


@pytest.fixture(scope="module")
def subscriber():
    with event_receiver() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def crms():
    """HubSpot and Salesforce contract receivers; Salesforce's admin has added the custom Lead fields."""
    forget_tokens()
    with hubspot_receiver() as hubspot, salesforce_receiver() as salesforce:
        salesforce.add_custom_fields(CUSTOM_SALESFORCE_FIELDS)
        yield {"hubspot": hubspot, "salesforce": salesforce,
               "env": {"HUBSPOT_TOKEN": HUBSPOT_TOKEN, "HUBSPOT_API_URL": hubspot.url,
                       "SALESFORCE_LOGIN_URL": salesforce.url, "SALESFORCE_CLIENT_ID": SALESFORCE_CLIENT_ID,
                       "SALESFORCE_CLIENT_SECRET": SALESFORCE_CLIENT_SECRET}}


@pytest.fixture(scope="module")
def closed(trained_model, tmp_path_factory, subscriber, crms):
    setup = subprocess.run([sys.executable, "-m", "bot", "crm", "setup"], env={**os.environ, **crms["env"]},
                           capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT)
    assert setup.returncode == 0, setup.stderr  # the operator's one-time step: HubSpot properties created
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).strftime("%a").lower()
    yield from _stack(trained_model, tmp_path_factory, "closed",
                      {"BUSINESS_DAYS": tomorrow, "BUSINESS_TIMEZONE": "UTC", "WEBHOOKS": "crm",
                       "WEBHOOK_CRM_URL": subscriber.url, "WEBHOOK_CRM_SECRET": EVENT_SECRET,
                       "WEBHOOK_CRM_EVENTS": "lead.*,contact.*,handoff.*,visitor.forgotten", **crms["env"]})


def sign_in(stack, email="rita@example.com", password=PASSWORD) -> requests.Session:
    browser = requests.Session()
    response = browser.post(f"{stack.web_url}/inbox/login", data={"email": email, "password": password},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return browser


def csrf_of(browser: requests.Session, stack, handoff_id: int) -> str:
    page = browser.get(f"{stack.web_url}/inbox/handoffs/{handoff_id}", timeout=10).text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def handoff_for(stack, sender):
    with session_scope(stack.database_url) as session:
        handoff = Repository(session).get_lead(sender).handoffs[-1]
        return handoff.id, handoff.status


def bot_texts(stack, sender):
    return [e.get("text") for e in stack.tracker(sender)["events"] if e["event"] == "bot"]


def test_visitor_to_rep_and_back(live, receivers):
    sender = "handoff-visitor"
    live.say(sender, "we want to automate our customer onboarding")
    replies = live.say(sender, "can i talk to a person")
    assert "asked someone from our team to join" in replies[0]["text"]
    handoff_id, status = handoff_for(live, sender)
    assert status == "queued"
    assert wait_for(lambda: receivers["hooks"] and receivers["mails"]), "reps were not notified"
    assert f"/inbox/handoffs/{handoff_id}" in receivers["hooks"][0]["text"]
    assert "asked for a person" in receivers["mails"][0]

    assert live.say(sender, "hello? is anyone there?") == []  # paused: recorded, not answered

    rita = sign_in(live)
    queue = rita.get(f"{live.web_url}/inbox/api/queue", timeout=10).json()
    assert queue[0]["id"] == handoff_id and queue[0]["reason"] == "asked for a person"
    csrf = csrf_of(rita, live, handoff_id)
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim", data={"csrf": csrf},
                     timeout=10).ok
    assert "Rita Rep from our team has joined the chat." in bot_texts(live, sender)
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim", data={"csrf": csrf}, timeout=10).ok
    assert bot_texts(live, sender).count("Rita Rep from our team has joined the chat.") == 1  # a second click

    bob = sign_in(live, "bob@example.com")
    refused = bob.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim",
                       data={"csrf": csrf_of(bob, live, handoff_id)}, timeout=10)
    assert refused.status_code == 409 and "already claimed by Rita Rep" in refused.text

    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/reply",
                     data={"csrf": csrf, "text": "Hi! I'm Rita. How many seats do you need?"}, timeout=10).ok
    rep_lines = [e for e in live.tracker(sender)["events"]
                 if e["event"] == "bot" and (e.get("metadata") or {}).get("rep") == "Rita Rep"]
    assert rep_lines[-1]["text"] == "Hi! I'm Rita. How many seats do you need?"
    transcript = rita.get(f"{live.web_url}/inbox/api/handoffs/{handoff_id}/transcript", timeout=10).json()
    lines = [(line["who"], line["text"]) for line in transcript["lines"]]
    waiting = lines.index(("visitor", "hello? is anyone there?"))
    assert lines.index(("rep", "Hi! I'm Rita. How many seats do you need?")) > waiting

    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/hand-back", data={"csrf": csrf},
                     timeout=10).ok
    assert "You're back with the assistant. How else can I help?" in bot_texts(live, sender)
    assert "automated assistant" in live.say(sender, "are you a bot?")[0]["text"]

    closed = rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/close",
                       data={"csrf": csrf, "outcome": "meeting_booked", "notes": "demo on Tuesday"}, timeout=10)
    assert closed.ok
    with session_scope(live.database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        assert (handoff.status, handoff.outcome, handoff.notes) == ("closed", "meeting_booked", "demo on Tuesday")
        assert handoff.assigned_rep.email == "rita@example.com"
    csv_text = rita.get(f"{live.web_url}/inbox/export/handoffs.csv", timeout=10).text
    assert "meeting_booked" in csv_text.splitlines()[1]


def test_every_inbox_route_refuses_strangers(live):
    stranger = requests.Session()
    for path in INBOX_GET_ROUTES:
        response = stranger.get(f"{live.web_url}{path}", allow_redirects=False, timeout=10)
        assert response.status_code in (302, 401), path
        if response.status_code == 302:
            assert response.headers["Location"] == "/inbox/login"
    for path in INBOX_POST_ROUTES:
        assert stranger.post(f"{live.web_url}{path}", data={"csrf": "x"}, timeout=10).status_code == 401, path
    forged = requests.Session()
    forged.cookies.set("leadbot_session", "1.9999999999.deadbeef")
    assert forged.get(f"{live.web_url}/inbox/api/queue", timeout=10).status_code == 401


def test_state_changes_need_the_csrf_token(live):
    rita = sign_in(live)
    response = rita.post(f"{live.web_url}/inbox/handoffs/1/claim", data={"csrf": "wrong"}, timeout=10)
    assert response.status_code == 403


def test_a_signed_in_reps_malformed_input_gets_a_clear_4xx(live):
    rita = sign_in(live)
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', rita.get(f"{live.web_url}/inbox", timeout=10).text).group(1)
    for bad_id in ("abc", "-1", "1e3", "9" * 40, "%00", "1%27"):
        for path in (f"/inbox/handoffs/{bad_id}", f"/inbox/api/handoffs/{bad_id}/transcript",
                     f"/inbox/handoffs/{bad_id}/events"):
            assert rita.get(f"{live.web_url}{path}", timeout=10).status_code == 404, path
        for action in ("claim", "reply", "notes", "typing", "transfer", "hand-back", "close"):
            response = rita.post(f"{live.web_url}/inbox/handoffs/{bad_id}/{action}",
                                 data={"csrf": csrf, "text": "hi", "outcome": "qualified"}, timeout=10)
            assert response.status_code == 404, (bad_id, action, response.status_code)
        retry = rita.post(f"{live.web_url}/inbox/deliveries/{bad_id}/retry", data={"csrf": csrf}, timeout=10)
        assert retry.status_code == 404, (bad_id, retry.status_code)
    for body, content_type in UNREADABLE_FORMS:
        for path in ("/inbox/handoffs/1/reply", "/inbox/handoffs/1/notes", "/inbox/deliveries/1/retry",
                     "/inbox/logout"):
            response = rita.post(f"{live.web_url}{path}", data=body, headers={"Content-Type": content_type},
                                 timeout=10)
            assert response.status_code == 400, (path, body, response.status_code)
    missing = rita.post(f"{live.web_url}/inbox/handoffs/999999/claim", data={"csrf": csrf}, timeout=10)
    assert missing.status_code == 409 and "does not exist" in missing.text
    empty = rita.post(f"{live.web_url}/inbox/handoffs/999999/reply", data={"csrf": csrf, "text": " \n "}, timeout=10)
    assert empty.status_code == 400 and "write a reply first" in empty.text
    for to_rep in ("", "abc", "-1", "9" * 40, "1e3"):
        bad = rita.post(f"{live.web_url}/inbox/handoffs/1/transfer", data={"csrf": csrf, "to_rep": to_rep},
                        timeout=10)
        assert bad.status_code == 400 and "pick a colleague" in bad.text, to_rep
    for presence in ("", "busy", "<script>", "online" * 100):
        bad = rita.post(f"{live.web_url}/inbox/presence", data={"csrf": csrf, "presence": presence}, timeout=10)
        assert bad.status_code == 400 and "presence must be one of" in bad.text
    assert rita.post(f"{live.web_url}/inbox/presence", data={"csrf": csrf, "presence": "away"}, timeout=10).ok
    assert "Rita Rep · away" in rita.get(f"{live.web_url}/inbox", timeout=10).text
    for blank in ("   ", "\x00", "\u200b\u202e"):  # PostgreSQL refuses a NUL byte: it must never reach SQL
        no_note = rita.post(f"{live.web_url}/inbox/handoffs/1/notes", data={"csrf": csrf, "text": blank}, timeout=10)
        assert no_note.status_code == 400 and "write a note first" in no_note.text
        no_reply = rita.post(f"{live.web_url}/inbox/handoffs/1/reply", data={"csrf": csrf, "text": blank},
                             timeout=10)
        assert no_reply.status_code == 400 and "write a reply first" in no_reply.text
    nul_rep = rita.post(f"{live.web_url}/inbox/team/reps", timeout=10, data={
        "csrf": csrf, "email": "n\x00ul@example.com", "name": "Nul\x00 Rep", "password": "a long first password"})
    assert nul_rep.ok and "Nul Rep" in nul_rep.text
    nul_close = rita.post(f"{live.web_url}/inbox/handoffs/999999/close",
                          data={"csrf": csrf, "outcome": "qualified", "notes": "a\x00b"}, timeout=10)
    assert nul_close.status_code == 409
    unknown = rita.post(f"{live.web_url}/inbox/handoffs/999999/notes", data={"csrf": csrf, "text": "x"}, timeout=10)
    assert unknown.status_code == 409 and "does not exist" in unknown.text
    outcome = rita.post(f"{live.web_url}/inbox/handoffs/999999/close",
                        data={"csrf": csrf, "outcome": "<script>", "notes": "x" * 100_000}, timeout=10)
    assert outcome.status_code == 400 and "outcome must be one of" in outcome.text
    assert rita.get(f"{live.web_url}/inbox/review", params={"threshold": "nan"}, timeout=10).status_code == 200
    assert rita.get(f"{live.web_url}/inbox/search", params={"q": "x" * 101}, timeout=10).status_code == 400
    for words in ("%", "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "é" * 100):
        found = rita.get(f"{live.web_url}/inbox/search", params={"q": words}, timeout=10)
        assert found.status_code == 200 and "<script>alert" not in found.text, words


def test_a_live_transcript_ends_when_the_visitor_is_forgotten(live):
    sender = "forgotten-mid-stream"
    live.say(sender, "talk to a human")
    handoff_id, _ = handoff_for(live, sender)
    with sign_in(live).get(f"{live.web_url}/inbox/handoffs/{handoff_id}/events", stream=True, timeout=30) as events:
        lines = events.iter_lines()
        assert next(line for line in lines if line).startswith(b"data: ")
        forget_visitor(live.database_url, sender)
        assert [line for line in lines if line] == []  # the server closed the stream; no error was sent


def test_privacy_requests_are_answered_while_waiting_for_or_talking_with_a_rep(live):
    waiting = "private-while-waiting"
    live.say(waiting, "talk to a human")
    handoff_id, status = handoff_for(live, waiting)
    assert status == "queued" and live.say(waiting, "hello? anyone there?") == []  # the bot stays paused
    # Also for words that fill a slot as they arrive (found by chatting: a goal was answered through the pause,
    # a product question after it was not).
    assert live.say(waiting, "we want faster lead follow up") == []
    assert live.say(waiting, "does it integrate with slack?") == []
    assert "delete everything you've told me" in live.say(waiting, "please delete all my data")[0]["text"]
    assert live.say(waiting, "yes")[0]["text"]
    with session_scope(live.database_url) as session:
        repo = Repository(session)
        assert repo.get_lead(waiting) is None and repo.get_handoff(handoff_id) is None  # withdrawn from the queue
    assert [e for e in live.tracker(waiting)["events"] if e["event"] == "user"] == []

    talking = "private-with-a-rep"
    live.say(talking, "talk to a human")
    handoff_id, _ = handoff_for(live, talking)
    rita = sign_in(live)
    rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim", data={"csrf": csrf_of(rita, live, handoff_id)},
              timeout=10)
    assert handoff_for(live, talking)[1] == "assigned"
    assert live.say(talking, "what does it cost?") == []  # the rep answers that, not the bot
    assert live.say(talking, "please stop contacting me")[0]["text"].startswith("Understood. I won't ask")
    with session_scope(live.database_url) as session:
        assert Repository(session).get_lead(talking).opted_out
    known = live.say(talking, "what do you know about me?")[0]["text"]
    assert known.startswith("Here's what I have about you") and "- You asked us not to contact you" in known
    assert live.say(talking, "ok thanks") == []  # still the rep's conversation


def test_signing_out_or_a_new_password_revokes_the_session(live):
    rita = sign_in(live)
    cookie = rita.cookies.get("leadbot_session")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', rita.get(f"{live.web_url}/inbox", timeout=10).text)[1]
    assert rita.post(f"{live.web_url}/inbox/logout", data={"csrf": csrf}, allow_redirects=False,
                     timeout=10).status_code == 302
    replayed = requests.get(f"{live.web_url}/inbox/api/queue", cookies={"leadbot_session": cookie}, timeout=10)
    assert replayed.status_code == 401  # the cookie's signature is still valid; the server revoked it

    bob = sign_in(live, "bob@example.com")
    assert bob.get(f"{live.web_url}/inbox/api/queue", timeout=10).status_code == 200
    changed = subprocess.run([sys.executable, "-m", "bot", "reps", "password", "bob@example.com", "--password-stdin"],
                             input=PASSWORD + "\n", capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT,
                             env={**os.environ, "DATABASE_URL": live.database_url})
    assert changed.returncode == 0 and re.search(r"signed out of [1-9]\d* session", changed.stdout), changed.stderr
    assert bob.get(f"{live.web_url}/inbox/api/queue", timeout=10).status_code == 401


def test_sign_in_is_rate_limited(live):
    browser = requests.Session()
    statuses = [browser.post(f"{live.web_url}/inbox/login", data={"email": "bob@example.com", "password": "nope"},
                             timeout=10).status_code for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    locked = browser.post(f"{live.web_url}/inbox/login", data={"email": "bob@example.com", "password": PASSWORD},
                          allow_redirects=False, timeout=10)
    assert locked.status_code == 429


def test_visitor_text_is_escaped_in_the_inbox(live):
    sender = "xss-visitor"
    live.say(sender, "<script>alert(1)</script> we want <img src=x onerror=alert(1)> growth")
    live.say(sender, "talk to a human")
    handoff_id, _ = handoff_for(live, sender)
    page = sign_in(live).get(f"{live.web_url}/inbox/handoffs/{handoff_id}", timeout=10)
    assert "<script>alert(1)</script>" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_a_visitor_who_no_longer_needs_a_person_can_say_so(live):
    # Found by chatting: "actually nvm, what do you do?" typed while waiting got silence until a rep came.
    sender = "changed-their-mind"
    live.say(sender, "talk to a human")
    handoff_id, status = handoff_for(live, sender)
    assert status == "queued"
    replies = live.say(sender, "actually nvm, i don't need a person")
    assert "let the team know you don't need them" in replies[0]["text"]
    with session_scope(live.database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        assert (handoff.status, handoff.outcome) == ("closed", "withdrawn_by_visitor")
        assert {n.status for n in handoff.notifications} <= {"sent", "cancelled"}
    assert live.say(sender, "what do you do?")[0]["text"]  # the assistant is back
    rita = sign_in(live)
    refused = rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim",
                        data={"csrf": csrf_of(rita, live, handoff_id)}, timeout=10)
    assert refused.status_code == 409 and "no longer need a person" in refused.text
    assert handoff_for(live, sender)[1] == "closed"

    held = "changed-their-mind-too-late"
    live.say(held, "talk to a human")
    handoff_id, _ = handoff_for(live, held)
    rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim", data={"csrf": csrf_of(rita, live, handoff_id)},
              timeout=10)
    assert live.say(held, "never mind, i don't need a person") == []  # the rep is here: theirs to answer
    assert handoff_for(live, held)[1] == "assigned"


def test_nobody_claims_in_time_so_the_bot_comes_back(impatient):
    sender = "waiting-visitor"
    assert "asked someone" in impatient.say(sender, "i want to speak to a human")[0]["text"]
    assert wait_for(lambda: handoff_for(impatient, sender)[1] == "follow_up", seconds=30)
    assert wait_for(lambda: any("nobody from our team could pick this up" in (t or "")
                                for t in bot_texts(impatient, sender)))
    assert "Is it OK if I ask for your email" in bot_texts(impatient, sender)[-1]
    replies = impatient.say(sender, "yes")
    assert "best email address" in replies[0]["text"]
    assert "in touch at ana@example.com" in impatient.say(sender, "ana@example.com")[0]["text"]
    with session_scope(impatient.database_url) as session:
        lead = Repository(session).get_lead(sender)
        assert lead.email == "ana@example.com" and lead.consent_at is not None


def test_out_of_hours_offers_a_follow_up_instead(closed):
    sender = "night-owl"
    replies = closed.say(sender, "can i talk to a person")
    texts = [reply["text"] for reply in replies]
    assert "our team is offline right now" in texts[0]
    assert "Is it OK if I ask for your email" in texts[-1]
    assert handoff_for(closed, sender)[1] == "follow_up"
    assert closed.say(sender, "no thanks")[0]["text"] == "No problem at all. I won't ask for your details."


def test_a_consented_conversation_reaches_the_subscriber_signed_once_each(closed, subscriber):
    subscriber.answers = [(429, {"Retry-After": "1"})]  # the next delivery is refused once
    sender = "evented-visitor"
    closed.say(sender, "we want to automate our customer onboarding")
    closed.say(sender, "can i talk to a person")
    closed.say(sender, "yes")
    assert "in touch at sam@example.com" in closed.say(sender, "sam@example.com")[0]["text"]
    with session_scope(closed.database_url) as session:
        lead_id = Repository(session).get_lead(sender).public_id
    wanted = ["lead.created", "handoff.queued", "contact.consented"]

    def accepted() -> list[dict]:
        return [event for event in subscriber.accepted() if event["lead"]["id"] == lead_id]

    assert wait_for(lambda: len(accepted()) == len(wanted), seconds=40), subscriber.accepted()
    events = {event["type"]: event for event in accepted()}
    assert sorted(events) == sorted(wanted)  # each exactly once, the refused one included
    assert 429 in [delivery["status"] for delivery in subscriber.deliveries]
    assert "automate our customer onboarding" in events["lead.created"]["data"]["facts"]["goal"]
    assert events["handoff.queued"]["data"]["status"] == "follow_up"
    assert events["handoff.queued"]["data"]["summary"] is None  # asked before they consented
    assert "sam@example.com" not in json.dumps([events["lead.created"], events["handoff.queued"]])
    assert events["contact.consented"]["lead"]["email"] == "sam@example.com"
    verify = documented_verify()
    assert all(verify(EVENT_SECRET, delivery["headers"], delivery["raw"]) for delivery in subscriber.deliveries)

    closed.say(sender, "please delete my data")
    closed.say(sender, "yes")
    assert wait_for(lambda: "visitor.forgotten" in [event["type"] for event in accepted()], seconds=20)
    assert accepted()[-1] == {**accepted()[-1], "lead": {"id": lead_id}, "data": {}}


def test_a_consented_conversation_reaches_hubspot_and_salesforce_once_and_forgetting_deletes_it(closed, crms):
    hubspot, salesforce = crms["hubspot"], crms["salesforce"]
    hubspot.answers = [(429, {"Retry-After": "1"}, {"status": "error", "errorType": "RATE_LIMIT",
                                                      "message": "You have reached your secondly limit."})]
    sender = "crm-visitor"
    closed.say(sender, "we need pipeline visibility, our forecasts are guesswork")
    closed.say(sender, "can i talk to a person")
    closed.say(sender, "yes")
    assert "in touch at lee@example.com" in closed.say(sender, "lee@example.com")[0]["text"]
    with session_scope(closed.database_url) as session:
        public_id = Repository(session).get_lead(sender).public_id

    def synced() -> bool:  # other tests' visitors have notes too: wait for this contact's own
        contact = hubspot.contact_by_email("lee@example.com")
        return bool(contact and any(n["contacts"] == [contact["id"]] for n in hubspot.notes)
                    and public_id in salesforce.leads)

    assert wait_for(synced, seconds=40), (hubspot.requests, salesforce.requests)
    contact = hubspot.contact_by_email("lee@example.com")
    assert [c for c in hubspot.contacts.values() if c["properties"]["email"] == "lee@example.com"] == [contact]
    assert 429 in [request["status"] for request in hubspot.requests]
    assert contact["properties"]["leadbot_goal"] == "we need pipeline visibility"
    assert contact["properties"]["leadbot_challenge"] == "our forecasts are guesswork"
    [note] = [n for n in hubspot.notes if n["contacts"] == [contact["id"]]]
    assert f"{closed.web_url}/inbox/handoffs/" in note["properties"]["hs_note_body"]
    assert salesforce.leads[public_id]["Email"] == "lee@example.com"

    closed.say(sender, "please delete my data")
    closed.say(sender, "yes")
    assert wait_for(lambda: contact["id"] in hubspot.deleted and public_id in salesforce.deleted, seconds=30)


def test_a_rep_sees_failing_deliveries_and_retries_them(closed, subscriber):
    subscriber.answers = [(500, {})] * 3
    sender = "evented-optout"
    closed.say(sender, "please don't email me")
    assert wait_for(lambda: sum(d["status"] == 500 for d in subscriber.deliveries) >= 1)
    rita = sign_in(closed)
    page = rita.get(f"{closed.web_url}/inbox/deliveries", timeout=10)
    assert page.ok and "retrying" in page.text and "answered 500" in page.text
    delivery_id = int(re.search(r'/inbox/deliveries/(\d+)/retry', page.text).group(1))
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    subscriber.answers = []
    assert rita.post(f"{closed.web_url}/inbox/deliveries/{delivery_id}/retry", data={"csrf": csrf},
                     timeout=10).ok
    assert wait_for(lambda: "Every event arrived." in rita.get(f"{closed.web_url}/inbox/deliveries",
                                                              timeout=10).text)
    missing = rita.post(f"{closed.web_url}/inbox/deliveries/{delivery_id}/retry", data={"csrf": csrf},
                        allow_redirects=False, timeout=10)
    assert missing.status_code == 404


def test_a_rep_closes_a_live_chat_and_the_visitor_rates_it(live):
    sender = "rating-visitor"
    live.say(sender, "can i talk to a person")
    handoff_id, _ = handoff_for(live, sender)
    rita = sign_in(live)
    csrf = csrf_of(rita, live, handoff_id)
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim", data={"csrf": csrf}, timeout=10).ok
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/reply",
                     data={"csrf": csrf, "text": "Sorry, I have to run."}, timeout=10).ok
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/close",
                     data={"csrf": csrf, "outcome": "no_response", "notes": ""}, timeout=10).ok
    # Closing a chat the rep held gives it back to the bot, which asks for a rating (before: it stayed paused).
    ask = [e for e in live.tracker(sender)["events"] if e["event"] == "bot"][-1]
    assert ask["text"].startswith("Rita Rep has closed this chat.")
    buttons = [button["payload"] for button in ask["data"]["buttons"]]
    assert buttons[1] == '/rate_conversation{"conversation_rating": "2"}' and len(buttons) == 5

    assert "What could we have done better?" in live.say(sender, buttons[1])[0]["text"]
    thanks = live.say(sender, "you left before answering my question about seats")
    assert "The team will read that." in thanks[0]["text"]
    assert "automated assistant" in live.say(sender, "are you a bot?")[0]["text"]  # the bot is back
    with session_scope(live.database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        assert (handoff.rating, handoff.rating_comment) == (2, "you left before answering my question about seats")
    rows = rita.get(f"{live.web_url}/inbox/export/handoffs.csv", timeout=10).text
    assert "you left before answering my question about seats" in rows and "rating" in rows.splitlines()[0]


def test_a_good_rating_is_thanked_and_a_closed_waiting_chat_comes_back_to_the_bot(live):
    rita = sign_in(live)
    sender = "waiting-visitor"
    live.say(sender, "can i talk to a person")
    handoff_id, _ = handoff_for(live, sender)
    csrf = csrf_of(rita, live, handoff_id)
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/close",  # never claimed: no chat to rate
                     data={"csrf": csrf, "outcome": "not_a_fit", "notes": ""}, timeout=10).ok
    assert "You're back with the assistant. How else can I help?" in bot_texts(live, sender)
    assert "automated assistant" in live.say(sender, "are you a bot?")[0]["text"]

    sender = "happy-visitor"
    live.say(sender, "can i talk to a person")
    handoff_id, _ = handoff_for(live, sender)
    csrf = csrf_of(rita, live, handoff_id)
    rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim", data={"csrf": csrf}, timeout=10)
    rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/close",
              data={"csrf": csrf, "outcome": "qualified", "notes": ""}, timeout=10)
    assert live.say(sender, '/rate_conversation{"conversation_rating": "5"}')[0]["text"] == (
        "Thank you! I'll pass that on to Rita Rep. I'm still here if anything else comes up.")
    with session_scope(live.database_url) as session:
        assert Repository(session).get_handoff(handoff_id).rating == 5
    changed = live.say(sender, '/rate_conversation{"conversation_rating": "1"}')  # another button: it replaces
    assert "What could we have done better?" in changed[0]["text"]
    assert "No problem" in live.say(sender, "skip")[0]["text"]
    with session_scope(live.database_url) as session:
        handoff = Repository(session).get_handoff(handoff_id)
        assert (handoff.rating, handoff.rating_comment) == (1, None)


def test_notes_are_for_the_team_only(live):
    sender = "noted-visitor"
    live.say(sender, "can i talk to a person")
    handoff_id, _ = handoff_for(live, sender)
    rita = sign_in(live)  # (bob is locked out by the sign-in throttle test above)
    csrf = csrf_of(rita, live, handoff_id)
    note = "Budget <b>approved</b>; wants SSO. Bob: pricing call?"
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/notes", data={"csrf": csrf, "text": note},
                     timeout=10).ok
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/claim", data={"csrf": csrf}, timeout=10).ok
    assert rita.post(f"{live.web_url}/inbox/handoffs/{handoff_id}/reply", data={"csrf": csrf, "text": "Hello!"},
                     timeout=10).ok
    lines = rita.get(f"{live.web_url}/inbox/api/handoffs/{handoff_id}/transcript", timeout=10).json()["lines"]
    assert [(line["who"], line["text"]) for line in lines if line["who"] in ("note", "rep")] == [
        ("note", note), ("rep", "Rita Rep from our team has joined the chat."), ("rep", "Hello!")]
    page = rita.get(f"{live.web_url}/inbox/handoffs/{handoff_id}", timeout=10).text
    assert "Note · Rita Rep" in page and "Budget &lt;b&gt;approved&lt;/b&gt;" in page
    assert all(note not in str(event) for event in live.tracker(sender)["events"])  # never in the conversation


def test_an_admin_manages_the_team_and_a_rep_cannot(live):
    rita = sign_in(live)  # an admin
    page = rita.get(f"{live.web_url}/inbox/team", timeout=10).text
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert "Add a rep" in page and "Rita Rep" in page and "everyone else" in page
    for form, problem in (({"email": "nope", "name": "N", "password": "x" * 12}, "email address"),
                          ({"email": "n@example.com", "name": " ", "password": "x" * 12}, "name"),
                          ({"email": "n@example.com", "name": "N", "password": "short"}, "at least 10"),
                          ({"email": "rita@example.com", "name": "R", "password": "x" * 12}, "already exists")):
        bad = rita.post(f"{live.web_url}/inbox/team/reps", data={"csrf": csrf, **form}, timeout=10)
        assert bad.status_code == 400 and problem in bad.text, form
    added = rita.post(f"{live.web_url}/inbox/team/reps", data={
        "csrf": csrf, "email": "Nia@Example.com", "name": "Nia <i>N</i>", "password": "a long first password"},
        timeout=10)
    assert added.ok and "Nia &lt;i&gt;N&lt;/i&gt;" in added.text
    nia = sign_in(live, "nia@example.com", "a long first password")
    with session_scope(live.database_url) as session:
        repo = Repository(session)
        nia_id, rita_id = repo.get_rep_by_email("nia@example.com").id, repo.get_rep_by_email("rita@example.com").id
    nia_csrf = re.search(r'name="csrf" value="([0-9a-f]+)"',
                         nia.get(f"{live.web_url}/inbox/team", timeout=10).text).group(1)
    for path, data in (("/inbox/team/reps", {"email": "x@example.com", "name": "X", "password": "x" * 12}),
                       (f"/inbox/team/reps/{rita_id}/remove", {}),
                       (f"/inbox/team/reps/{nia_id}/admin", {"admin": "yes"})):
        refused = nia.post(f"{live.web_url}{path}", data={"csrf": nia_csrf, **data}, timeout=10)
        assert refused.status_code == 403 and "only an admin" in refused.text, path
    assert rita.post(f"{live.web_url}/inbox/team/reps/{rita_id}/remove", data={"csrf": csrf},
                     timeout=10).status_code == 400  # not yourself
    assert rita.post(f"{live.web_url}/inbox/team/reps/{rita_id}/admin", data={"csrf": csrf, "admin": "no"},
                     timeout=10).status_code == 400
    for bad_id in ("abc", "-1", "9" * 40):
        assert rita.post(f"{live.web_url}/inbox/team/reps/{bad_id}/remove", data={"csrf": csrf},
                         timeout=10).status_code == 404
    assert rita.post(f"{live.web_url}/inbox/team/reps/999999/remove", data={"csrf": csrf},
                     timeout=10).status_code == 404
    assert rita.post(f"{live.web_url}/inbox/team/reps/{nia_id}/admin", data={"csrf": csrf, "admin": "maybe"},
                     timeout=10).status_code == 400
    assert rita.post(f"{live.web_url}/inbox/team/reps/{nia_id}/remove", data={"csrf": csrf}, timeout=10).ok
    assert nia.get(f"{live.web_url}/inbox/api/queue", timeout=10).status_code == 401  # signed out for good
