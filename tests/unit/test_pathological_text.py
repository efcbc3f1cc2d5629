"""Visitor text is untrusted: no pattern may make the regular-expression engine try every way of splitting a long
message. Two did (a run of "hi " before no question: 22 of them took 9 s; 1990 spaces before a letter took 50 s)."""

import subprocess
import sys

from bot.paths import PROJECT_ROOT

# Run in a child process so that a regression fails with a clear message instead of hanging the test run. The bound
# is generous (each case takes milliseconds): it catches a blow-up, it does not measure speed.
HANG_GUARD_SECONDS = 60

CASES = """
from bot.discovery.paraphrase import reflect_challenge, reflect_goal
from bot.profile.contact_preferences import asks_for_a_call
from bot.profile.hearing import hear_facts, turns_down, without_correction
from bot.profile.intent_decision import decide_intent
from bot.profile.non_answers import non_answer_kind, only_a_number
from bot.product_questions.matching import named_tool, the_question_itself

LIMIT = 2000  # the chat's longest message
texts = [("hi " * 700)[:LIMIT - 1] + "x", ("a question " * 200)[:LIMIT - 1] + "x", " " * (LIMIT - 2) + " x",
         ", , " * 499 + "x", ("ghost " * 400)[:LIMIT - 1] + "?", ("without copying " * 150)[:LIMIT - 1] + "!",
         "1" + " " * (LIMIT - 2) + "x", ("not quite, " * 200)[:LIMIT], ("integrate with " * 150)[:LIMIT - 1] + "x",
         ("call back " * 200)[:LIMIT - 1] + "?"]
ranking = [("inform", 0.5), ("complain", 0.3), ("ask_other_times", 0.1), ("greet", 0.05)]
for text in texts:
    the_question_itself(text), named_tool(text), only_a_number(text), non_answer_kind(text), asks_for_a_call(text)
    hear_facts(text), reflect_goal(text), reflect_challenge(text), without_correction(text), turns_down(text)
    decide_intent(text, ranking, {}), decide_intent(text, ranking[1:], {}), decide_intent(text, ranking[2:], {})
print("done")
"""


def test_long_repetitive_messages_do_not_make_the_patterns_blow_up():
    finished = subprocess.run([sys.executable, "-c", CASES], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=HANG_GUARD_SECONDS)
    assert finished.returncode == 0 and finished.stdout.strip() == "done", finished.stderr[-2000:]
