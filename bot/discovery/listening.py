"""What discovery needs to listen well: the order of questions, what a message told us, what is still
missing, the reflection, and how to reply to something that was not an answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.discovery.catalog import Catalog
from bot.discovery.paraphrase import reflect_challenge, reflect_goal
from bot.meaning.closeness import Description, Query
from bot.profile.facts import ASKED_FACTS, known_value
from bot.profile.hearing import LISTENER_NAME
from bot.profile.non_answers import describes_the_trouble, is_question, non_answer_kind

CONFIRMATION_SLOT = "goal_confirmed"
# The reply to each kind of non-answer, and the words for the next times in one conversation: the same words
# again, turn after turn, would sound like a form.
NON_ANSWER_REPLIES: dict[str, tuple[str, ...]] = {
    "why_ask": ("utter_why_i_ask",),
    "what_is_this": ("utter_what_we_do",),
    "recommend": ("utter_recommend_after_listening", "utter_recommend_after_listening_again"),
    "unsure": ("utter_no_worries",),
    "greeting": ("utter_greet_in_discovery",),
    "thanks": ("utter_welcome_in_discovery",),
    "question": ("utter_question_noted",),
    "context": ("utter_thanks_for_context", "utter_thanks_for_context_again", "utter_thanks_for_context_briefly"),
    "challenge_first": ("utter_heard_what_is_in_the_way",),
    "more_challenge": ("utter_heard_more_in_the_way",),
    "unclear": ("utter_didnt_catch", "utter_didnt_catch_again"),
    "gibberish": ("utter_didnt_catch", "utter_didnt_catch_again"),
    "off_topic": ("utter_off_topic_in_discovery",),
    "already_said": ("utter_sorry_missed_it", "utter_sorry_missed_it_again"),
}
# "skip" to what they want: once asked again in other words, then left be, and afterwards only a word that we're
# still here, in two wordings taken in turn. The goal question itself is not asked after any of these.
GOAL_DECLINED = ("utter_goal_needed", "utter_goal_left_be", "utter_still_here", "utter_still_here_again")


def reply_to_declined_goal(times_already: int) -> str:
    """The response to "skip" for the goal when the visitor already declined it `times_already` times."""
    if times_already < 2:
        return GOAL_DECLINED[times_already]
    return GOAL_DECLINED[2 + times_already % 2]


# From this many unanswered goal questions on (the challenge known), the question comes with the closest examples,
# in two wordings taken in turn.
GOAL_ASKS_BEFORE_EXAMPLES = 2
GOAL_QUESTIONS_WITH_EXAMPLES = ("utter_ask_goal_closest", "utter_ask_goal_closest_again")
GOAL_QUESTIONS = ("utter_ask_goal", "utter_ask_goal_again", "utter_ask_goal_after_challenge",
                  *GOAL_QUESTIONS_WITH_EXAMPLES)


def discovery_order() -> tuple[str, ...]:
    """The discovery form's slots: the asked facts in declared order, the reflection check after the challenge."""
    order = list(ASKED_FACTS)
    order.insert(order.index("challenge") + 1, CONFIRMATION_SLOT)
    return tuple(order)


def heard_in(message: Mapping[str, Any]) -> dict[str, str]:
    """The profile facts the listener heard in one parsed message, by fact name."""
    return {entity["entity"]: str(entity.get("value")) for entity in message.get("entities") or []
            if entity.get("extractor") == LISTENER_NAME and entity.get("value")}


def said_besides(message: Mapping[str, Any], fact: str) -> str:
    """The message's text without the words the listener heard as `fact` (e.g. the rest after a goal clause)."""
    text = str(message.get("text") or "")
    for entity in message.get("entities") or []:
        if entity.get("extractor") == LISTENER_NAME and entity.get("entity") == fact:
            text = text[:entity.get("start", 0)] + " " + text[entity.get("end", 0):]
    return " ".join(text.replace(" ,", ",").split()).strip(" ,.;-")


# Replies to the summary that move on with something the classifier can't place: neither a yes nor a no.
DETAIL_INTENTS = ("inform", "out_of_scope")
MIN_DETAIL_WORDS = 3


def detail_added(message: Mapping[str, Any]) -> str | None:
    """What a reply to the summary adds to what's in the way ("mostly password resets and where's my order
    stuff", "most are where is my order questions"): detail that is no other fact and no question; else None."""
    said = " ".join(str(message.get("text") or "").split()).strip(" ,.;-")
    intent = (message.get("intent") or {}).get("name")
    if intent not in DETAIL_INTENTS or heard_in(message) or len(said.split()) < MIN_DETAIL_WORDS:
        return None
    if is_question(said) or non_answer_kind(said) is not None or not describes_the_trouble(said):
        return None  # "one place for all new client requests" may be what they want: not filed as trouble
    return said


def missing_facts(slots: Mapping[str, Any]) -> list[str]:
    """Discovery slots still empty (a skipped answer counts as given)."""
    return [name for name in discovery_order() if slots.get(name) is None]


def reflections(slots: Mapping[str, Any]) -> dict[str, str | None]:
    """The goal and challenge in the assistant's words (None for what is unknown)."""
    goal, challenge = known_value(slots.get("goal")), known_value(slots.get("challenge"))
    return {"goal_reflection": reflect_goal(goal) if goal else None,
            "challenge_reflection": reflect_challenge(challenge) if challenge else None}


def reply_to_non_answer(kind: str, times_already: int = 0) -> str:
    """The response that answers a non-answer of this kind before the question comes again, in other words when
    such a reply was already given `times_already` times."""
    replies = NON_ANSWER_REPLIES[kind]
    return replies[min(times_already, len(replies) - 1)]


def goal_examples(catalog: Catalog) -> list[dict[str, str]]:
    """Quick-reply buttons with the catalog's example goals; pressing one sends it as the answer."""
    return [{"title": goal, "payload": goal} for goal in catalog.example_goals]


def goal_examples_closest_to(catalog: Catalog, said: str, count: int = 3) -> list[dict[str, str]]:
    """The `count` example goals closest in meaning to what the visitor said (their challenge), as buttons."""
    query = Query.of(said)
    ranked = sorted(catalog.example_goals, key=lambda goal: -Description([goal]).closeness(query))
    return [{"title": goal, "payload": goal} for goal in ranked[:count]]
