"""Answers a product question from data/answers/ when one fits; otherwise says so honestly and offers a person."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.visitor_store import visitor_store
from bot.db.models import UnmetNeedKind
from bot.db.off_loop import off_loop
from bot.fresh_content import FreshContent
from bot.product_questions.answer_book import ANSWERS_DIR, Answer, load_answers
from bot.product_questions.matching import AnswerMatcher, Verdict
from bot.profile.non_answers import asks_to_know

PERSON_BUTTON = {"title": "Talk to a person", "payload": "/request_human"}


_matcher = FreshContent(lambda: AnswerMatcher(load_answers()), lambda: list(ANSWERS_DIR.glob("*.yml")))


def answer_matcher() -> AnswerMatcher:
    """The validated answers, embedded; invalid answers raise at action-server start, later keep the last good."""
    return _matcher.get()


def say_answer(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    """The marketers' answer, with its link when it has one."""
    if answer.link:
        dispatcher.utter_message(response="utter_product_answer_with_link", answer=answer.text, link=answer.link)
    else:
        dispatcher.utter_message(response="utter_product_answer", answer=answer.text)


class ActionAnswerQuestion(Action):
    """A question with a confident match is answered; a near one is offered to confirm; anything else is an
    honest "I don't know" with a person one click away. An off-topic message gets the off-topic reply unless
    it asks something an answer fits."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = str(tracker.latest_message.get("text") or "")
        match = answer_matcher().match(text)
        off_topic = (tracker.latest_message.get("intent") or {}).get("name") == "out_of_scope"
        if match.verdict is Verdict.ANSWER and match.answer is not None and asks_to_know(text):
            say_answer(dispatcher, match.answer)
        elif off_topic:
            dispatcher.utter_message(response="utter_out_of_scope")
        elif match.verdict is Verdict.SUGGEST and match.answer is not None:
            question = match.answer.questions[0]
            dispatcher.utter_message(response="utter_product_question_did_you_mean",
                                     buttons=[{"title": question, "payload": question}, PERSON_BUTTON])
        else:
            dispatcher.utter_message(response="utter_product_question_unknown", buttons=[PERSON_BUTTON])
            await off_loop(visitor_store().record_unmet_need, tracker.sender_id, UnmetNeedKind.UNANSWERED_QUESTION,
                           text)
        return []
