"""Proactive prompts in a real browser: offered once a visit after the quiet seconds, never again after a
dismissal, never to a visitor who said they were just browsing; counted anonymously for the report."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.engine import session_scope
from bot.db.models import PromptCount
from tests.browser.test_accessibility import violations
from tests.support.browser_pages import ARTIFACTS, BROWSER_TEST, TIMEOUT_MS, say, wait_for_bot

pytestmark = BROWSER_TEST
PROMPT = "Comparing plans? I can help you work out which one fits."


def _page(context, site, path="/pricing"):
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{site.web_url}{path}")
    return page


def _no_prompt_for(page, seconds: float = 7.5) -> bool:
    page.wait_for_timeout(seconds * 1000)
    return page.locator(".lb-prompt").count() == 0


def test_a_prompt_is_offered_once_and_never_after_dismissal(browser, site):
    context = browser.new_context(bypass_csp=True, reduced_motion="reduce")
    page = _page(context, site)
    page.wait_for_timeout(3000)
    assert page.locator(".lb-prompt").count() == 0  # never in the quiet seconds
    offer = page.get_by_role("button", name=PROMPT)
    offer.wait_for()
    assert violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-prompt.png"))
    page.get_by_role("button", name="Dismiss").click()
    assert page.locator(".lb-prompt").count() == 0
    assert _no_prompt_for(_page(context, site))  # a new visit (tab), within the quiet days: nothing
    context.close()


def test_an_opened_prompt_starts_the_chat_and_just_browsing_ends_prompts(browser, site):
    keen = browser.new_context()
    page = _page(keen, site)
    page.get_by_role("button", name=PROMPT).click()
    wait_for_bot(page, PROMPT)  # the prompt is the assistant's first line
    page.get_by_role("button", name="Close chat").click()
    _page(keen, site).get_by_role("button", name=PROMPT).wait_for()  # next visit: offered again
    assert _no_prompt_for(page, 2)  # but not again in the same visit
    keen.close()

    browsing = browser.new_context()
    page = _page(browsing, site)
    page.get_by_role("button", name=PROMPT).click()
    say(page, "just browsing thanks")
    wait_for_bot(page, "take your time and look around")
    page.get_by_role("button", name="Close chat").click()
    assert _no_prompt_for(_page(browsing, site))  # next visit: the server sends no prompts
    browsing.close()

    with session_scope(site.database_url) as session:
        counts = list(session.scalars(select(PromptCount).where(PromptCount.prompt_id == "quick-pricing")))
    assert sum(c.shown for c in counts) >= 3 and sum(c.opened for c in counts) >= 2
    assert sum(c.dismissed for c in counts) >= 1
