"""The website widget in a real browser (Debian's chromium driven by Playwright) against the real stack."""

from __future__ import annotations

from bot.db.engine import session_scope
from bot.db.repository import Repository
from tests.support.browser_pages import (
    ARTIFACTS,
    BROWSER_TEST,
    TIMEOUT_MS,
    open_chat,
    queue_label,
    say,
    sign_in_rep,
    wait_for_bot,
)

pytestmark = BROWSER_TEST


def test_discovery_to_recommendation_with_a_button_then_reload(visitor, site):
    say(visitor, "hi")
    wait_for_bot(visitor, "What are you trying to achieve right now?")
    say(visitor, "we want to automate our customer onboarding")
    wait_for_bot(visitor, "standing in the way")
    say(visitor, "it's all manual and in spreadsheets")
    wait_for_bot(visitor, "Did I get that right?")
    visitor.get_by_role("button", name="Yes", exact=True).click()
    wait_for_bot(visitor, "What's your role?")
    say(visitor, "head of operations")
    wait_for_bot(visitor, "how many people")
    say(visitor, "about 120 people")
    wait_for_bot(visitor, "when are you hoping")
    say(visitor, "no rush really")
    wait_for_bot(visitor, "I picked it because")
    link = visitor.locator(".lb-bot a.lb-link").first
    assert link.get_attribute("rel") == "noopener noreferrer" and link.get_attribute("target") == "_blank"
    assert link.get_attribute("href").startswith("https://northwind-flow.example/")

    ARTIFACTS.mkdir(exist_ok=True)
    visitor.screenshot(path=str(ARTIFACTS / "widget-desktop.png"))
    before = visitor.locator(".lb-msg").count()
    visitor.reload()
    visitor.locator(".lb-bubble", has_text="I picked it because").first.wait_for()
    assert visitor.locator(".lb-msg").count() == before
    if visitor.get_by_label("Your message").is_hidden():
        visitor.get_by_role("button", name="Chat with us").click()
    say(visitor, "thanks")
    wait_for_bot(visitor, "You're welcome")


def test_a_visitor_books_a_call_in_their_own_timezone(browser, site):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{site.web_url}/")
    page.get_by_role("button", name="Chat with us").click()
    say(page, "can I see a demo?")
    wait_for_bot(page, "These times are free (Asia/Tokyo)")  # the widget told the assistant its timezone
    choices = page.locator(".lb-choice")
    assert choices.count() == 4 and choices.nth(3).inner_text() == "Other times"
    picked = choices.first.inner_text()
    choices.first.click()
    wait_for_bot(page, "What email should I send the calendar invitation to?")
    say(page, "kai@example.jp")
    wait_for_bot(page, "You're booked: Rita Rep will call you on")
    booked = page.locator(".lb-bot .lb-bubble").last.inner_text()
    day, clock = picked.split(", ")
    assert f"{clock} (Asia/Tokyo)" in booked and day.split()[1] in booked
    context.close()


def test_phone_viewport_and_keyboard_only(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{site.web_url}/")
    toggle = page.get_by_role("button", name="Chat with us")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.type("hi")
    page.keyboard.press("Enter")
    wait_for_bot(page, "What are you trying to achieve right now?")
    box = page.locator(".lb-panel").bounding_box()
    assert box["width"] <= 375 and box["x"] >= 0
    assert page.get_by_role("log").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    context.close()


def test_rep_takes_over_and_hands_back(visitor, browser, site, dialogs):
    hostile = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>']
    for text in hostile:
        say(visitor, text)
        visitor.locator(".lb-visitor .lb-bubble", has_text=text).wait_for()
    say(visitor, "can i talk to a person")
    wait_for_bot(visitor, "asked someone from our team to join")

    rep_context = browser.new_context()
    rep = rep_context.new_page()
    rep.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    rep.set_default_timeout(TIMEOUT_MS)
    sign_in_rep(rep, site.web_url)
    rep.locator("#queue tr", has_text=queue_label(visitor)).locator("a").click()  # not another test's visitor
    for text in hostile:
        rep.locator("#transcript .visitor .text", has_text=text).first.wait_for()
    rep.get_by_role("button", name="Claim").click()
    wait_for_bot(visitor, "Rita Rep from our team has joined the chat.")
    rep.get_by_placeholder("Reply to the visitor").fill("Hi, I'm Rita. How can I help?")
    rep.get_by_role("button", name="Send").click()
    wait_for_bot(visitor, "Hi, I'm Rita. How can I help?")
    rep.get_by_role("button", name="Hand back to the bot").click()
    wait_for_bot(visitor, "You're back with the assistant")
    say(visitor, "are you a bot?")
    wait_for_bot(visitor, "automated assistant")
    assert dialogs == []
    assert visitor.locator(".lb-root img").count() == 0 and rep.locator("main img").count() == 0
    rep_context.close()


def test_the_rep_sees_where_the_visitor_came_from_and_where_they_are(browser, site):
    visitor_context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = visitor_context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{site.web_url}/?utm_source=linkedin&utm_campaign=q4-churn&email=dana@private.example",
              referer="https://www.linkedin.com/feed/?trk=secret-token")
    page.get_by_role("button", name="Chat with us").click()
    say(page, "hi")
    wait_for_bot(page, "What are you trying to achieve right now?")
    page.get_by_role("link", name="Pricing").click()  # another page of the site: the widget reconnects
    page.wait_for_url(f"{site.web_url}/pricing")
    if page.get_by_label("Your message").is_hidden():
        page.get_by_role("button", name="Chat with us").click()
    say(page, "can i talk to a person")
    wait_for_bot(page, "asked someone from our team to join")

    rep_context = browser.new_context(viewport={"width": 1280, "height": 900})
    rep = rep_context.new_page()
    rep.set_default_timeout(TIMEOUT_MS)
    sign_in_rep(rep, site.web_url)
    row = rep.locator("#queue tr", has_text="from linkedin / q4-churn").first
    row.wait_for()
    assert "Pricing · Workflow automation" in row.inner_text() and "America/New_York" in row.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    rep.screenshot(path=str(ARTIFACTS / "inbox-queue.png"), full_page=True)
    row.locator("a").first.click()
    card = rep.locator(".lead-card")
    card.get_by_text("https://www.linkedin.com/feed/").wait_for()
    text = card.inner_text()
    assert "Northwind Flow · Workflow automation" in text  # the first page, where they arrived
    assert card.get_by_role("link", name="Pricing · Workflow automation for revenue teams").get_attribute(
        "href") == f"{site.web_url}/pricing"
    assert "en-US" in text and "(America/New_York)" in text
    assert "dana@private.example" not in rep.content() and "secret-token" not in rep.content()
    rep.screenshot(path=str(ARTIFACTS / "inbox-card.png"), full_page=True)
    rep_context.close()
    visitor_context.close()


