"""The rep's desk in a real browser, with a visitor in another: a new conversation is flagged live, saved
replies and keyboard shortcuts work, notes never reach the visitor, and closing asks the visitor for a rating."""

from __future__ import annotations

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


def test_a_rep_works_a_conversation_from_the_keyboard(browser, site):
    rep_context, rep = _signed_in(browser, site, "rita@example.com")
    alerts = rep.get_by_role("button", name="Turn on alerts")
    alerts.click()
    assert rep.get_by_role("button", name="Turn off alerts").get_attribute("aria-pressed") == "true"

    visitor_context, visitor = open_chat(browser, site.web_url)
    say(visitor, "hi, we want to automate our customer onboarding")
    wait_for_bot(visitor, "standing in the way")
    say(visitor, "can i talk to a person")
    wait_for_bot(visitor, "asked someone from our team to join")

    new_row = rep.locator("#queue tr.new", has_text="asked for a person").first  # arrived while the page was open
    new_row.wait_for()
    assert "new" in new_row.locator(".badge").inner_text()
    new_row.locator("a").click()
    rep.locator("#transcript .visitor", has_text="can i talk to a person").wait_for()

    rep.keyboard.press("Alt+Shift+C")  # claim
    wait_for_bot(visitor, "Rita Rep from our team has joined the chat.")
    assert visitor.locator(".lb-rep .lb-who").first.inner_text() == "Rita Rep"  # who is talking

    visitor.get_by_label("Your message").press_sequentially("we have 40 people", delay=30)  # typing, not sent
    rep.get_by_text("The visitor is typing…").wait_for()
    rep.get_by_label("Reply", exact=True).press_sequentially("Thanks", delay=30)
    visitor.get_by_text("Rita Rep is typing…").wait_for()
    rep.get_by_label("Reply", exact=True).fill("")
    rep.get_by_label("Saved reply").select_option(label="Check the goal")
    reply = rep.get_by_label("Reply", exact=True)
    assert reply.input_value().startswith("You mentioned you want to automate your customer onboarding.")
    assert reply.evaluate("element => element === document.activeElement")
    reply.press("Enter")
    wait_for_bot(visitor, "You mentioned you want to automate your customer onboarding.")

    rep.keyboard.press("Alt+Shift+N")
    rep.keyboard.type("Wants onboarding in weeks, not months; budget unknown")
    rep.keyboard.press("Enter")
    rep.locator("#transcript .note", has_text="budget unknown").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    rep.screenshot(path=str(ARTIFACTS / "inbox-conversation-with-note.png"), full_page=True)

    rep.get_by_label("Outcome").select_option("qualified")
    rep.get_by_role("button", name="Close").click()
    wait_for_bot(visitor, "Rita Rep has closed this chat.")
    visitor.get_by_role("button", name="4", exact=True).click()
    wait_for_bot(visitor, "I'll pass that on to Rita Rep")
    assert "budget unknown" not in visitor.locator(".lb-log").inner_text()
    visitor_context.close()
    rep_context.close()


def _signed_in(browser, site, email):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in_rep(page, site.web_url, email)
    return context, page


def test_a_conversation_is_offered_to_one_online_rep_who_passes_it_on(browser, site):
    rita_context, rita = _signed_in(browser, site, "rita@example.com")
    sam_context, sam = _signed_in(browser, site, "sam@example.com")  # both online now
    visitor_context, visitor = open_chat(browser, site.web_url)
    say(visitor, "we are a 40 person agency, can i talk to a person")
    wait_for_bot(visitor, "asked someone from our team to join")

    this_visitor = queue_label(visitor)
    rita.locator("#queue tr", has_text=this_visitor).wait_for()
    rita.wait_for_timeout(2500)  # both queues are live
    mine = [page for page in (rita, sam)
            if page.locator("#queue tr", has_text=this_visitor).filter(has_text="offered to you").count()]
    assert len(mine) == 1  # meant for exactly one of them; the other sees whose it is
    holder, other = (rita, sam) if mine[0] is rita else (sam, rita)
    other_name = "Sam Rep" if holder is rita else "Rita Rep"
    holder_name = "Rita Rep" if holder is rita else "Sam Rep"
    assert other.locator("#queue tr", has_text=this_visitor).filter(has_text=f"offered to {holder_name}").count() == 1

    holder.locator("#queue tr", has_text=this_visitor).locator("a").click()
    holder.get_by_role("button", name="Claim").click()
    wait_for_bot(visitor, f"{holder_name} from our team has joined the chat.")
    holder.get_by_label("Pass to").select_option(label=f"{other_name} (online)")
    holder.get_by_label("Note for them").fill("Agency of 40, wants a demo next week")
    holder.get_by_role("button", name="Pass it on").click()
    wait_for_bot(visitor, f"{other_name} from our team has joined the chat.")
    other.goto(holder.url)
    other.locator("#transcript .note", has_text=f"Passed to {other_name}: Agency of 40").wait_for()
    assert other.get_by_role("button", name="Pass it on").count() == 1  # theirs now
    for context in (visitor_context, rita_context, sam_context):
        context.close()


def test_an_admin_adds_a_rep_and_removing_one_asks_first(browser, site):
    context, rita = _signed_in(browser, site, "rita@example.com")
    rita.goto(f"{site.web_url}/inbox/team")
    rita.get_by_label("Email").fill("tess@example.com")
    rita.get_by_label("Name (visitors see it)").fill("Tess Temp")
    rita.get_by_label("First password").fill("a long first password")
    rita.get_by_role("button", name="Add", exact=True).click()
    remove = rita.get_by_role("button", name="Remove Tess Temp")
    asked = []
    rita.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    remove.click()
    assert asked and "Remove Tess Temp?" in asked[0]
    assert remove.count() == 1  # said no: still there
    rita.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    rita.wait_for_url(f"{site.web_url}/inbox/team")
    rita.get_by_text("tess@example.com").wait_for(state="detached")
    context.close()
