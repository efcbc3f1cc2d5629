"""Contact preferences heard in a visitor's words, shown in one line, and what they forbid."""

from datetime import date

import pytest

from bot.handoff.reply_contact import contacts_offered
from bot.profile.contact_preferences import (
    ANY_CHANNEL,
    CHAT_ONLY,
    CONTENT_ONLY,
    EMAIL_ONLY,
    PHONE_ONLY,
    ContactPreferences,
    asks_for_a_call,
    for_reps,
    for_visitor,
    hear_contact_preferences,
    merged,
    sounds_like_contact_wish,
)
from bot.profile.contact_rules import Contact, email_follow_up_allowed, refusal

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("said, channel, not_before, scope", [
    ("email only, no calls", EMAIL_ONLY, None, None),
    ("please don't call me", EMAIL_ONLY, None, None),
    ("I prefer email", EMAIL_ONLY, None, None),
    ("no emails please, a call is better", PHONE_ONLY, None, None),
    ("keep it here in the chat, no emails", CHAT_ONLY, None, None),
    ("calls are fine", ANY_CHANNEL, None, None),
    ("reach out after Q3", None, date(2027, 10, 1), None),
    ("contact me in two weeks", None, date(2026, 12, 16), None),
    ("can you follow up next month", None, date(2027, 1, 1), None),
    ("not before 1 July please", None, date(2027, 7, 1), None),
    ("don't contact me until the 15th of January", None, date(2027, 1, 15), None),
    ("get in touch after March", None, date(2027, 4, 1), None),
    ("email me after july 4th", None, date(2027, 7, 5), None),
    ("just send the guide", None, None, CONTENT_ONLY),
    ("no sales calls please, just send me the checklist", None, None, CONTENT_ONLY),
    ("don't call, email me after march", EMAIL_ONLY, date(2027, 4, 1), None),
    ("only contact me by email", EMAIL_ONLY, None, None),
    ("no emails, just chat", CHAT_ONLY, None, None),
    ("contact me after the 15th", None, date(2026, 12, 16), None),
    ("please wait until after the holidays to contact me", None, date(2027, 1, 1), None),
    ("please follow up after the summer", None, date(2027, 9, 1), None),  # found by chatting
    ("come back to me in the spring", None, date(2027, 3, 1), None),
    ("reach out after the winter", None, date(2027, 3, 1), None),
    ("i don't want any calls", EMAIL_ONLY, None, None),  # measured: decided as a "no"
    ("we don't want more emails from sales", PHONE_ONLY, None, None),
])
def test_preferences_are_heard_in_the_visitors_words(said, channel, not_before, scope):
    heard = hear_contact_preferences(said, TODAY)
    assert heard is not None and (heard.channel, heard.not_before, heard.scope) == (channel, not_before, scope)
    assert heard.said == said


@pytest.mark.parametrize("said", [
    "we want to launch after Q3",  # a timeline, not a wish about being contacted
    "our goal is to follow up with leads faster",
    "I don't want to call it a failure",
    "our SDRs make no calls on Fridays",  # their day, not a wish
    "we never email customers back on time",
    "we don't call leads back fast enough",
    "we don't want calls going to voicemail",
    "we don't want emails sitting unanswered for days",
    "we plan to talk to vendors after Q3",
    "we need this in two weeks",
    "we want it live after the summer",
    # Found by the conversation suite: the follow-up is their problem, next month is their timeline.
    "We want to respond to inbound leads faster because our follow-up is a mess, and we need it fixed by next month.",
    "hi there",
])
def test_other_sentences_are_not_preferences(said):
    assert hear_contact_preferences(said, TODAY) is None


def test_what_the_visitor_reads_back_reads_the_same_again():
    """The card shows `for_visitor`; saving it unchanged must keep the same preferences."""
    for preferences in (ContactPreferences(EMAIL_ONLY, date(2027, 7, 1)), ContactPreferences(scope=CONTENT_ONLY),
                        ContactPreferences(CHAT_ONLY), ContactPreferences(PHONE_ONLY, date(2027, 1, 15), CONTENT_ONLY)):
        again = hear_contact_preferences(for_visitor(preferences), TODAY)
        assert again is not None and (again.channel, again.not_before, again.scope) == \
            (preferences.channel, preferences.not_before, preferences.scope)


