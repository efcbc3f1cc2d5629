"""Discovery: the questions asked before anything is recommended, answers told from non-answers, and
listening again whenever the visitor tells us something. Facts reach SQL after each turn
(`bot.after_turn`), whichever way they were heard."""

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.catalog import catalog
from actions.page_context import page_of_latest_message, page_openings
from bot.conversation_events import since_form_started, slot_values, split_at_latest_message, times_said
from bot.discovery.answers import SIZE_BANDS, SKIPPED, TIMELINES, is_skip
from bot.discovery.listening import (
    GOAL_ASKS_BEFORE_EXAMPLES,
    GOAL_DECLINED,
    GOAL_QUESTIONS,
    GOAL_QUESTIONS_WITH_EXAMPLES,
    NON_ANSWER_REPLIES,
    detail_added,
    discovery_order,
    goal_examples,
    goal_examples_closest_to,
    heard_in,
    missing_facts,
    reflections,
    reply_to_declined_goal,
    reply_to_non_answer,
    said_besides,
)
from bot.discovery.paraphrase import reflect_goal, swap_pronouns
from bot.profile.contact_preferences import without_contact_wishes
from bot.profile.facts import FACTS_BY_NAME, known_value
from bot.profile.hearing import describes_who_they_are, refers_back, turns_down, without_correction
from bot.profile.non_answers import describes_the_trouble, non_answer_kind, only_a_number, sent_to_look

# "yes" to an open question says nothing: asked again, not stored. (A reply the classifier could not place
# is still an answer: short answers like "retention" often are.)
UNCLEAR_INTENTS = ("affirm",)
# Facts about the visitor rather than their need: a reply made only of these answers a different question
# ("we're a 40-person agency" to "what are you trying to achieve?"). Tools and teams are often part of an answer.
ABOUT_THE_VISITOR = {"company_size", "role", "timeline", "industry"}
RESET_DISCOVERY = {"goal": None, "goal_reflection": None, "challenge": None, "challenge_reflection": None,
                   "goal_confirmed": None}


class ActionCaptureGoal(Action):
    """Takes a goal the visitor shared unprompted, and starts discovery from there."""

    def name(self) -> str:
        return "action_capture_goal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        heard = heard_in(tracker.latest_message)
        said = without_correction(str(tracker.latest_message.get("text") or ""))
        goal: str | None
        if "goal" in heard:
            goal = heard["goal"]
        elif heard or non_answer_kind(said) or describes_who_they_are(said):
            return []  # it told us other things (who they are, what's in the way), not what they want
        else:
            goal = FACTS_BY_NAME["goal"].normalise(said)
        if not goal:
            return []
        # A new goal needs a new check of the reflection; what's in the way stays unless they said it anew.
        slots = {"goal": goal, "goal_reflection": reflect_goal(goal), "goal_confirmed": None,
                 "challenge_reflection": None}
        if "challenge" in heard:
            slots["challenge"] = heard["challenge"]
        return [SlotSet(name, value) for name, value in slots.items()]


class ActionResetDiscovery(Action):
    """Forgets the goal and challenge in this conversation so discovery can start over."""

    def name(self) -> str:
        return "action_reset_discovery"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        return [SlotSet(name, value) for name, value in RESET_DISCOVERY.items()]


class ActionResumeListening(Action):
    """The visitor told us something outside discovery: carry on listening if anything is left to ask."""

    def name(self) -> str:
        return "action_resume_listening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        complete = not missing_facts(tracker.current_slot_values())
        heard = heard_in(tracker.latest_message)
        if complete:
            # After "nothing in our library fits", offering to show what fits would contradict it.
            nothing_fits = tracker.get_slot("recommended_items") == []
            dispatcher.utter_message(response="utter_noted_nothing_fits" if nothing_fits else "utter_noted")
        elif "challenge" in heard:
            # "Our churn is creeping up" as a first message: say it was heard before asking what they want.
            dispatcher.utter_message(response="utter_heard_what_is_in_the_way")
        elif set(heard) & ABOUT_THE_VISITOR:
            dispatcher.utter_message(response="utter_thanks_for_context")
        elif sent_to_look(tracker.latest_message.get("text") or ""):
            # "i was told to check this out by my boss": no fact, but a reason to be here that deserves a reply
            spoke = any(event.get("event") == "bot" for event in tracker.events)
            dispatcher.utter_message(response="utter_thanks_for_context" if spoke else "utter_thanks_for_looking")
        return [SlotSet("profile_complete", complete)]