def test_a_page_with_its_own_opening(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{site.web_url}/pricing")
    page.wait_for_timeout(1500)  # the widget connects and hears this page's opening
    page.get_by_role("button", name="Chat with us").click()
    wait_for_bot(page, "Comparing plans? I can help you find the one that fits")
    say(page, "hi")
    wait_for_bot(page, "What would you like your team to get done with Northwind Flow?")
    say(page, "we want onboarding to run itself")
    wait_for_bot(page, "standing in the way")  # the conversation goes on as anywhere else
    context.close()


def test_the_visitor_sees_and_corrects_what_the_rep_will_see(browser, site):
    context, page = open_chat(browser, site.web_url)
    say(page, "we want to automate our customer onboarding")
    wait_for_bot(page, "standing in the way")
    say(page, "can i talk to a person")
    wait_for_bot(page, "asked someone from our team to join")
    card = page.locator(".lb-card")
    card.get_by_text("automate our customer onboarding").wait_for()  # opened for them at the handoff
    card.get_by_role("button", name="Change Goal").click()
    card.get_by_label("Goal").fill("cut onboarding from weeks to <b>days</b>")
    card.get_by_role("button", name="Save").click()
    card.get_by_text("(your correction)").wait_for()
    card.get_by_role("button", name="Done").click()
    assert card.is_hidden()
    page.get_by_role("button", name="What we know").click()
    card.get_by_text("cut onboarding from weeks to <b>days</b>").wait_for()  # shown as text, never as markup
    assert card.locator("b").count() == 0

    rep_context = browser.new_context()
    rep = rep_context.new_page()
    rep.set_default_timeout(TIMEOUT_MS)
    sign_in_rep(rep, site.web_url)
    with session_scope(site.database_url) as session:  # this visitor's conversation, among the site's others
        [handoff_id] = [h.id for h in Repository(session).list_handoffs()
                        if Repository(session).latest_facts(h.lead.sender_id).get("goal", "").startswith("cut onb")]
    rep.goto(f"{site.web_url}/inbox/handoffs/{handoff_id}")
    lead = rep.locator(".lead-card")
    lead.get_by_text("(corrected by the visitor)").first.wait_for()
    assert "cut onboarding from weeks to <b>days</b>" in lead.inner_text()

    # How to contact them: said nowhere in the chat, added on the card, and the rep's desk keeps to it.
    card.get_by_role("button", name="Add: how to contact you").click()
    field = card.get_by_label("How to contact you")
    assert field.get_attribute("placeholder")
    field.fill("whenever")
    card.get_by_role("button", name="Save").click()
    card.get_by_text("couldn't read that as how to contact you").wait_for()
    field.fill("email only please, no calls")
    card.get_by_role("button", name="Save").click()
    card.get_by_text("email only, no calls").wait_for()
    rep.reload()
    rep.locator(".contact-preferences").get_by_text("prefers email, no calls").wait_for()
    assert "(set by the visitor)" in rep.locator(".contact-preferences").inner_text()
    rep.get_by_role("button", name="Claim").click()
    rep.get_by_label("Reply", exact=True).fill("Could we hop on a quick call tomorrow?")
    rep.get_by_role("button", name="Send").click()
    rep.get_by_text("Not sent: they asked not to be called").wait_for()
    rep_context.close()
    context.close()