def test_reps_read_one_line():
    preferences = ContactPreferences(EMAIL_ONLY, date(2027, 7, 1))
    assert for_reps(preferences) == "prefers email, no calls · not before 1 Jul 2027"
    assert for_reps(ContactPreferences()) == ""


def test_what_is_heard_later_adds_to_what_was_said_before():
    earlier = ContactPreferences(EMAIL_ONLY, said="email only")
    later = merged(earlier, hear_contact_preferences("and not before March", TODAY))
    assert (later.channel, later.not_before) == (EMAIL_ONLY, date(2027, 3, 1))
    assert merged(later, hear_contact_preferences("calls are fine now", TODAY)).channel is None


def test_each_preference_refuses_what_goes_against_it():
    email_only = ContactPreferences(EMAIL_ONLY)
    assert refusal(email_only, Contact.CALL, TODAY) is not None
    assert refusal(email_only, Contact.EMAIL, TODAY) is None
    assert refusal(ContactPreferences(PHONE_ONLY), Contact.EMAIL, TODAY) is not None
    later = ContactPreferences(not_before=date(2027, 7, 1))
    for contact in Contact:
        refused = refusal(later, contact, TODAY)
        assert refused is not None and refused.until == date(2027, 7, 1)
        assert "before 1 Jul 2027" in refused.reason
    assert refusal(later, Contact.CALL, date(2027, 7, 1)) is None  # the day they named has come
    guide_only = ContactPreferences(scope=CONTENT_ONLY)
    assert refusal(guide_only, Contact.SALES_FOLLOW_UP, TODAY) is not None
    assert refusal(guide_only, Contact.CALL, TODAY) is not None
    assert refusal(guide_only, Contact.EMAIL, TODAY) is None  # emailing them the guide is what they asked for
    assert not email_follow_up_allowed(guide_only, TODAY) and email_follow_up_allowed(email_only, TODAY)


@pytest.mark.parametrize("text, offered", [
    ("Happy to hop on a quick call tomorrow?", [Contact.CALL]),
    ("What's a good number to reach you on?", [Contact.CALL]),
    ("Shall we book a 30-minute demo?", [Contact.CALL]),
    ("I'll send you an email with the details", [Contact.EMAIL]),
    ("What are you hoping to change first?", []),
    ("Here is the guide: https://example.com/guide", []),
])
def test_a_reps_message_offering_a_call_or_an_email_is_recognised(text, offered):
    assert contacts_offered(text) == offered


def test_an_answer_about_their_work_is_kept_without_their_contact_wishes():
    from bot.profile.contact_preferences import without_contact_wishes
    said = "our reps are too slow to follow up, and please no calls, email only"
    assert without_contact_wishes(said, TODAY) == "our reps are too slow to follow up"
    assert without_contact_wishes("it is all manual spreadsheets", TODAY) == "it is all manual spreadsheets"
    assert without_contact_wishes("we follow up by hand, it takes days", TODAY) == \
        "we follow up by hand, it takes days"


def test_just_wanting_something_is_a_contact_wish_only_when_it_is_something_to_send():
    # Found chatting: "honestly just want a full calendar" (a dental clinic's goal) was taken for a contact wish.
    assert not sounds_like_contact_wish("honestly just want a full calendar")
    assert sounds_like_contact_wish("i just need the pricing")
    assert sounds_like_contact_wish("just want the guide")


@pytest.mark.parametrize("text", ["can someone call me?", "could you give me a call", "can i get a call back",
                                  "call me please", "can someone ring me tomorrow", "i'd like a callback"])
def test_asking_for_a_call_is_heard(text):
    # Left alone before: "can someone call me?" was handed over in the chat, with no word about a call.
    assert asks_for_a_call(text)


@pytest.mark.parametrize("text", ["don't call me", "no calls please", "we call customers all day",
                                  "can i talk to a person", "can someone chat with me", "please don't call us"])
def test_no_call_asked_for(text):
    assert not asks_for_a_call(text)
