"""The meeting emails' wording: the shipped file is valid, and mistakes are named for a marketer."""

import pytest

from bot.meetings.email_wording import EmailWordingError, load_email_wording
from bot.paths import MEETING_EMAILS_FILE


def test_the_shipped_wording_loads():
    wording = load_email_wording()
    assert set(wording.emails) == {"visitor_invite", "rep_invite", "visitor_cancel", "rep_cancel"}


@pytest.mark.parametrize("change, problem", [
    (("Thanks for booking a call, {visitor}.", "Thanks, {visitor_name}."), "unknown placeholder {visitor_name}"),
    (("    {rep} will call you", "    {rep will call you"), "written twice"),
    (("rep_cancel:", "rep_cancelled:"), "rep_cancel: missing"),
    (('title: "Northwind Flow: call with {rep}"', "title: {manage_link}"), "title"),
])
def test_a_mistake_names_where_it_is(tmp_path, change, problem):
    path = tmp_path / "meeting_emails.yml"
    path.write_text(MEETING_EMAILS_FILE.read_text().replace(*change))
    with pytest.raises(EmailWordingError, match=problem):
        load_email_wording(path)
