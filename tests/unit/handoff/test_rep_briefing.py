"""The plain-language summary a rep reads first."""

from bot.handoff.rep_briefing import rep_briefing


def test_summary_quotes_the_visitor_and_lists_the_profile():
    summary = rep_briefing(
        {"goal": "we want to automate onboarding", "challenge": "it's all manual", "role": "VP of ops",
         "company_size": "51-200", "timeline": "this quarter", "email": "ana@example.com"},
        "asked for a person", ["asked for pricing", "timeline: this quarter"])
    assert summary == ('Asked for a person. Goal, in their words: "we want to automate onboarding". What is in the '
                       'way: "it\'s all manual". VP of ops; 51-200 people; timeline this quarter. Email: '
                       'ana@example.com. Warm because: asked for pricing, timeline: this quarter.')


def test_summary_leaves_out_what_was_skipped_and_flags_opt_out():
    summary = rep_briefing({"goal": "grow", "role": "skipped", "opted_out": True}, "made a complaint", [])
    assert "skipped" not in summary and "Role" not in summary
    assert "Asked not to be contacted" in summary
