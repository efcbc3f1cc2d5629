"""What the browser tests do on a page: type to the widget, wait for the bot, sign a rep in."""

from __future__ import annotations

import os

import pytest

from bot.paths import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
PASSWORD = "correct horse battery"
TIMEOUT_MS = 20_000
QUICK_PROMPTS = PROJECT_ROOT / "tests" / "support" / "quick_prompts.yml"  # a prompt after 5 s on /pricing
BROWSER_TEST = [
    pytest.mark.e2e, pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("SKIP_BROWSER_TESTS") == "1", reason="SKIP_BROWSER_TESTS=1"),
]


def say(page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")


def wait_for_bot(page, text: str) -> None:
    page.locator(".lb-bot .lb-bubble", has_text=text).last.wait_for()


def sign_in_rep(page, web_url: str, email: str = "rita@example.com") -> None:
    """Sign a rep in (Rita unless `email` names another) and wait for the queue."""
    page.goto(f"{web_url}/inbox")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{web_url}/inbox")


def queue_label(visitor_page) -> str:
    """How the rep's queue names this visitor (other tests' visitors may be waiting too)."""
    token = visitor_page.evaluate("""() => JSON.parse(Object.entries(localStorage)
        .find(([key]) => key.endsWith(":session"))[1])""")
    return f"Visitor {token[:8]}"


def open_chat(browser, web_url: str, path: str = "/"):
    """A new visitor (their own browser context) on a page of the site, with the chat open: (context, page)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{web_url}{path}")
    page.get_by_role("button", name="Chat with us").click()
    return context, page
