"""Shared by the browser tests: Debian's chromium driven by Playwright, and one real stack for them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db.engine import session_scope
from bot.db.meeting_repository import MeetingRepository
from bot.db.repository import Repository
from bot.handoff.availability import DAY_NAMES
from bot.meetings.weekly_hours import parse_weekly_hours
from bot.passwords import hash_password
from bot.runtime.stack_process import start_stack
from tests.support.browser_pages import CHROMIUM, PASSWORD, QUICK_PROMPTS, TIMEOUT_MS
from tests.support.databases import fresh_database
from tests.support.receivers import smtp_server


@pytest.fixture(scope="package")
def site(trained_model, tmp_path_factory):
    """The whole product (web app, Rasa, action server) with one rep, Rita, available around the clock."""
    tmp_dir = tmp_path_factory.mktemp("browser")
    with fresh_database(tmp_dir) as url, smtp_server() as (smtp_port, _mails):
        with session_scope(url) as session:
            rita = Repository(session).add_rep("rita@example.com", "Rita Rep", hash_password(PASSWORD), is_admin=True)
            Repository(session).add_rep("sam@example.com", "Sam Rep", hash_password(PASSWORD))
            hours = parse_weekly_hours("Europe/London", {day: "00:00-24:00" for day in DAY_NAMES})
            MeetingRepository(session).save_schedule(rita.id, hours.zone.key, hours.to_json(), 30, 0)
        env = {"CLAIM_TIMEOUT_MINUTES": "30", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port),
               "SMTP_STARTTLS": "false", "PROMPTS_FILE": str(QUICK_PROMPTS)}
        with start_stack(trained_model, url, tmp_dir, env) as running:
            yield running


@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (or set SKIP_BROWSER_TESTS=1)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        yield launched
        launched.close()


@pytest.fixture
def dialogs():
    return []


@pytest.fixture
def visitor(browser, site, dialogs):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{site.web_url}/")
    page.get_by_role("button", name="Chat with us").click()
    yield page
    context.close()
