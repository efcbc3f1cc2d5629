"""Reflects a visitor's goal and challenge back as short clauses in the assistant's voice:
"so basically we're trying to, um, get more demos booked" -> "you want to get more demos booked"."""

from __future__ import annotations

import re

from bot.profile.hearing import (
    CHALLENGE_LEAD,
    CLAUSE_SUBJECT_WORDS,
    CLAUSE_VERB,
    CLAUSE_VERBS,
    GOAL_LEAD,
    HANDED_DOWN,
    POINTS_BACK_AT_END,
    desired_state,
    hear_challenge,
    hear_facts,
    hear_goal,
    trouble_it_explains,
)

MAX_REFLECTION_WORDS = 18

_FILLERS = re.compile(
    r"(?:^|(?<=[\s,]))(?:so basically|basically|honestly|frankly|literally|actually|you know|i mean|i guess|"
    r"i think|kind of|kinda|sort of|um+|uh+|erm|hmm+|like(?=,)|tbh|to be honest|ideally|lol|haha+|"
    r"lmao|obviously|of course|really(?=\s*[.!?]*$)|i suppose)(?=$|[\s,.!?])[,]?",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|hiya|yo|ok(?:ay)?|so|well|right(?! now)|and|also|probably|maybe|perhaps|nah|nope|"
    r"no(?=\s*[,.!]))\b(?: there)?"
    r"[!,.\s]*)+", re.IGNORECASE)
# Lead words that carry no meaning of their own once the assistant says "you want to".
_TO_LEAD = re.compile(
    r"^(?:what (?:we|i) (?:really |most |actually )?(?:want|need|would like)(?: to do)? is(?: to)?|"
    r"(?:also |really |just |mainly |mostly )?(?:want(?:ed)?|need(?:ed)?|would like|'d like) to|"
    r"(?:i|we) (?:really |just )?wanna|"
    r"(?:i|we|i'?m|im|we'?re)\s+(?:am |are |have been |'ve been )?(?:really |just |mainly |mostly |also )?"
    r"(?:trying|looking|hoping|aiming|planning|wanting|want(?:ed)?|need(?:ed)?|would (?:really )?like|'d like|"
    r"wanna|have|got)"
    r"\s+to|(?:(?:i|we)'d|(?:i |we )?would) (?:really )?(?:like|love) to|"
    r"(?:my team|our team|the team|our company)\s+(?:needs|wants|has) to|(?:we|our team|my team) (?:really )?should|"
    r"(?:our|my|the) (?:main |big |biggest |top |real |first )?(?:goal|aim|plan|priority|objective|focus|mission)"
    r"(?: right now| this year| here)? (?:is|would be) to|(?:looking|trying|hoping|aiming|planning) to|"
    r"help (?:me|us)(?: to)?|how (?:do|can|could|should) (?:i|we)|goal\s*:|"
    # "to see churn risk early" (but not "to be honest", "to me")
    r"(?:so |in order )?to(?=\s+(?!be (?:honest|fair|frank)\b|me\b|us\b|you\b)[a-z]))\s+",
    re.IGNORECASE,
)
_OBJECT_LEAD = re.compile(
    r"^(?:(?:(?:i|we)(?P<love>'d| would)|(?P<bare_love>would)) (?:really )?(?:love|like)|"
    # the subject may be left out: "just want mondays back"
    r"(?:(?:i|we)\s+)?(?:really |just |mainly |mostly |also )?(?P<verb>want|need|would like|'d like)|"
    r"(?:our|my|the) (?:main |big |biggest |top |real |first )?(?:goal|aim|priority|objective|focus)"
    r"(?: right now| this year| here)? is)\s+",
    re.IGNORECASE,
)
_LOOKING_FOR = re.compile(r"^(?:(?:i'?m|im|we'?re|i am|we are)\s+)?looking for\s+", re.IGNORECASE)
# Not knowing yet is said before what they do know: "honestly not sure, my boss asked me to look into chatbots".
_UNSURE_LEAD = re.compile(
    r"^(?:(?:(?:i'?m|im|we'?re)\s+)?(?:not (?:really |totally |100% )?sure(?: yet)?|no idea(?: yet)?|"
    r"(?:i|we) don'?t (?:really )?know(?: yet)?|good question)\s*[,.;:!-]+|idk\b[,.;:!-]*|dunno\b[,.;:!-]*)\s*",
    re.IGNORECASE)
