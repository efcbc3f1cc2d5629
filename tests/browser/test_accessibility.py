"""WCAG 2.1 AA, checked by axe-core in a real browser: the demo site with the widget open mid-conversation,
and every inbox page a rep uses."""

from __future__ import annotations

import pytest

from bot.paths import PROJECT_ROOT
from tests.support.browser_pages import BROWSER_TEST, TIMEOUT_MS, say, sign_in_rep, wait_for_bot

pytestmark = BROWSER_TEST
AXE = PROJECT_ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async tags => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
    .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""


def violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci in widget/)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, WCAG_21_AA)


@pytest.fixture
def context(browser):
    # axe is injected as an inline script, which the pages' Content-Security-Policy rightly forbids. Reduced
    # motion: a message still fading in would be measured at part opacity (a false contrast failure).
    opened = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    opened.set_default_timeout(TIMEOUT_MS)
    yield opened
    opened.close()


def test_the_site_and_the_widget_mid_conversation(context, site):
    page = context.new_page()
    page.goto(f"{site.web_url}/")
    assert violations(page) == []  # widget closed
    page.get_by_role("button", name="Chat with us").click()
    say(page, "hi")
    wait_for_bot(page, "What are you trying to achieve right now?")
    say(page, "we want to automate our customer onboarding")
    wait_for_bot(page, "standing in the way")
    say(page, "it's all manual and in spreadsheets")
    wait_for_bot(page, "Did I get that right?")  # with Yes / No buttons
    assert violations(page) == []
    page.get_by_role("link", name="Pricing").click()
    page.wait_for_url(f"{site.web_url}/pricing")
    page.locator(".lb-bubble", has_text="Did I get that right?").first.wait_for()
    assert violations(page) == []
    page.get_by_role("button", name="What we know").click()  # the visitor's card, a line being changed
    page.get_by_role("button", name="Change Goal").click()
    page.locator(".lb-card-edit").wait_for()
    assert violations(page) == []


def test_every_inbox_page(context, site):
    visitor = context.new_page()
    visitor.goto(f"{site.web_url}/")
    visitor.get_by_role("button", name="Chat with us").click()
    say(visitor, "can i talk to a person")
    wait_for_bot(visitor, "asked someone from our team to join")

    rep = context.new_page()
    rep.goto(f"{site.web_url}/inbox/login")
    assert violations(rep) == []
    sign_in_rep(rep, site.web_url)
    rep.locator("#queue a").first.wait_for()
    assert violations(rep) == []
    rep.locator("#queue a").first.click()
    rep.locator("#transcript .visitor").first.wait_for()
    assert violations(rep) == []
    for path in ("/inbox/meetings", "/inbox/review", "/inbox/deliveries", "/inbox/team", "/inbox/search?q=person"):
        rep.goto(f"{site.web_url}{path}")
        assert violations(rep) == [], path