class ActionAskGoal(Action):
    """Asks for the goal; asked again, in other words and with examples from the catalog."""

    def name(self) -> str:
        return "action_ask_goal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        _, this_turn = split_at_latest_message(tracker.events)
        if any(times_said(this_turn, name) for name in GOAL_DECLINED):
            return []  # they said "skip" to it: the reply asked in its own words or left them be
        challenge = known_value(tracker.get_slot("challenge"))
        if tracker.get_slot("reasking") == "goal_corrected":
            dispatcher.utter_message(response="utter_ask_goal_corrected")
            return []
        if tracker.get_slot("reasking") == "goal" and challenge:
            recent = since_form_started(tracker.events, "discovery_form")
            asked = sum(times_said(recent, name) for name in GOAL_QUESTIONS)
            if asked >= GOAL_ASKS_BEFORE_EXAMPLES:
                # Asked and not answered already: the same question again would be a form, not a conversation.
                dispatcher.utter_message(response=GOAL_QUESTIONS_WITH_EXAMPLES[asked % 2],
                                         buttons=goal_examples_closest_to(catalog(), challenge))
                return []
            # They told us what's in the way: ask what would change, not with someone else's examples.
            dispatcher.utter_message(response="utter_ask_goal_after_challenge")
            return []
        if tracker.get_slot("reasking") == "goal":
            dispatcher.utter_message(response="utter_ask_goal_again", buttons=goal_examples(catalog()))
            return []
        opening = page_openings().for_address(page.url) if (page := page_of_latest_message(tracker)) else None
        if opening is not None and opening.goal_question:  # this page has its own first question
            dispatcher.utter_message(text=opening.goal_question)
        else:
            dispatcher.utter_message(response="utter_ask_goal")
        return []


class ActionAskCompanySize(Action):
    """Asks for the company size, or, when a size was heard but not for sure, confirms it instead."""

    def name(self) -> str:
        return "action_ask_company_size"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        unsure = tracker.get_slot("unsure_company_size")
        if unsure:
            dispatcher.utter_message(response="utter_confirm_company_size", said=swap_pronouns(unsure))
        else:
            dispatcher.utter_message(response="utter_ask_company_size")
        return []


class ActionAskGoalConfirmed(Action):
    """Reflects goal and challenge back in the assistant's words and asks whether that is right."""

    def name(self) -> str:
        return "action_ask_goal_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        reflected = reflections(tracker.current_slot_values())
        response = ("utter_ask_goal_confirmed" if reflected["challenge_reflection"]
                    else "utter_ask_goal_confirmed_goal_only")
        dispatcher.utter_message(response=response, **reflected)
        return [SlotSet(name, value) for name, value in reflected.items()]


PRICING_BY_SIZE = ("utter_pricing_in_discovery", "utter_pricing_overview")


def _after_pricing(tracker: Tracker) -> bool:
    """Whether the assistant's last turn said that pricing depends on team size."""
    before, _ = split_at_latest_message(tracker.events)
    _, last_turn = split_at_latest_message(before)
    return any(times_said(last_turn, name) for name in PRICING_BY_SIZE)