# Someone else's goal they were handed: "my boss asked me to look into chatbots".
_HANDED_DOWN = re.compile(rf"^{HANDED_DOWN}\s+", re.IGNORECASE)
# A goal said as what they are doing: "exploring options" -> "you're exploring options".
_UNDER_WAY = frozenset("""
exploring researching evaluating comparing shopping browsing checking investigating considering thinking
reviewing assessing scoping
""".split())
_CHALLENGE_LEAD = re.compile(
    r"^(?:because|since|but|though|"
    r"(?:the|our|my) (?:main |biggest |real |big )?(?:problem|issue|challenge|blocker|pain|struggle|bottleneck)"
    r"(?: right now| today)? (?:is|are)(?: that)?|what(?:'s| is) (?:getting|standing) in (?:the|our) way (?:is|are)"
    r"(?: that)?|it'?s that|the thing is|(?:it'?s )?(?:mostly|mainly)(?: that| like)?|(?:it'?s )?(?:more|really) that|"
    r"probably)\s+",
    re.IGNORECASE,
)
# A goal said as a sentence about the thing they want changed: "every demo request gets a reply same day" ->
# "you'd like every demo request to get a reply same day" (the subject theirs or all of something).
_CLAUSE_GOAL = re.compile(
    r"^(?P<subject>(?:every|each|all|no|our|my|the|new|both)\s+" + CLAUSE_SUBJECT_WORDS + ")"
    r"(?P<verb>" + CLAUSE_VERB + r")\s+(?P<rest>\S.*)$",
    re.IGNORECASE)
_SWAPS = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
    "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've", "i'd": "you'd", "i'll": "you'll",
    "we're": "you're", "we've": "you've", "we'd": "you'd", "we'll": "you'll", "am": "are",
}
_AFTER_I = {"was": "were", "wasn't": "weren't", "am": "are", "have": "have"}
_ADJUNCT = re.compile(r",?\s+(?:so that|in order to|which|who|where|while|especially|e\.g\.|such as|for example|"
                      r"without|because|since|and then|and also|plus)\b", re.IGNORECASE)
_LIST_BREAK = re.compile(r",\s+|\s+and\s+", re.IGNORECASE)
_DANGLING = re.compile(r"\s+(?:and|or|but|the|a|an|to|of|for|with|in|on|at|by|from|your|so|that|than|as|is|are)$",
                       re.IGNORECASE)
GOAL_VERBS = frozenset("""
get grow reduce automate increase improve find build cut save scale hire launch replace migrate learn
understand see compare make streamline speed track manage book generate convert close boost lower drive
create set start switch move organize organise consolidate integrate fix stop avoid keep handle modernize
modernise digitize digitise centralize centralise simplify measure evaluate explore qualify nurture capture
engage retain onboard support sell win hit reach double triple expand upgrade implement roll bring give
help run plan prepare test try use buy choose pick figure shorten shrink free spend attract personalize
personalise send answer respond enter break go raise do prove sort eliminate respond follow route connect
look research investigate review check assess add spot catch detect predict prevent flag identify notice
warn alert forecast monitor recover protect reach reward collect share standardise standardize unify sync ensure
never
""".split())


def swap_pronouns(text: str) -> str:
    """The visitor's first person as the assistant's second person, keeping verbs in agreement."""
    words = text.split()
    out = []
    previous = ""
    for word in words:
        core = word.rstrip(".,!?;:")
        tail = word[len(core):]
        lowered = core.lower()
        if previous == "i" and lowered in _AFTER_I:
            swapped = _AFTER_I[lowered]
        elif core == "US":
            swapped = core  # the country
        else:
            swapped = _SWAPS.get(lowered, core)
        out.append(swapped + tail)
        previous = lowered
    return " ".join(out)


_TYPED_WITHOUT_APOSTROPHE = re.compile(
    r"\b(do|does|did|is|are|was|were|ca|could|would|should|have|has|wo)nt\b", re.IGNORECASE)


