"""Decides a message's intent with the whole message in view, not one word: a goal beats a weak
"goodbye", and a farewell, complaint or request for a person needs words that say so."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from bot.profile.contact_preferences import sounds_like_contact_wish
from bot.profile.hearing import Heard, describes_who_they_are
from bot.profile.non_answers import asks_to_know, asks_what_we_do, is_question, sent_to_look


def _words(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: bool(pattern.search(text))


# Intents a classifier may pick because of one word ("lead" -> request_human, "grow" -> goodbye): unless the
# message has a word that carries them, they hold only when the classifier was fairly sure (see _stands).
INTENT_CUES: dict[str, Callable[[str], bool]] = {
    "goodbye": _words(re.compile(
        r"\b(?:by+e+|goodbye|good ?night|night|see (?:you|ya)|cya|ttyl|later|gotta (?:go|run|dash)|"
        r"have to (?:go|run|dash)|talk (?:later|soon)|speak (?:later|soon)|farewell|adios|signing off|logging off|"
        r"leaving|heading (?:out|off)|i'?m (?:off|out|done|going)|that'?s (?:all|it|everything)|"
        r"have a (?:good|nice|great)|enjoy your (?:day|evening|weekend)|take care|peace out|so long|"
        r"catch (?:you|ya)|until next time|all set|leave it there|cheers|good ?day|got to (?:go|run|jump)|"
        r"(?:hop|jump) off|jump (?:into|on) a (?:meeting|call))\b",
        re.IGNORECASE)),
    # Deleting a visitor's data is irreversible: "CSMs forget to reach out" must never be taken for it.
    "forget_me": _words(re.compile(
        r"\b(?:forget (?:me|about me|everything|what i|my|us|this|it all)|forgotten|clear (?:everything|my|all)|"
        r"delete|erase|remove|wipe|gdpr|right to be forgotten|"
        r"my (?:data|details|info|information|conversation|messages)|personal (?:data|information))\b",
        re.IGNORECASE)),
    "opt_out": _words(re.compile(
        r"\b(?:unsubscribe|opt(?:[- ])?out|(?:do not|don'?t) send|mailing list|newsletters?|"
        r"don'?t (?:\w+ )?(?:email|contact|call|message|spam|reach)|"
        r"do not (?:\w+ )?(?:email|contact|call|message|reach)|stop (?:emailing|contacting|calling|messaging)|"
        r"no (?:more )?(?:emails|calls|contact|marketing|spam)|never (?:email|contact|call))\b",
        re.IGNORECASE)),
    "give_contact": _words(re.compile(r"@")),
    "request_human": _words(re.compile(
        r"\b(?:person|people|human|someone|somebody|agent|rep|reps|representative|sales(?:person)?|team|call|"
        r"phone|operator|talk|speak|chat with|real|manager|live|contact|connect|transfer|put me through)\b",
        re.IGNORECASE)),
    # Taking back a request for a person lets the message through a pause: it needs words that take it back.
    "withdraw_request_human": _words(re.compile(
        r"\b(?:never ?mind|nvm|nm|no need|(?:do not|don'?t|dont) need|no longer|not any ?more|anymore|"
        # the visitor cancelling ("cancel that", "please cancel my request"), not "members cancel"
        r"(?:(?<=^)|(?<=\bi )|(?<=\bi'll )|(?<=\bplease )|(?<=\byou can )|(?<=\bcan you )|(?<=\bjust )|"
        r"(?<=\blet's ))cancel\w*|cancel\w* (?:that|it|this|the (?:request|handoff|person|call|chat)|my)|"
        r"changed? my mind|forget (?:it|that|about it|the)|scratch that|(?:don'?t|do not) bother|all good|"
        r"i'?m (?:good|fine|ok|okay)|figured it out|sorted it|call (?:it|that) off|on second thought|"
        r"ignore (?:that|my|me)|not needed|without (?:a|the) (?:person|human|rep)|forget about|after all|"
        r"no (?:\w+ )?needed|call off|let'?s not|rather (?:keep|just) chat\w*)\b",
        re.IGNORECASE)),
}
_GREETING_WORDS = (r"(?:h+i+|he+y+|hello+|hiya|heya|howdy|yo+|hola|greetings|good (?:morning|afternoon|evening|day)|"
                   r"g'?day|sup|salut|bonjour|hallo|hul+o|hej|ciao|morning|evening|afternoon|what'?s up|wass?up|hai|"
                   r"helo|ello)")
# A greeting is only a greeting when little else is said: "hi, is anyone from sales online?" asks for someone.
_MORE_THAN_A_GREETING = re.compile(
    rf"^\W*{_GREETING_WORDS}\b\W*"
    r"(?:(?:there|all|team|folks|everyone|again)\b\W*)?+"
    r"(?!(?:how are you|how(?:'s| is) it going|(?:is )?any(?:one|body) (?:there|here|around))"
    r"(?:\W*(?:doing|today))*\W*$)"
    r"(?:\w\S*\s+){3,}\w",
    re.IGNORECASE)
_GREETING_WORD = re.compile(rf"\b{_GREETING_WORDS}\b", re.IGNORECASE)
# Measured: "i regret signing up" (a complaint the classifier was unsure of) passed as a greeting.
INTENT_CUES["greet"] = lambda text: bool(_GREETING_WORD.search(text)) and not _MORE_THAN_A_GREETING.search(text)
# A complaint is unhappiness with us: an upset word and a word that points at us ("your support never
# answered"). "Nobody notices unhappy customers" describes the visitor's own problem, not a complaint.
_UPSET = re.compile(
    r"\b(?:never|terrible|awful|worst|horrible|annoy\w*|frustrat\w*|angry|upset|disappoint\w*|ridiculous|"
    r"unacceptable|waste|useless|broken|broke|bad|not happy|unhappy|complain\w*|rude|still waiting|no one (?:answered|"
    r"replied|got back)|nobody (?:answered|replied|got back)|hate|sucks?|overcharged|charged|refund|bug\w*|"
    r"doesn'?t work|isn'?t working|not working|spam\w*|ignored|scam|crash\w*|lost my|poor|slow to respond|"
    r"keeps? failing|fails?|failed|wrong|mess(?:ed)? up|a mess|locked|terrible|nobody|no one|unusable|slow|"
    r"disaster|makes? no sense|keeps? (?:logging|kicking|throwing) (?:me|us)|regret\w*|deleted|nothing happened|"
    r"(?:two|three|four|five|several|many|multiple|\d+) times|over and over|"
    r"stopped (?:answering|replying|responding|getting back))\b",
    re.IGNORECASE)
# Said this way, a complaint needs nothing else to point at us.
_PLAIN_COMPLAINT = re.compile(
    r"\b(?:(?:i|we) (?:want|need|demand|asked for|requested|expect) (?:a|my|our) refund|my refund|refund (?:me|us)|"
    r"(?:my|our) money back|i want to complain|waiting for (?:a |an )?(?:reply|response|answer)|had enough|fed up|"
    r"i'?m (?:not happy|annoyed|angry|upset|frustrated|disappointed)|stopped working|broke everything|"
    r"been waiting|poor service|ignoring|third time|(?:worst|terrible|awful|horrible) experience|not happy with|"
    r"this is (?:ridiculous|terrible|unacceptable|frustrating|useless|a joke)|i hate this|furious|let down|"
    r"sick of (?:waiting|this)|on hold (?:forever|for ages)|waste of (?:my )?(?:time|money)|driving me crazy|"
    r"not impressed|how bad this is|worst (?:support|service|company|chat|bot)|"
    r"i'?m (?:really|so|extremely|very|quite) (?:annoyed|frustrated|disappointed|angry|upset|unhappy)|"
    r"this is so annoying|still no answer|(?:isn'?t|is not|not) helping at all|wasted my time|"
    r"(?:billed|charged) (?:me )?(?:the )?wrong|charged (?:me )?for something|nobody showed up|"
    r"asked (?:three|3|two|2|several|many) times|this nonsense|just awful|expected (?:much |a lot )?better|"
    r"(?:no one|nobody) is helping|you (?:guys|people) dropped the ball|"
    r"regret (?:signing up|buying|paying|choosing)|losing (?:my )?patience|"
    r"tired of (?:chasing|waiting for) (?:you|your)|(?:we|i)(?:'re| are| am) (?:\w+ )?unhappy customers?|"
    r"(?:nobody|no one) (?:ever )?helped(?: me| us)?(?!\s+(?:them|him|her))|(?:you|i was|we were) promised|"
    r"(?<!our )support (?:doesn'?t|does not|never|won'?t|didn'?t) (?:care|answer|reply|respond|help)|"
    r"worst \w+ (?:we|i)(?:'ve| have) (?:ever )?(?:bought|used|paid for|tried))\b",
    re.IGNORECASE)
_ABOUT_US = re.compile(
    r"\b(?:you|your|you're|this (?:product|service|bot|tool|app|company|chat)|the (?:product|service|bot|app)|"
    r"northwind|my (?:tickets?|accounts?|invoices?|orders?|subscriptions?|emails?|card|data|requests?)|i was|"
    r"support team|"
    r"customer service|sales rep|this (?:chatbot|chat|experience)|(?:helping|helps|help|back to|answered) me|"
    r"you sold|the (?:integration|platform|tool)|this (?:doesn'?t|does not|isn'?t|is not|never|keeps))\b",
    re.IGNORECASE)
# Words that put the trouble in the visitor's own house ("our onboarding", "my team").
_THEIR_OWN = re.compile(r"\b(?:our|ours|we|we're|we've|my (?:team|company|business|boss|staff|customers|clients))\b",
                        re.IGNORECASE)
# A product question is asked: "Contracts sit in inboxes for days" is what's in the way, however close its
# words are to an answer about contracts.
INTENT_CUES["ask_product_question"] = asks_to_know
# A part of what we sold ("the export has been broken for days") points at us, unless they speak of their own.
_OUR_PRODUCT_PART = re.compile(
    r"\bthe (?:app|dashboard|export|import|sync|integration|update|login|platform|editor)\b", re.IGNORECASE)
INTENT_CUES["complain"] = lambda text: bool(
    _PLAIN_COMPLAINT.search(text)
    or (_UPSET.search(text) and (_ABOUT_US.search(text)
                                 or (_OUR_PRODUCT_PART.search(text) and not _THEIR_OWN.search(text)))))
# Asking for something to read is a request: a question, or words that ask. "Mostly password resets and
# where's my order stuff" tells us more about the problem, however close "stuff" sits to "send me stuff".
_ASKS_FOR_CONTENT = re.compile(
    r"\b(?:recommend\w*|suggest\w*|send|show|share|point|give|got|any|anything|something|resources?|guides?|"
    r"read(?:ing)?|case stud\w*|webinars?|whitepapers?|material|content|examples?|tips|start(?:ing)?|begin|learn|"
    r"looking for|please|pls|fits?|help)\b",
    re.IGNORECASE)
INTENT_CUES["ask_recommendation"] = lambda text: is_question(text) or bool(_ASKS_FOR_CONTENT.search(text))
# Sending someone their data is an action with an effect: "please have someone email me" asks to be contacted.
INTENT_CUES["email_my_data"] = _words(re.compile(
    r"\b(?:data|copy|profile|details|information|info|stored|export|what you (?:have|know|keep|stored?)|"
    r"everything you)\b", re.IGNORECASE))
# Found by chatting: "our online orders come in by email and phone and get lost" is what's in the way, not how
# they want to be contacted.
INTENT_CUES["set_contact_preferences"] = sounds_like_contact_wish

# Other meeting times are asked for, or the offered ones turned down: "are there times next month?", "those don't
# work". "it takes her whole morning" is trouble with a time in it, no request.
_ASKS_FOR_TIMES = re.compile(
    r"\b(?:times?|slots?|later|earlier|sooner|days?|weeks?|afternoons?|mornings?|evenings?|"
    r"tomorrow|(?:mon|tues|wednes|thurs|fri)days?)\b", re.IGNORECASE)
_TURNS_TIMES_DOWN = re.compile(
    r"\b(?:(?:those|these|they|none of (?:those|these|them|the times))(?: times| slots)? (?:don'?t|do not|won'?t|"
    r"doesn'?t|does not|can'?t) (?:work|suit|fit)|can'?t make (?:any of )?(?:those|these|them|it)|"
    r"none of (?:those|these|them|the times|the slots)|what else do you have|other (?:times?|days?)|"
    r"different (?:times?|days?)|push (?:it|this|the call|the meeting) (?:back|out|to)|reschedul\w*)\b",
    re.IGNORECASE)
INTENT_CUES["ask_other_times"] = lambda text: bool(_TURNS_TIMES_DOWN.search(text)
                                                   or (is_question(text) and _ASKS_FOR_TIMES.search(text)))

# Asking to see the product: "how can we get more demos booked?" and "every demo request gets a reply same day" are
# about their own demos, a goal.
INTENT_CUES["request_demo"] = _words(re.compile(
    r"\b(?<!more )(?:demo|dmeo|deom|demonstration)\b(?!s? booked|s? requests?)|"
    r"\bwalk (?:me |us )?through\b|\bwalkthrough\b|"
    r"\bshow (?:me|us)\b|\bin action\b|"
    r"\b(?:see|try) (?:it|the (?:product|platform|tool)|your (?:product|platform|tool)|how it works)\b|"
    r"\btour\b|\bpresentation\b",
    re.IGNORECASE))

# Intents that lose to a goal the visitor clearly stated (unless the classifier was very sure and the
# message has the words for them), and the confidence below which each one does.
YIELDS_TO_GOAL = {"goodbye": 1.0, "complain": 1.0, "request_human": 1.0, "withdraw_request_human": 1.0,
                  "greet": 1.0, "thank": 1.0,
                  "nlu_fallback": 1.0, "inform": 1.0, "bot_challenge": 1.0, "ask_recommendation": 1.0,
                  "just_browsing": 0.85, "out_of_scope": 0.5, "request_demo": 1.0}
# Intents that lose to other profile facts (role, size, timeline, ...) when the classifier was unsure.
YIELDS_TO_FACTS = {"greet", "thank", "out_of_scope", "nlu_fallback", "bot_challenge", "goodbye", "complain",
                   "ask_product_question", "ask_other_times"}
# Without their words, never, however sure: forgetting cannot be undone, a statement is not a question, and a
# request for a person is not cancelled on a guess.
ALWAYS_NEED_WORDS = {"forget_me", "ask_product_question", "email_my_data", "set_contact_preferences",
                     "withdraw_request_human"}
VERY_SURE = 0.85
FALLBACK = "nlu_fallback"


def _cued(intent: str, text: str) -> bool:
    cue = INTENT_CUES.get(intent)
    return cue is None or cue(text)


FAIRLY_SURE = 0.5
# A visitor telling us about their work is not handed to a person, or given contact wishes, on a guess: below
# these likelihoods, such an intent is not taken in place of the classifier's pick just because one of its words is
# in what they described ("clients email, call, fill forms": "call", at 0.003; "members cancel and we only find out
# at the end of the month": a time, at 0.12).
NOT_ON_A_GUESS = {"request_human": 0.05, "set_contact_preferences": 0.3}
# A reply this short ("visibility", "cto") is an answer unless its own words carry the intent: with meaning
# vectors, one word can sit near a farewell or a complaint without being one.
SHORT_ANSWER_WORDS = 2
ANSWER = "inform"


def _short(text: str) -> bool:
    return len(text.split()) <= SHORT_ANSWER_WORDS


def _stands(intent: str, confidence: float, text: str) -> bool:
    """The classifier's pick holds: the message has its words, or (but for irreversible intents and one- or
    two-word replies) the classifier was fairly sure and the message is not a question ("is anyone from your
    team online?" is no complaint)."""
    if _cued(intent, text):
        return True
    if intent in ALWAYS_NEED_WORDS or _short(text):
        return False
    # Taking the visitor's own trouble ("my starter keeps dying") for a complaint about us would apologise
    # for it and lose what's in their way, and detail about it is no request for reading: without the words
    # that carry them, only a very sure pick holds.
    sure_enough = VERY_SURE if intent in ("complain", "ask_recommendation") else FAIRLY_SURE
    if intent == "complain" and _THEIR_OWN.search(text) and not _ABOUT_US.search(text):
        return False  # "I'm a bit lost with our onboarding": their own work, however sure the classifier is
    return confidence >= sure_enough and not is_question(text)


# Intents whose words are specific enough to be taken at their word when the classifier leaned elsewhere.
SAID_IN_SO_MANY_WORDS = ("complain", "goodbye", "opt_out", "withdraw_request_human", "request_demo")
# How far down the classifier's ranking such an intent may sit and still be taken.
NEAR_THE_TOP = 3


def _said_in_so_many_words(text: str, ranking: Sequence[tuple[str, float]], heard: Mapping[str, Heard]) -> str | None:
    """An intent among the classifier's likeliest whose own words are in the message, when the top pick is an
    unsure fallback or an answer that told us nothing: "take care" is a farewell, "awful, just awful" a complaint."""
    top = ranking[0][0]
    if top == FALLBACK:
        nearest = [name for name, _ in ranking[1:2]]
    elif top == ANSWER and not heard:
        nearest = [name for name, _ in ranking[1:NEAR_THE_TOP] if name != FALLBACK]
    else:
        return None
    for name in nearest:
        if name in SAID_IN_SO_MANY_WORDS and _cued(name, text) and (name != "complain" or not is_question(text)):
            return name
    return None


SHORT_TEXT_ALTERNATIVES = 2  # of a short message's next likeliest intents, those whose own words may take over


def decide_intent(text: str, ranking: Sequence[tuple[str, float]], heard: Mapping[str, Heard]) -> str | None:
    """The intent to use instead of the classifier's top pick, or None to keep it.

    `ranking` is the classifier's (intent, confidence) list, best first; `heard` the facts in the message.
    """
    if not ranking:
        return None
    top, confidence = ranking[0]
    if top == "just_browsing" and asks_what_we_do(text):
        return "ask_what_we_do"  # "just curious what you guys do": a question worth answering, then no push
    said_so = _said_in_so_many_words(text, ranking, heard)
    if said_so:
        return said_so
    if not heard and sent_to_look(text):
        return "inform"  # "i was told to check this out by my boss": why they are here, to be thanked for
    cued_request = top in INTENT_CUES and _cued(top, text)
    if "goal" in heard and not cued_request and confidence < YIELDS_TO_GOAL.get(top, 0.0):
        return "share_goal"
    facts = set(heard) - {"goal"}
    if top == "share_goal" and "goal" not in heard and (facts or describes_who_they_are(text)):
        return "inform"  # only other facts, or who they are: what they told us is about them, not a goal
    if facts and top in YIELDS_TO_FACTS and not cued_request and (confidence < VERY_SURE or top == "complain"):
        # A visitor describing their own pain ("nobody notices unhappy customers") is answering, not complaining
        # about us, however sure the classifier is.
        return "inform"
    if top not in INTENT_CUES or _stands(top, confidence, text):
        return None
    if _short(text) and not is_question(text):
        # A word or two that doesn't say farewell, complaint, ...: an answer to the question asked, unless the
        # next likeliest intent has its own words in it ("yup", "cya": the classifier's first pick lacked them).
        return next((name for name, _ in ranking[1:SHORT_TEXT_ALTERNATIVES + 1]
                     if name != top and name in INTENT_CUES and _cued(name, text)), ANSWER)
    # The classifier's pick lacks the words that carry it: take the next likeliest one that has them. One
    # that would lose to the facts heard ("candidates ghost us after the first call": out of scope at 0.006,
    # after a contact preference for "call") makes it an answer about them.
    for name, likelihood in ranking[1:]:
        if name in (top, FALLBACK) or (name in INTENT_CUES and not _cued(name, text)):
            continue
        if facts and likelihood < NOT_ON_A_GUESS.get(name, 0.0):
            continue
        return ANSWER if facts and name in YIELDS_TO_FACTS else name
    return ANSWER if facts else FALLBACK


# A complaint or a request is about us, not about the visitor's work: its words are not their goal or challenge.
NOT_ABOUT_THEIR_WORK = {"complain", "request_human", "opt_out", "forget_me", "ask_my_data", "goodbye",
                        "bot_challenge", "withdraw_request_human"}


def facts_for_intent(heard: Mapping[str, Heard], intent: str) -> list[Heard]:
    """The heard facts worth keeping once the intent is settled."""
    if intent in NOT_ABOUT_THEIR_WORK:
        return [fact for name, fact in heard.items() if name not in ("goal", "challenge")]
    return list(heard.values())