class ValidateDiscoveryForm(FormValidationAction):
    """Accepts answers and volunteered facts; a non-answer is never stored and the question comes again."""

    def name(self) -> str:
        return "validate_discovery_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        return list(discovery_order())

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any] | None:
        # The order is the declared one; Rasa's FormAction asks for the first empty slot in it.
        return None

    def _answer(self, tracker: Tracker, slot: str, value: Any) -> tuple[str, str | None]:
        """(what was said, why it is not an answer to `slot` or None)."""
        said = str(value or "").strip()
        message = tracker.latest_message
        heard = heard_in(message)
        if slot in heard and heard[slot] == said:
            return said, None  # heard by the listener: an answer, whatever else the message held
        intent = (message.get("intent") or {}).get("name")
        if tracker.get_slot("requested_slot") != slot or is_skip(said):
            return said, None
        if intent == "deny" and not heard:
            return "skip", None  # "no" / "nope" to an open question: nothing to tell
        context = bool(set(heard) & ABOUT_THE_VISITOR) or (
            slot == "goal" and not set(heard) & {"goal", "challenge"} and describes_who_they_are(said))
        if slot in ABOUT_THE_VISITOR and set(heard) & {"goal", "challenge"}:
            return said, "context"  # more about their need ("we use spreadsheets and it's slow" for the role)
        kind = non_answer_kind(said, bool(heard)) or ("context" if context else None)
        if kind == "question" and intent == "ask_what_we_do":
            kind = "what_is_this"  # "u guys do crm stuff?": what we do, in a sentence
        if kind is None and intent in UNCLEAR_INTENTS:
            kind = "unclear"
        elif kind is None and intent == "out_of_scope" and slot == "goal":
            kind = "off_topic"  # short pain statements ("it eats my whole monday") often look off-topic
        return said, kind

    def _not_an_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
                       kind: str) -> dict[str, Any]:
        if kind == "recommend" and tracker.get_slot("goal_confirmed"):
            # Goal and challenge are known: recommend now rather than insist on the optional questions.
            dispatcher.utter_message(response="utter_recommend_now")
            rest = [name for name in missing_facts(tracker.slots) if name != "goal_confirmed"]
            return {name: SKIPPED for name in [slot, *rest]} | {"reasking": None}
        recent = since_form_started(tracker.events, "discovery_form")
        already = sum(times_said(recent, name) for name in NON_ANSWER_REPLIES[kind])
        dispatcher.utter_message(response=reply_to_non_answer(kind, already))
        if tracker.get_slot("reasking") == slot and FACTS_BY_NAME[slot].skippable:
            # Asked twice and still not answered: move on rather than ask a third time.
            return {slot: SKIPPED, "reasking": None}
        return {slot: None, "reasking": slot}

    @staticmethod
    def _answered(tracker: Tracker, slot: str, value: Any, **more: Any) -> dict[str, Any]:
        """Slot values for an accepted answer; the question is no longer being asked again."""
        done = {"reasking": None} if tracker.get_slot("reasking") in (slot, f"{slot}_corrected") else {}
        return {slot: value, **more, **done}

    async def validate_goal(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict[str, Any]:
        said, kind = self._answer(tracker, "goal", value)
        heard = heard_in(tracker.latest_message)
        more_detail = bool(tracker.get_slot("challenge")) and describes_the_trouble(said)
        if kind in (None, "context") and tracker.get_slot("requested_slot") == "goal" \
                and ("challenge" in heard or more_detail) and "goal" not in heard:
            # They told us what's in the way, not what they want (perhaps with who they are): it is kept as the
            # challenge (filled from its entity) and acknowledged, and the goal is asked again.
            acknowledged = (*NON_ANSWER_REPLIES["challenge_first"], *NON_ANSWER_REPLIES["more_challenge"])
            told_before = any(times_said(tracker.events, name) for name in acknowledged)
            known_before = known_value(tracker.get_slot("challenge")) not in (None, heard.get("challenge"))
            again = told_before or known_before
            return self._not_an_answer(dispatcher, tracker, "goal", "more_challenge" if again else "challenge_first")
        if kind is None and only_a_number(said):
            size = FACTS_BY_NAME["company_size"].normalise(said) if _after_pricing(tracker) else None
            if size and not known_value(tracker.get_slot("company_size")):
                # "15" right after "pricing depends on team size": the size they were invited to give
                return {**self._not_an_answer(dispatcher, tracker, "goal", "context"), "company_size": size}
            kind = "unclear"  # "25", "about 120", "?!": nothing a goal is made of
        if kind:
            return self._not_an_answer(dispatcher, tracker, "goal", kind)
        goal = FACTS_BY_NAME["goal"].normalise(said)
        if not goal or is_skip(goal):
            recent = since_form_started(tracker.events, "discovery_form")
            declined = sum(times_said(recent, name) for name in GOAL_DECLINED)
            dispatcher.utter_message(response=reply_to_declined_goal(declined))
            return {"goal": None}
        return self._answered(tracker, "goal", goal, goal_reflection=reflect_goal(goal))

    async def validate_challenge(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        said, kind = self._answer(tracker, "challenge", value)
        if kind is None and said and not is_skip(said) and only_a_number(said):
            kind = "unclear"  # a bare number or symbols say nothing about what's in the way
        if kind:
            return self._not_an_answer(dispatcher, tracker, "challenge", kind)
        heard = heard_in(tracker.latest_message)
        asked = tracker.get_slot("requested_slot") == "challenge"
        if asked and "goal" in heard and "challenge" not in heard:
            # They restated the goal; what's in the way is the rest of the message, if there is any.
            rest = said_besides(tracker.latest_message, "goal")
            if len(rest.split()) < 2 or non_answer_kind(rest):
                return self._not_an_answer(dispatcher, tracker, "challenge", "context")
            said = rest
        elif asked and not set(heard) & (ABOUT_THE_VISITOR | {"goal"}):
            said = str(tracker.latest_message.get("text") or said)  # the whole answer, not one clause of it
        # "..., and please no calls": kept as a contact preference (bot/after_turn.py), not as what's in the way
        said = without_correction(without_contact_wishes(said, datetime.now(timezone.utc).date()))
        challenge = FACTS_BY_NAME["challenge"].normalise(said)
        if not challenge or is_skip(challenge):
            return self._answered(tracker, "challenge", SKIPPED, challenge_reflection=None)
        earlier = known_value(slot_values(split_at_latest_message(tracker.events)[0]).get("challenge"))
        # More trouble told when asked what they want ("clients email, call, fill forms, all over the place",
        # after "intake is chaos"): added to what they said before, not put in its place.
        more_of_it = tracker.get_slot("requested_slot") == "goal" and "goal" not in heard
        if earlier and earlier != challenge and (refers_back(challenge) or more_of_it) \
                and earlier.lower() not in challenge.lower():
            # "reps forget to do it", after "our reps waste hours logging calls": more of the same trouble
            challenge = FACTS_BY_NAME["challenge"].normalise(f"{earlier}, and {challenge}") or challenge
        return self._answered(tracker, "challenge", challenge)

    async def validate_goal_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        if value is True and turns_down(str(tracker.latest_message.get("text") or "")):
            value = False  # "no, it's more about speed" is information to the classifier; to a person, a "no"
        said_anew = set(heard_in(tracker.latest_message)) & {"goal", "challenge"}
        if value is True and said_anew and reflections(tracker.current_slot_values()) != {
                name: tracker.get_slot(name) for name in ("goal_reflection", "challenge_reflection")}:
            # "the handoff from sales loses all the context" in reply to the summary: something new to check, not a
            # yes (the summary comes again with it)
            return {"goal_confirmed": None}
        if value is True:
            if [name for name in missing_facts(tracker.slots) if name != "goal_confirmed"]:
                # Said once here, not as part of the next question, which comes again after a digression.
                dispatcher.utter_message(response="utter_goal_understood")
            return {"goal_confirmed": True, **self._with_detail(tracker)}
        corrected_before = times_said(since_form_started(tracker.events, "discovery_form"), "utter_goal_corrected")
        dispatcher.utter_message(response="utter_goal_corrected")
        if set(heard_in(tracker.latest_message)) & {"goal", "challenge"}:
            # "not quite, we want better forecasts": the correction came with it (kept by its own validation)
            return {"goal_confirmed": None}
        if corrected_before:
            return dict(RESET_DISCOVERY)  # put right once already and still not right: start over
        # The goal is the likelier misreading: ask it again and keep what's in the way, which they will see in the
        # next reflection (and can put right with a second "not quite").
        return {"goal": None, "goal_reflection": None, "goal_confirmed": None, "reasking": "goal_corrected"}

    @staticmethod
    def _with_detail(tracker: Tracker) -> dict[str, Any]:
        """Detail said in reply to the summary ("mostly where's my order questions"), kept with what's in the
        way: the summary was right, and this is more of it."""
        detail, challenge = detail_added(tracker.latest_message), known_value(tracker.get_slot("challenge"))
        if not detail or not challenge:
            return {}
        return {"challenge": FACTS_BY_NAME["challenge"].normalise(f"{challenge}: {detail}") or challenge}

    async def validate_role(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict[str, Any]:
        said, kind = self._answer(tracker, "role", value)
        if kind:
            return self._not_an_answer(dispatcher, tracker, "role", kind)
        role = None if is_skip(said) else FACTS_BY_NAME["role"].normalise(said)
        return self._answered(tracker, "role", role or SKIPPED)

    def _normalised(self, tracker: Tracker, dispatcher: CollectingDispatcher, slot: str, value: Any,
                    allowed: tuple[str, ...]) -> dict[str, Any]:
        said, kind = self._answer(tracker, slot, value)
        normalised = said if said in allowed else None if is_skip(said) else FACTS_BY_NAME[slot].normalise(said)
        if normalised:
            return self._answered(tracker, slot, normalised)
        if kind:
            return self._not_an_answer(dispatcher, tracker, slot, kind)
        # Unclear or declined: accept it without nagging (the words are kept as said, bot.after_turn).
        return self._answered(tracker, slot, SKIPPED)

    async def validate_company_size(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        unsure = tracker.get_slot("unsure_company_size")
        if unsure and tracker.get_slot("requested_slot") == "company_size":
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            if intent == "affirm":  # "yes" to "You said you're about 40. Is that ...?"
                return {"company_size": FACTS_BY_NAME["company_size"].normalise(unsure),
                        "unsure_company_size": None}
            if intent == "deny":  # not that: ask the plain question next
                return {"company_size": None, "unsure_company_size": None}
        answer = self._normalised(tracker, dispatcher, "company_size", value, SIZE_BANDS)
        return answer | ({"unsure_company_size": None} if unsure and answer.get("company_size") else {})

    async def validate_timeline(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return self._normalised(tracker, dispatcher, "timeline", value, TIMELINES)