def _clean(text: str) -> str:
    text = _FILLERS.sub(" ", text)
    # "we get like 400 a week" (but "it feels like 100 tools" stays)
    text = re.sub(r"\b(get|gets|got|have|has|had|handle|handles|see|sees|are|is|were|take|takes|spend|spends) like "
                  r"(?=\d)", r"\1 about ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*(?:\.{2,}|\u2026)\s*(?=\S)", ", ", text)  # "post... total mess": no ellipsis, which reads as cut
    text = _GREETING.sub("", text.strip())
    text = re.sub(r"\bid (love|like)\b", r"i'd \1", text, flags=re.IGNORECASE)  # "id love to": typed fast
    text = _TYPED_WITHOUT_APOSTROPHE.sub(lambda m: f"{m.group(1)}n't", text)  # "we dont follow up"
    # "help w/ our admissions": the visitor's shorthand, the assistant's words
    text = re.sub(r"(?<![\w/])w/o(?![\w/])", "without", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<![\w/])w/(?![\w/])", "with", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<![\w/])(?:bc|b/c|cuz|coz)(?![\w/])", "because", text, flags=re.IGNORECASE)
    # "we do have a problem with invoices": the emphasis is the visitor's, not the assistant's
    text = re.sub(r"\b(we|i|they) do (have|need|want|get|struggle|spend|lose)\b", r"\1 \2", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*,\s*,+", ",", text)
    text = re.sub(r"\b(to|are|am|is|we|i|the|a|our|my)\s*,\s*", r"\1 ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    text = re.sub(r"[\s,]+(?:pl[sz]|please|thx|thanks|ty)\W*$", "", text, flags=re.IGNORECASE)  # "automate returns pls"
    return text.rstrip(".!?,;\u2026 ")


def _shorten(text: str) -> str:
    """At most MAX_REFLECTION_WORDS words, cut only where a thought ends (never with an ellipsis)."""
    if len(text.split()) <= MAX_REFLECTION_WORDS:
        return text
    for boundary in (_ADJUNCT, _LIST_BREAK):
        heads = [text[:match.start()].strip(" ,") for match in boundary.finditer(text)]
        fitting = [head for head in heads if 3 <= len(head.split()) <= MAX_REFLECTION_WORDS]
        if fitting:
            return _DANGLING.sub("", fitting[-1])
    head = " ".join(text.split()[:MAX_REFLECTION_WORDS])
    while _DANGLING.search(head):
        head = _DANGLING.sub("", head)
    return head


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first == "I" or any(ch.isupper() for ch in first[1:]):
        return text  # "I", or an acronym or name like "CSMs", "HubSpot"
    return text[:1].lower() + text[1:]


def _clause_wish(text: str) -> str | None:
    """"every demo request gets a reply" -> "you'd like every demo request to get a reply"; None: no such sentence."""
    match = _CLAUSE_GOAL.match(text)
    if match is None:
        return None
    subject = swap_pronouns(_lower_first(match.group("subject").strip()))
    verb, rest = CLAUSE_VERBS[match.group("verb").lower()], swap_pronouns(match.group("rest"))
    return "you'd like " + _shorten(f"{subject} to {verb} {rest}")


def reflect_goal(goal: str) -> str:
    """The goal in the assistant's words, e.g. "you want to automate your onboarding"."""
    heard = hear_goal(goal)
    lead = GOAL_LEAD.search(goal, heard.start) if heard else None
    if heard and lead and lead.start() > heard.start and POINTS_BACK_AT_END.search(heard.said):
        # "our close takes eight days and I'd like to halve that" -> "your close takes eight days, and you want to
        # halve that": what "that" points at stays in the summary
        before = re.sub(r"[\s,]*\band\s*$", "", _clean(goal[heard.start:lead.start()]), flags=re.IGNORECASE)
        wish = re.sub(r"\bthat$", "it", reflect_goal(goal[lead.start():heard.end]))  # a final "that" reads as cut
        return f"{swap_pronouns(_lower_first(before))}, and {wish}"
    text = _clean(heard.said if heard else goal) or _clean(goal) or goal.strip()
    if (unsure := _UNSURE_LEAD.match(text)) and len(text[unsure.end():].split()) >= 2:
        text = _clean(text[unsure.end():])
    if match := _HANDED_DOWN.match(text):
        return f"you've been asked to {_shorten(swap_pronouns(_lower_first(_clean(text[match.end():]))))}"
    if match := _TO_LEAD.match(text):
        core = _lower_first(_clean(text[match.end():]))
        return f"you want to {_shorten(swap_pronouns(core))}"
    if match := _LOOKING_FOR.match(text):
        return f"you're looking for {_shorten(swap_pronouns(_clean(text[match.end():])))}"
    if match := _OBJECT_LEAD.match(text):
        if as_sentence := _clause_wish(_clean(text[match.end():])):
            return as_sentence  # "we just want every enquiry gets answered" (said as a sentence, not an object)
        core = _shorten(swap_pronouns(_lower_first(_clean(text[match.end():]))))
        if core.split()[0].lower() == "to":
            return f"you want {core}"
        if match.group("love") or match.group("bare_love"):
            return f"you'd like {core}"
        verb = (match.group("verb") or "want").lower()
        return f"you {'need' if verb == 'need' else 'want'} {core}" if match.group("verb") else \
            f"you're after {core}"
    if match := desired_state(text):
        # "new customers should be live in a week" -> "you'd like new customers to be live in a week"
        subject = swap_pronouns(_lower_first(match.group("subject")))
        wished = swap_pronouns(text[match.start("rest"):])
        return f"you'd like {_shorten(f'{subject} to {wished}')}"
    if as_sentence := _clause_wish(text):
        return as_sentence
    core = _shorten(swap_pronouns(_lower_first(text)))
    first = core.split()[0].lower() if core else ""
    if first in GOAL_VERBS:
        return f"you want to {core}"
    if first in _UNDER_WAY:
        return f"you're {core}"
    if first in ("you", "your", "you're", "yours"):
        return f"you'd like {core}" if first == "your" else f"you said {core}"
    return f"you're after {core}"


def reflect_challenge(challenge: str) -> str:
    """The challenge as a clause, e.g. "your onboarding is still manual"."""
    text = _clean(challenge) or challenge.strip()
    if set(hear_facts(text)) & {"company_size", "role", "industry", "timeline"}:
        heard = hear_challenge(text)  # "we're a 40-person agency and our follow-up is a mess": the pain only
        text = _clean(heard.said) if heard else text
    lead = CHALLENGE_LEAD.search(text)
    if lead and len(text[lead.end():].split()) >= 2 and trouble_it_explains(text, lead, None) is None:
        # "it's slow because nobody owns it" -> what stands behind "because"; "renewals get missed because
        # reminders are manual" is the trouble with its cause, and stays whole
        text = text[lead.end():]
    text = _CHALLENGE_LEAD.sub("", _clean(text), count=1)
    return _shorten(swap_pronouns(_lower_first(_clean(text))))
