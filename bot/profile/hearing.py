"""Hears profile facts a visitor volunteers in free text: size, role, timeline, industry, tools, team,
and goal and challenge clauses ("we want X because Y")."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.discovery.answers import company_size_band, is_skip, timeline_bucket
from bot.profile.contact_preferences import hear_not_before, without_contact_wishes
from bot.profile.non_answers import is_question, non_answer_kind

# The extractor name on entities the listener adds (bot/rasa_ext/profile_listener.py); readers filter by it.
LISTENER_NAME = "ProfileListener"


@dataclass(frozen=True)
class Heard:
    """One fact recognised in a message: its normalised value and the visitor's own words."""

    fact: str
    value: str
    said: str
    start: int
    end: int
    sure: bool = True  # False: worth confirming with the visitor before it is stored


# --- company size -------------------------------------------------------------------------------
_NUMBER_WORD = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
                r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand")
_COUNT = (rf"(?:\d[\d,.]*\s*k?\+?|a dozen|dozens of|a few hundred|several hundred|a few thousand|"
          rf"(?:{_NUMBER_WORD})(?:[- ](?:{_NUMBER_WORD}))*)")
_PEOPLE = r"(?:people|ppl|persons?|employees?|staff|members?|folks|fte?s?|heads|colleagues|strong)"
_SIZE_SURE = re.compile(
    rf"\b(?:(?:about|around|roughly|approximately|approx\.?|nearly|almost|over|under|some|~)\s*)?"
    rf"(?P<n>{_COUNT})[- ]?(?:{_PEOPLE}|person\b)"
    rf"|\b(?:team|company|startup|business|agency|firm|shop|org|organi[sz]ation) of "
    rf"(?:(?:about|around|roughly|only|just|over)\s+)?(?P<n2>{_COUNT})\b"
    rf"|\b(?P<n3>{_COUNT}) of us\b"
    rf"|\b(?P<solo>just me|only me|one[- ]man band|one[- ]person (?:company|business|shop)|solo founder|"
    rf"i work alone|by myself)\b",
    re.IGNORECASE,
)
# "we're about 40": a number with no noun, most likely a headcount, but worth confirming.
_SIZE_BARE = re.compile(
    rf"\bwe(?:'re| are) (?:about |around |roughly |only |just )?(?P<n>{_COUNT})\b"
    r"(?! ?%| (?:years|months|weeks|days|of)\b)",
    re.IGNORECASE,
)

# "a law firm, 30 lawyers", "12 engineers": the people who do the work, most likely most of the company; confirmed.
_SIZE_BY_TRADE = re.compile(
    # the count ends on a non-space before the spaces: visitor text is untrusted, and a digit before a long run of
    # spaces would otherwise be tried at every split of it
    rf"(?:\b(?:about|around|roughly|nearly|almost|over|some)\s+|~\s*)?(?P<n>{_COUNT})(?<!\s)\s+(?:lawyers|attorneys|"
    r"solicitors|"
    r"accountants|engineers|developers|devs|consultants|nurses|doctors|dentists|therapists|agents|reps|salespeople|"
    r"designers|teachers|drivers|technicians|techs|recruiters|advisors|advisers|planners|architects|associates|"
    r"stylists|cleaners|caregivers|carers|coaches|trainers|volunteers|clinicians|physios|vets|chefs|cooks|"
    # "a roofing company. 12 guys."
    r"guys|gals|workers|crew|hands|roofers|electricians|plumbers|installers|builders|mechanics|fitters|labou?rers|"
    r"contractors|painters|landscapers|gardeners)\b",
    re.IGNORECASE,
)

# "a couple hundred", "thousands": a headcount said on its own, as an answer to "how many people?"
_SIZE_WORDS_ONLY = re.compile(
    r"^\W*(?:about |around |roughly |maybe |probably )?(?P<n>a couple(?: of)? hundred|a few hundred|several hundred|"
    r"a few thousand|a couple(?: of)? thousand|hundreds|thousands|a handful)\b",
    re.IGNORECASE,
)
_VAGUE_COUNTS = {"hundreds": "300", "thousands": "3000", "a handful": "5"}


def hear_company_size(text: str) -> Heard | None:
    """A company size the visitor mentioned ("a 40-person agency", "5k staff", "just me")."""
    for pattern in (_SIZE_SURE, _SIZE_BARE, _SIZE_BY_TRADE, _SIZE_WORDS_ONLY):
        match = pattern.search(text)
        if match:
            said = match.group(0).strip()
            count = _VAGUE_COUNTS.get((match.groupdict().get("n") or "").lower(), said)
            band = "1-10" if match.groupdict().get("solo") else company_size_band(count)
            if band:
                return Heard("company_size", band, said, match.start(), match.end(),
                             sure=pattern not in (_SIZE_BARE, _SIZE_BY_TRADE))
    return None


# --- role -----------------------------------------------------------------------------------------
_TITLE = (r"(?:ceo|cto|cfo|coo|cmo|cro|cio|cpo|chief \w+(?: \w+)? officer|founder|co-?founder|owner|boss|president|"
          r"vp(?: of)?(?: \w+){0,3}|vice president(?: of)?(?: \w+){0,2}|head of(?: \w+){1,3}|"
          r"director of(?: \w+){1,3}|(?:\w+ ){0,2}director|(?:\w+ ){0,2}manager|(?:\w+ ){0,2}lead|"
          r"(?:\w+ ){0,2}(?:analyst|engineer|developer|consultant|coordinator|specialist|marketer|"
          r"administrator|recruiter|accountant|controller|strategist|architect|designer|rep|sdr|bdr|"
          r"account executive|office manager|practice manager|nurse|teacher|principal|partner|intern|"
          r"freelancer|contractor)|managing director|general manager|gm|md)")
_ROLE_PATTERNS = (
    re.compile(rf"\b(?:i'?m|i am|im|as|am) (?:the |a |an |our |their |one of the )?(?P<role>{_TITLE})\b",
               re.IGNORECASE),
    re.compile(rf"^(?P<role>{_TITLE}) here\b", re.IGNORECASE),
    # "I'm Jess, marketing director at ...", "I'm kind of the everything person here, founder but also ..."
    re.compile(rf"\bi'?m \w+, (?:the |a |an |our )?(?P<role>{_TITLE})\b", re.IGNORECASE),
    re.compile(rf"\bi'?m (?:kind of |sort of |basically )?the [\w -]{{1,30}}?(?:person|guy|gal|one)(?: here)?, "
               rf"(?:the |a |an |our )?(?P<role>{_TITLE})\b", re.IGNORECASE),
    # a title on its own, as an answer to "what's your role?", or leading a list ("head of growth, 40 people")
    re.compile(rf"^\W*(?:the |a |an )?(?P<role>{_TITLE})(?:\W*$|\s*[,;]| at\b)", re.IGNORECASE),
    re.compile(rf"\bmy (?:role|title|job) is (?:the |a |an )?(?P<role>{_TITLE})\b", re.IGNORECASE),
    # "I run sales ops", "I lead customer success", "I manage the support team"
    re.compile(r"\bi(?:'m| am|m) in (?P<dept>(?:[a-z]+ )?(?:sales|marketing|ops|operations|support|finance|it|hr|"
               r"customer success|revops|engineering|product)(?: ops)?)\b", re.IGNORECASE),
    re.compile(r"\bi (?P<verb>run|lead|manage|head(?: up)?|oversee|own) (?P<what>(?:the |our |a |an |my )?"
               r"(?:[a-z-]+ ){0,2}?(?:team|department|dept|ops|operations|sales|marketing|support|"
               r"success|finance|it|engineering|hr|people|revops|growth|product|agency|company|business|"
               r"firm|startup|practice|clinic|shop|store)(?: (?:ops|operations|team|department))?)\b",
               re.IGNORECASE),
)
_TITLE_STOP = re.compile(r"\s+(?:at|in|for|with|and|but|who|where|here|so|really|mostly|basically|i guess|"
                         r"i suppose|honestly|tbh|of (?:a|an|our|my|the))\b.*$",
                         re.IGNORECASE)
_NOT_A_ROLE = re.compile(r"^(?:bit|little|new|fan|big|huge|lead(?:s|ing)?)\b", re.IGNORECASE)
_THIRD_PERSON = {"run": "runs", "lead": "leads", "manage": "manages", "head": "heads", "head up": "heads up",
                 "oversee": "oversees", "own": "owns"}


def hear_role(text: str) -> Heard | None:
    """The visitor's role ("I'm the head of ops at...", "as COO", "I run sales ops", "fine, office manager")."""
    opening = _OPENING.match(text)
    skipped = opening.end() if opening else 0
    for pattern in _ROLE_PATTERNS:
        # Patterns anchored at the start read past an opening ("fine, ", "hi, "): they search the rest.
        offset = skipped if pattern.pattern.startswith("^") else 0
        match = pattern.search(text[offset:])
        if not match:
            continue
        if match.groupdict().get("dept"):
            role = f"works in {match.group('dept')}"
        elif match.groupdict().get("verb"):
            what = re.sub(r"^(?:our|my) ", "the ", match.group("what").strip(), flags=re.IGNORECASE)
            role = f"{_THIRD_PERSON[match.group('verb').lower()]} {what}"
        else:
            role = _TITLE_STOP.sub("", match.group("role")).strip()
            if _NOT_A_ROLE.match(role):
                continue
        return Heard("role", role.lower(), match.group(0).strip(), offset + match.start(), offset + match.end())
    return None


# --- timeline -------------------------------------------------------------------------------------
_TIMELINE_SURE = re.compile(
    r"\b(?:asap|a\.s\.a\.p|urgent(?:ly)?|right away|immediately|this week|next week|this month|next month|"
    r"(?:by|before|within|in|over) (?:the )?(?:next |coming )?(?:(?:\d+|a couple(?: of)?|a few|a|an|one|two|three|"
    r"four|five|six|eight|twelve|few|couple(?: of)?) )?(?:days?|weeks?|months?|quarters?|years?)|"
    r"(?:by|before|in|for|around) (?:the )?(?:end of (?:the )?)?(?:q[1-4]|h[12]|quarter|year|summer|spring|autumn|"
    r"fall|winter|holidays|new year|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)|"
    r"this (?:quarter|year|summer|spring|autumn|fall|winter)|next (?:quarter|year)|"
    r"end of (?:the )?(?:quarter|year|summer|spring|autumn|fall|winter)|"
    r"\bq[1-4]\b|no rush|no hurry|no (?:fixed )?(?:timeline|deadline|date)|not urgent|just (?:researching|exploring)|"
    r"long[- ]term|eventually|someday)\b",
    re.IGNORECASE,
)
_TIMELINE_EXTRA = (
    ("this quarter", re.compile(r"\b(?:before|by) the holidays|by (?:january|february|march)\b", re.IGNORECASE)),
    ("this year", re.compile(r"\b(?:by|before|in) (?:april|may|june|july|august|september|october|summer|"
                             r"(?:the )?tax season)\b", re.IGNORECASE)),
    # "whenever" on its own answers "when?" (but "whenever a lead comes in ..." is when the trouble happens)
    ("no timeline", re.compile(r"^\W*(?:whenever|any ?time)(?:\W+(?:really|works|is fine|tbh|honestly|i guess|"
                               r"you like))?\W*$|\bno (?:real |hard )?deadline\b|\bnot urgent\b", re.IGNORECASE)),
)


def hear_timeline(text: str) -> Heard | None:
    """When the visitor hopes to act ("by next month", "Q1", "asap", "no rush")."""
    for bucket, pattern in _TIMELINE_EXTRA:
        match = pattern.search(text)
        if match:
            return Heard("timeline", bucket, match.group(0), match.start(), match.end())
    match = _TIMELINE_SURE.search(text)
    if not match:
        return None
    sure_bucket = timeline_bucket(match.group(0))
    if sure_bucket is None:
        return None
    return Heard("timeline", sure_bucket, match.group(0), match.start(), match.end())


# --- industry, tools, team (lookups) --------------------------------------------------------------
_INDUSTRIES = (
    ("agency", r"agency|agencies"),
    ("software", r"saas|software (?:company|startup|business|vendor)|tech startup|b2b software"),
    ("healthcare", r"clinics?|hospitals?|healthcare|health care|medical|patients?|dental|pharma\w*|nurses"),
    ("logistics", r"logistics|freight|shipping company|3pl|trucking|warehous\w+"),
    ("e-commerce", r"e-?commerce|online (?:store|shop)|shopify store|retail(?:er)?"),
    ("finance", r"bank(?:ing)?|fintech|financial services|accounting firm|accountancy|insurance|insurer|"
                r"wealth management"),
    ("education", r"schools?|universit(?:y|ies)|college|education|edtech|enrol?ment"),
    ("recruiting", r"recruit(?:ing|ment) (?:agency|firm|company)|staffing"),
    ("manufacturing", r"manufactur\w+|factory|factories"),
    ("real estate", r"real estate|property management|realtors?"),
    ("nonprofit", r"non-?profit|charity|ngo"),
    ("legal", r"law firm|legal practice"),
    ("hospitality", r"hotels?|restaurants?|hospitality|bakery|bakeries|caf[eé]s?|coffee shops?|catering"),
    ("construction", r"construction|roofing|roofers?|building company|(?:general|building|electrical) contractors?|"
                     r"plumbing|hvac|landscaping"),
)
_TOOLS = (
    ("HubSpot", r"hub ?spot"), ("Salesforce", r"salesforce|sfdc"), ("Pipedrive", r"pipedrive"),
    ("Zoho", r"zoho"), ("Microsoft Dynamics", r"(?:ms |microsoft )?dynamics(?: 365)?"),
    ("Excel", r"excel"), ("Google Sheets", r"google sheets|gsheets"), ("spreadsheets", r"spreadsheets?"),
    ("Slack", r"slack"), ("Microsoft Teams", r"(?:ms|microsoft) teams"), ("Zendesk", r"zendesk"),
    ("Intercom", r"intercom"), ("Freshdesk", r"freshdesk"), ("Jira", r"jira"), ("Asana", r"asana"),
    ("Notion", r"notion"), ("Airtable", r"airtable"), ("Mailchimp", r"mailchimp"), ("Marketo", r"marketo"),
    ("Pardot", r"pardot"), ("Shopify", r"shopify"), ("QuickBooks", r"quickbooks|qbo"), ("Xero", r"xero"),
    ("NetSuite", r"netsuite"), ("SAP", r"sap"), ("monday.com", r"monday\.com"), ("Trello", r"trello"),
    ("Zapier", r"zapier"), ("Gmail", r"gmail"), ("Outlook", r"outlook"), ("DocuSign", r"docusign"),
)
_TEAM_NAMES = (
    ("sales", r"sales|sdrs?|bdrs?|account executives|aes"), ("marketing", r"marketing|growth"),
    ("support", r"support|service desk|helpdesk|customer service|agents"),
    ("customer success", r"customer success|cs|success|csms?|account management"),
    ("operations", r"ops|operations|sales ops|revops|revenue operations"), ("finance", r"finance|accounting|billing"),
    ("hr", r"hr|people|recruiting|talent"), ("it", r"it"), ("engineering", r"engineering|dev|developers?"),
    ("onboarding", r"onboarding|implementation"), ("nursing", r"nurses|nursing"),
)
_TEAM = re.compile(
    r"\b(?:our|my|the|whole|entire) (?P<name>(?:[a-z]+ ){0,1}[a-z]+) (?:team|department|dept|org|reps|staff|crew)s?\b"
    r"|\b(?:our|my|the) (?P<people>reps|sdrs|nurses|recruiters|developers|account managers|csms)\b",
    re.IGNORECASE,
)
_TEAM_OF_PEOPLE = {"reps": "sales", "sdrs": "sales", "nurses": "nursing",
                   "recruiters": "hr", "developers": "engineering", "account managers": "customer success",
                   "csms": "customer success"}


def _lookup(table: tuple[tuple[str, str], ...], text: str) -> list[tuple[str, re.Match[str]]]:
    found = []
    for name, pattern in table:
        match = re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE)
        if match:
            found.append((name, match))
    return sorted(found, key=lambda pair: pair[1].start())


def hear_industry(text: str) -> Heard | None:
    """The visitor's industry, from words like "agency", "clinic", "logistics"."""
    found = _lookup(_INDUSTRIES, text)
    if not found:
        return None
    name, match = found[0]
    return Heard("industry", name, match.group(0), match.start(), match.end())


def hear_tools(text: str) -> Heard | None:
    """Tools the visitor uses today (CRMs, help desks, spreadsheets), in the order mentioned."""
    found = _lookup(_TOOLS, text)
    if not found:
        return None
    names = list(dict.fromkeys(name for name, _ in found))
    return Heard("tools", ", ".join(names), ", ".join(m.group(0) for _, m in found),
                 found[0][1].start(), found[-1][1].end())


def hear_team(text: str) -> Heard | None:
    """The team affected ("our support team", "my reps")."""
    for match in _TEAM.finditer(text):
        if match.group("people"):
            return Heard("team", _TEAM_OF_PEOPLE[match.group("people").lower()], match.group(0),
                         match.start(), match.end())
        words = match.group("name").lower()
        for name, pattern in _TEAM_NAMES:
            if re.fullmatch(rf"(?:\w+ )?(?:{pattern})", words) or re.fullmatch(pattern, words):
                return Heard("team", name, match.group(0), match.start(), match.end())
    return None


# --- goal and challenge clauses -------------------------------------------------------------------
_SUBJECT = r"(?:i|we|i'?m|we'?re|im|my team|our team|the team|our company)"
# Verbs a goal said as "to ..." starts with ("to see churn risk early"); "to be honest" is none.
_GOAL_VERBS = (r"see|know|spot|catch|find|get|have|make|stop|keep|be able|grow|reduce|automate|increase|improve|cut|"
               r"scale|streamline|speed|convert|boost|lower|drive|generate|capture|qualify|nurture|retain|onboard|"
               r"consolidate|integrate|centrali[sz]e|digiti[sz]e|moderni[sz]e|simplify|eliminate|fix|replace|"
               r"migrate|double|triple|shorten|hit|book|close|win|save|free|answer|respond|follow|track|manage|"
               r"prevent|avoid|predict|understand|handle|collect|bring|sell|hire|launch|build|create|start|spend")
# Words that open a message without meaning anything ("honestly just want a full calendar").
_FILLER_OPENING = r"(?:(?:honestly|basically|so|well|ok(?:ay)?|yeah|yes|tbh|ideally|i guess|i think|um+|uh+)\W+)*+"
# Who hands a goal down, and how: "my boss asked me to ...", "she wants us to ..." (also read by the reflections).
HANDED_DOWN = (r"(?:(?:my|our|the)\s+(?:boss|manager|ceo|cto|coo|cfo|founder|co-?founder|owner|director|team lead|"
               r"lead|head of \w+|vp(?: of \w+)?|leadership|management|board|partners?)|she|he|they)\s+(?:really\s+)?"
               r"(?:asked|told|wants|want|needs|has asked|have asked|would like|'d like)\s+(?:me|us)\s+to")
GOAL_LEAD = re.compile(
    r"(?:\bwhat (?:we|i) (?:really |most |actually )?(?:want|need|would like)(?: to do)? is\b"
    r"|(?<=\band )(?:also |really )?(?:want|need|wanna|would like|'d like) to\b"
    r"|(?:\b(?:i|we)(?:'d| would)|\bid|^\W*(?:would|'d)) (?:really )?(?:love|like)\b"
    r"(?! to (?:talk|speak|see|chat|book|get a demo)\b)"
    rf"|\b{_SUBJECT} (?:really |just )?wanna\b"
    r"|\b(?:we|our team|my team) (?:really )?should\b(?! (?:talk|speak|chat|meet)\b)"
    rf"|\b{_SUBJECT} (?:am |are |is |have been |'ve been )?(?:really |just |basically |mainly |mostly |also )?"
    r"(?:trying|looking|hoping|aiming|planning|wanting|want|wants|need|needs|would (?:really )?like|'d like|"
    r"wanna|have|has|got) to\b"
    rf"|\b{_SUBJECT} (?:really |just |mainly |also )?(?:want|need|would like|'d like) (?=(?:a|an|some|more|better|"
    r"fewer|less|faster|our|my|the|to|every|all|one)\b)"
    # "we need pipeline visibility": a need named by its noun, unless it points at us or at a person
    rf"|\b{_SUBJECT} (?:really |just |mainly |also )?(?:want|need) "
    r"(?!(?:you|your|it|this|that|them|him|her|someone|somebody|help(?! with)|info|information|pricing|prices?|"
    r"answers?|details)\b)(?=[a-z]+ [a-z]+)"
    # "my boss wants us to automate onboarding", "she wants us to ...": a goal handed down is still the goal
    rf"|\b{HANDED_DOWN}\b"
    r"|\b(?:our|my|the) (?:main |big |biggest |top |real |first )?(?:goal|aim|plan|priority|objective|focus|mission)"
    r"(?: right now| this year| here)? (?:is|is to|would be)\b"
    r"|\b(?:looking|trying|hoping|aiming|planning) to\b"
    # "we are evaluating tools to reduce manual data entry": what the tool is for is the goal
    r"|\b(?:evaluating|looking at|exploring|considering|comparing|researching|shopping for|need|want) (?:a |an |some )?"
    r"(?:tools?|options|solutions?|software|platforms?|vendors?|apps?|systems?) (?:to|that (?:can|could|would|will))\b"
    rf"|^\W*{_FILLER_OPENING}(?:(?:really|just|mainly|mostly) )?(?:want|need|wanna|have) to\b"
    # "to see churn risk early": the answer to "what would be different?" without its "we want"
    rf"|^\W*{_FILLER_OPENING}(?:so |in order )?to (?=(?:{_GOAL_VERBS})\b)"
    # "want every lead answered within the hour", "honestly just want mondays back": the subject left out
    rf"|^\W*{_FILLER_OPENING}(?:(?:really|just|mainly|mostly) )?(?:want|need) (?=(?:a|an|some|more|better|fewer|"
    r"less|faster|our|my|"
    r"the|every|all|one|it all|everything)\b|(?!(?:you|your|it|this|that|them|him|her|someone|somebody|help|info|"
    r"information|pricing|"
    r"prices?|answers?|details|to)\b)[a-z]+ [a-z]+)"
    r"|\blooking for (?=(?:a|an|some|ways?|help|something)\b)"
    r"|\bhelp (?:me|us)(?: to)?\b(?! with (?:this|that)\b)"
    rf"|\bhow (?:do|can|could|should) {_SUBJECT}\b(?! (?:sign up|start|buy|book|pay|reach|contact)\b)"
    r"|^(?:goal|aim|objective)\s*:)",
    re.IGNORECASE,
)
CHALLENGE_LEAD = re.compile(
    # "founder but also do sales": "but also" adds, it does not set against
    r"(?:\bbecause(?: of)?\b|\bsince (?=(?:our|my|the|we|it|everything|nobody|no one)\b)|"
    r"\bbut\b(?!\s+(?:(?:i|we) )?also\b)|"
    r"\b(?:the|our|my) (?:main |biggest |real |big )?(?:problem|issue|challenge|blocker|pain|struggle|"
    r"bottleneck)(?: right now| today)? (?:is|are)(?: that)?\b|"
    r"\bwhat(?:'s| is) (?:getting|standing) in (?:the|our) way (?:is|are)(?: that)?\b|"
    r"\b(?:we|i) (?:keep )?struggl\w+(?: with| to)?\b|\bstruggling (?:with|to)\b|\bproblem is\b|"
    r"\bthe thing is\b|\bthe catch is\b|\bit'?s (?:mostly|mainly) (?:that|like)\b|\bit'?s (?:more|really) that\b)",
    re.IGNORECASE,
)
# "we only find out at the end of the month": trouble, about what was said just before it
FOUND_OUT_LATE = r"only (?:hear|find out|learn|notice|see)\b"
CHALLENGE_CUE = re.compile(
    r"\b(?:(?:a|total|complete|such a|a total|a complete|a huge|a real|a big) mess|messy|manual(?:ly)?|by hand|"
    r"on paper|paper forms?|by fax|"
    r"spreadsheets?|(?:is|all|runs?|lives?|living) (?:in|on) (?:google )?"
    r"(?:sheets|excel)|tak(?:es?|ing) (?:us |me |them |our team |my team |people )?(?:forever|too long|ages|weeks|days|"
    r"hours|months)|"
    r"needs? me to|(?:has|have) to go through me|waits? (?:on|for) me|everything goes through me|"
    r"forever|waste[sd]? (?:time|hours)|killing|kills|nightmare|no-?shows?|no-?showing|ghost(?:s|ing|ed)?|"
    # "it takes her whole morning"
    r"takes? (?:up )?(?:half )?(?:(?:her|his|their|my|our)(?: whole| entire)?|(?:a|the) (?:whole|entire)) "
    r"(?:morning|afternoon|day|week)s?|"
    # "someone spends half a day copying numbers into slides", "I spend my whole friday retyping orders"
    r"spend(?:s|ing)? (?:way )?(?:too|so) much time|"
    r"spend(?:s|ing)? (?:(?:half (?:a|the|of (?:my|our|the))|the whole|my whole|our whole|(?:almost |nearly )?all|"
    r"a|an|every)\s+)?(?:hours?|days?|ages|mornings?|afternoons?|evenings?|weeks?|weekends?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b|"
    r"copying|retyp\w+|re-?enter\w*|re-?key\w*|"
    r"juggl(?:e|es|ed|ing)|switch(?:es|ing)? between|back and forth|"
    # "customers ask where their refund is all day"; "we're open all day" is no trouble
    r"(?:ask|email|call|ring|chase|message|text|ping|answer|complain|chas)(?:s|es|ed|ing)?\b[^.!?]{0,60}?"
    r"\b(?:all day|all the time|day in,? day out|at all hours|around the clock|(?:late )?at night|at midnight|"
    r"until midnight|on (?:the )?weekends?|every (?:night|evening|weekend))|constantly|non-?stop|"
    # "they're busy with renewals": why the work doesn't get done
    r"(?:too|so|always|really|very|constantly|(?:'re|are|is|'s|am|'m)(?: (?:too|so|always|really|very))?) busy|"
    r"headache|eats (?:up )?(?:my|our|the)|eating (?:up )?(?:my|our|the)|"
    r"too (?:slow|many|much|long|few)|slow(?:ly|er)?|go(?:es)? cold|fall(?:s|ing)? through the cracks|"
    r"no (?:one|visibility|budget|time|process|owner|way)|nobody|can'?t keep up|drowning|not enough|broken|"
    r"painful|error[- ]prone|disconnected|broke|all over the place|don'?t talk to each other|out of control|"
    r"chaos|chaotic|scattered|(?<!\bi )(?<!\bwe )get(?:s|ting)? lost|go(?:es)? missing|"
    r"get(?:s|ting)? (?:missed|forgotten|dropped|ignored)|"
    r"keep (?:losing|missing|forgetting)|keeps? (?:emailing|calling|asking|chasing|breaking|crashing|failing|"
    r"dying|slipping|piling|bouncing|complaining|waiting|churning|surprising|cancell?ing|quitting|leaving|"
    r"dropping (?:off|out)|no-?showing)|without (?:us|me|anyone|anybody|the team) (?:noticing|knowing)|"
    + FOUND_OUT_LATE + r"|losing|loses?|forget(?:s)? to|"
    r"(?:people|patients|customers|clients|users|staff|reps|they) (?:often |always |just |keep )?forget(?:s|ting)?|"
    r"hard to|difficult|"
    r"stuck|bottleneck|(?:a bit |a little |totally |completely )?lost (?:with|on|about) (?:our|my)\b|"
    r"backlog|copy[- ]?past\w*|duplicate|overwhelmed|behind|inconsistent|unreliable|expensive|churn(?:ing)?|"
    r"hopeless|useless|terrible|awful|brutal|tedious|exhausting|frustrating|stressful|a (?:pain|grind|slog|drag)|"
    r"bad at|(?<!\bi )guess(?:work|ing|es)?|in the dark|blind|takes? (?:us |me |them )?"
    r"(?:about |around |over |like |almost |nearly )?(?:a |two |\d+ )?"
    r"(?:days|weeks|hours)|pil(?:e|es|ing) up|sits? (?:in|there|for)|creeping up|slipping|leak(?:s|ing|y)?|"
    r"can'?t|cannot|don'?t|doesn'?t|won'?t|isn'?t|aren'?t|never|problems?|"
    r"issues?|pain(?:ful)?)\b",
    re.IGNORECASE,
)

# ", our forecasts are guesswork", ", sales takes days": a new subject with a verb of its own
_NEW_SUBJECT = (
    r",\s*(?=(?:(?:our|my|the|their|all|most|half)\s+)?(?:(?!(?:that|which|who|where|when|and|or|to|for|with|"
    r"of|in|on|at|by|from|like|so|but)\b)[a-z'-]+\s+){1,3}"
    r"(?:is|are|was|were|takes?|took|has|have|had|keeps?|never|always|still|just|gets?|sits?|goes|go|"
    r"don'?t|doesn'?t|can'?t|won'?t|isn'?t|aren'?t|wasn'?t|weren'?t|hasn'?t|haven'?t|seems?|feels?|looks?|"
    r"needs?|lives?|ends? up|piles? up|falls?|drops?|slips?|breaks?)\b)"
)
# Where a clause ends: punctuation, a conjunction that starts a new thought, or a new subject after "and".
_CLAUSE_END = re.compile(
    r"[.!?;]|\s+-\s+|\s+—\s+|,\s*(?:and |but |so |because |since |which )|"
    r",\s*(?=(?:they|it|we|i|he|she|everything|nobody|no one)(?:'re|'s|'ve| are| is| have| keep| just)\b)|"
    r"\s+(?:because|since|but|though|although|so that|whereas)\b|"
    r",?\s+and (?=(?:our|my|the|it|its|it's|we|we're|i|i'm|they|everything|nobody|no one|honestly|"
    r"basically|also)\b)|"
    + _NEW_SUBJECT,
    re.IGNORECASE,
)


_PART_END = re.compile(_CLAUSE_END.pattern + r"|,", re.IGNORECASE)
_LEADING_FILLER = re.compile(
    r"^(?:(?:and|also|so|well|ok(?:ay)?|um+|uh+|honestly|basically|frankly|really|like|actually|plus)\b[,\s]*)+",
    re.IGNORECASE,
)


def _clause_after(text: str, start: int) -> tuple[str, int]:
    end_match = _CLAUSE_END.search(text, start)
    end = end_match.start() if end_match else len(text)
    return _LEADING_FILLER.sub("", text[start:end].strip(" ,")), end


@lru_cache(maxsize=8)
def _part_ends(text: str) -> tuple[int, ...]:
    """Where each clause boundary in `text` ends, in order (found once per message, not once per pain word)."""
    return tuple(m.end() for m in _PART_END.finditer(text))


def _clause_around(text: str, position: int) -> tuple[str, int, int]:
    """The comma-or-clause-delimited stretch of `text` around `position`."""
    ends = _part_ends(text)
    before = bisect_right(ends, position)
    start = ends[before - 1] if before else 0
    end_match = _PART_END.search(text, position)
    end = end_match.start() if end_match else len(text)
    return text[start:end].strip(" ,"), start, end


# "I want to talk to someone" or "we'd like to see a demo" is a request, not a goal.
_REQUEST_NOT_GOAL = re.compile(
    r"^(?:talk|speak|chat|get in touch|contact|call|email|book|schedule|know|ask|say|check|delete|forget|"
    r"unsubscribe|sign up|buy|see (?:a |the |your )?(?:demo|product|pricing|price)|"
    r"get (?:a |an )?(?:demo|price|pricing|quote|call|person|human|rep|trial)|try (?:it|the product|you)|"
    r"(?:set up|arrange|have|hop on|jump on) (?:a |an |the )?(?:quick )?(?:call|meeting|demo|chat)|"
    r"learn more about (?:you|your|the product|this)|be (?:contacted|forgotten|called|emailed)|"
    r"(?:a |an |some |a real |to )?(?:agent|person|human|rep|someone|somebody|salesperson)|"
    r"(?:a |an |the |your |a quick |a free )?(?:demo|call|callback|meeting|quote|price|pricing|trial)(?: please)?$|"
    r"(?:some )?(?:reading material|resources|guides?|case stud\w+|recommendations?|content|links|webinars?))\b",
    re.IGNORECASE,
)
# "do you have anything on churn prediction?": reading asked for by its topic, which is what they are after
_TOPIC_REQUEST = re.compile(
    r"\b(?:do you have|have you got|you got|got|is there|are there|any) (?:anything|something|stuff|content|"
    r"resources?|guides?|material|tips|advice|info|information) (?:on|about|for|around|regarding) "
    r"(?!(?:you|your|yours|this|that|it|us|northwind)\b)(?P<topic>[^?.!]{3,80})", re.IGNORECASE)
_TRAILING_HEDGE = re.compile(r"[\s,]+(?:i guess|i think|i suppose|probably|maybe|tbh|honestly|lol|really)\W*$",
                             re.IGNORECASE)
_HEDGE = re.compile(r"^(?:(?:probably|maybe|perhaps|just|really|definitely|also|first)\s+)+", re.IGNORECASE)
# A goal said without lead words ("grow pipeline from inbound", "reduce churn"): an answer in its own right.
_BARE_GOAL = re.compile(
    r"^(?:grow|reduce|automate|increase|improve|cut|scale|streamline|speed up|convert|boost|lower|drive|"
    r"generate|capture|qualify|nurture|retain|onboard|consolidate|integrate|centrali[sz]e|digiti[sz]e|"
    r"moderni[sz]e|simplify|eliminate|fix|stop|replace|migrate|double|triple|shorten|hit|book|close|"
    r"(?:make sure|ensure)(?!\s+(?:you|your|someone|somebody|anyone|to (?:call|email|contact))\b)|never (?:miss|lose)|"
    r"get (?:more|better|faster|fewer|our|my|rid|leads|customers|every|each|all)|"
    # "get them live in a week", in reply to a summary of getting customers live: the goal put more exactly;
    # "get clients onboarded in a week"
    r"get (?!(?:nothing|anything|little)\b)(?:new \w+|\w+) "
    r"(?:live|running|set up|onboarded|started|done|sorted|fixed|answered)|"
    # "fewer no-shows at our clinics", "more qualified leads": the outcome they want, named by what changes
    r"(?:fewer|more|less|faster|better|quicker|happier|shorter|lower|higher)(?!\s+(?:than|or|and|of)\b)(?=\s+[a-z]))\b",
    re.IGNORECASE,
)
# "new customers should be live in a week, not a month": the state they want, said of the thing, not of themselves.
# Not when the subject points at us or at a person ("you should call me", "someone needs to reply").
_DESIRED_STATE = re.compile(
    r"^(?P<subject>(?!(?:you|your|someone|somebody|anyone|it|this|that|there|i|we|he|she|they|maybe|perhaps|"
    r"probably|so|then)\b)"
    r"(?:(?:our|my|the|all|every|each|any)\s+)?[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3}?)\s+"
    r"(?:should|must|ought to|needs? to|would ideally)\s+(?P<rest>(?:be\s+|all\s+|really\s+|always\s+)*"
    r"(?P<state>[a-z][a-z'-]*))",
    re.IGNORECASE,
)
# A goal said as how things would be, of all of something: "every enquiry gets a reply within the hour", "no
# patient waits more than a week". The verbs, present tense, with the form a wish takes ("... to get ...").
CLAUSE_VERBS = {
    "gets": "get", "get": "get", "has": "have", "have": "have", "is": "be", "are": "be", "goes": "go",
    "go": "go", "takes": "take", "take": "take", "hears": "hear", "hear": "hear", "replies": "reply",
    "reply": "reply", "answers": "answer", "answer": "answer", "comes": "come", "come": "come",
    "arrives": "arrive", "arrive": "arrive", "stays": "stay", "stay": "stay", "pays": "pay", "pay": "pay",
    "shows": "show", "show": "show", "signs": "sign", "sign": "sign", "finds": "find", "find": "find",
    "receives": "receive", "receive": "receive", "waits": "wait", "wait": "wait", "lands": "land",
    "land": "land", "knows": "know", "know": "know", "feels": "feel", "feel": "feel", "runs": "run",
    "run": "run", "works": "work", "work": "work", "ends": "end", "end": "end", "turns": "turn", "turn": "turn",
    "happens": "happen", "happen": "happen", "books": "book", "book": "book", "leaves": "leave",
    "leave": "leave", "falls": "fall", "fall": "fall", "slips": "slip", "slip": "slip", "sits": "sit", "sit": "sit",
}
CLAUSE_SUBJECT_WORDS = (r"(?:(?!(?:to|that|who|which|will|can|could|should|would|must|might|may|not|never|and|or|"
                        r"but|if|when)\b)[a-z][a-z'-]*\s+){0,3}?")
CLAUSE_VERB = "(?:" + "|".join(sorted(CLAUSE_VERBS, key=len, reverse=True)) + ")"
_WISHED_FOR_ALL = re.compile(r"^(?:every|each|no|all)\s+" + CLAUSE_SUBJECT_WORDS + CLAUSE_VERB + r"\s+\S",
                             re.IGNORECASE)
# A wish about the conversation with us ("the demo should be next week", "pricing should be clear") is no goal.
_ABOUT_TALKING_TO_US = re.compile(r"\b(?:demo|call|meeting|pricing|prices?|quote|trial|rep|salesperson|sales team|"
                                  r"manager|boss|colleague)\b", re.IGNORECASE)


_SENTENCE_END = re.compile(r"(?<!\.)[.!?](?![.!?])|[!?]")  # "post... total mess": an ellipsis ends no sentence
# "... and I'd like to halve that": the goal names what it changes only by pointing back at what came before.
POINTS_BACK_AT_END = re.compile(r"\b(?:that|this|it|them|those)(?:\s+(?:in|by|to|down|up|half|a|an|the|\w+)){0,3}\W*$",
                                re.IGNORECASE)


def desired_state(text: str) -> re.Match[str] | None:
    """A goal said as the state they want, of their own work ("new customers should be live in a week")."""
    match = _DESIRED_STATE.match(text)
    return None if match is None or _ABOUT_TALKING_TO_US.search(match.group("subject")) else match


_OPENING = re.compile(r"^(?:(?:hi|hello|hey|hiya|ok(?:ay)?|so|well|um+|uh+|ugh+|meh|hm+|eh|oh|basically|honestly|"
                      r"whatever|fine|probably|maybe|perhaps|ideally|i guess|i think|i suppose|"
                      r"sure|alright|all right|anyway|yeah|yes|right)\b[!,.\s]*|"
                      # "idk, more placements": unsure, then the answer after all ("not sure more leads would help"
                      # doubts it)
                      r"(?:idk|i dunno|dunno|not (?:really )?sure|no idea)\s*[,.;:!-]+\s*)+",
                      re.IGNORECASE)


# "not sure we need a tool": a need in doubt is not their goal ("not sure, we want more leads" still is one)
_DOUBTED = re.compile(r"\b(?:not (?:really |totally )?sure|unsure|(?:do not|don'?t|dont) (?:really )?know|doubt)"
                      r"(?: (?:if|whether|that))?\s+$", re.IGNORECASE)


def hear_goal(text: str) -> Heard | None:
    """A goal clause ("we want to X", "our goal is X", "how do we X"), from its lead words to its end."""
    match = GOAL_LEAD.search(text)
    if match and _DOUBTED.search(text, max(0, match.start() - 40), match.start()):
        return None
    if match:
        clause, end = _clause_after(text, match.start())
        after_lead = _HEDGE.sub("", text[match.end():end].strip(" ,"))
        if len(after_lead.split()) < 2 or _REQUEST_NOT_GOAL.match(after_lead):
            return None
        start = match.start()
        if POINTS_BACK_AT_END.search(clause):
            # "our close takes eight days and I'd like to halve that": "that" is the sentence before the lead
            begin = max((mark.end() for mark in _SENTENCE_END.finditer(text, 0, start)), default=0)
            before = text[begin:start].strip(" ,")
            if len(before.split()) >= 3 and not _SELF_DESCRIPTION.match(before):
                start = begin + len(text[begin:start]) - len(text[begin:start].lstrip())
                clause = text[start:end].strip(" ,")
        return Heard("goal", clause, clause, start, end)
    if topic := _TOPIC_REQUEST.search(text):
        clause = topic.group("topic").strip(" ,")
        if len(clause.split()) <= 8 and not _REQUEST_NOT_GOAL.match(clause):
            return Heard("goal", clause, clause, topic.start("topic"), topic.start("topic") + len(clause))
    opening = _OPENING.match(text)
    start = opening.end() if opening else 0
    wished_for_all = _WISHED_FOR_ALL.match(text[start:]) and not CHALLENGE_CUE.search(text)
    if (_BARE_GOAL.match(text[start:]) or desired_state(text[start:]) or wished_for_all) and "?" not in text:
        clause, end = _clause_after(text, start)
        clause = _TRAILING_HEDGE.sub("", clause)
        if 2 <= len(clause.split()) <= 16:
            return Heard("goal", clause, clause, start, end)
    return None


def hear_challenge(text: str, goal: Heard | None = None) -> Heard | None:
    """What stands in the way: a clause after "because/but/the problem is", or one with a pain word."""
    for match in CHALLENGE_LEAD.finditer(text):
        clause, end = _clause_after(text, match.end())
        if len(clause.split()) >= 2:
            start = trouble_it_explains(text, match, goal)
            if start is not None:
                clause = _LEADING_FILLER.sub("", text[start:end].strip(" ,"))
            return Heard("challenge", clause, clause, match.start() if start is None else start, end)
    for match in CHALLENGE_CUE.finditer(text):
        wished_away = _WISHED_AWAY.search(text, max(0, match.start() - _WISH_REACH), match.start())
        if goal and goal.start <= match.start() < goal.end or wished_away:
            continue
        clause, start, end = _clause_around(text, match.start())
        clause = _LEADING_FILLER.sub("", clause)
        joined = _SELF_DESCRIPTION.match(clause) and list(_AND.finditer(text, start, match.start()))
        if joined:  # "we're a 15 person accounting firm and month end close is brutal": the pain, not who they are
            start = joined[-1].end()
            clause = text[start:end].strip(" ,")
        elif clause.lower() == match.group(0).lower() and start > 0:
            # "clients email, call, fill forms, all over the place": the pain word alone says nothing; the list
            # before it, in the same sentence, is what it is about
            start = _summed_up_from(text, start)
            clause = text[start:end].strip(" ,")
        elif (_POINTS_BACK.match(clause) or (_NOBODY.match(clause) and len(clause.split()) <= 4)
              or _FOUND_OUT_LATE.match(match.group(0))) and start > 0:
            # "my boss approves every invoice and it takes forever": "it" is the trouble said just before;
            # "members cancel and we only find out at month end": so is what they find out about too late
            before, before_start, _ = _clause_around(text, max(0, text.rfind(" ", 0, start - 1)))
            least = 2 if _FOUND_OUT_LATE.match(match.group(0)) else 3
            if len(before.split()) >= least and not _SELF_DESCRIPTION.match(before) \
                    and not (goal and goal.start < start and before_start < goal.end):
                clause, start = text[before_start:end].strip(" ,"), before_start
        if len(clause.split()) >= 2 and not _ABOUT_US.match(clause) and not _asked(text, start, end) \
                and not _OFFER_DOES_NOT_SUIT.match(clause):
            end = _more_of_the_same_trouble(text, end, goal)
            clause = text[start:end].strip(" ,")
            return Heard("challenge", clause, clause, start, end)
    return None


_EXPLAINS = re.compile(r"because|since", re.IGNORECASE)
_FOUND_OUT_LATE = re.compile(FOUND_OUT_LATE, re.IGNORECASE)


def trouble_it_explains(text: str, lead: re.Match[str], goal: Heard | None) -> int | None:
    """Where the trouble that a cause explains begins ("renewals get missed | because reminders are manual"):
    the clause before "because" when it is a trouble itself, not their goal; None when it is not."""
    if not _EXPLAINS.match(lead.group(0)) or lead.start() == 0:
        return None
    before, start, _ = _clause_around(text, lead.start() - 1)
    if len(before.split()) < 2 or not CHALLENGE_CUE.search(before) or _SELF_DESCRIPTION.match(before) \
            or _POINTS_BACK.match(before) or (goal and goal.start < lead.start() and start < goal.end):
        return None
    return start


_AND_THEN = re.compile(r",?\s+and\s+(?:then\s+)?", re.IGNORECASE)


def _more_of_the_same_trouble(text: str, end: int, goal: Heard | None) -> int:
    """Where the trouble ends when the next clause, joined by "and", is more of it ("volunteers sign up on paper
    and we retype everything"); `end` when it is not."""
    joined = _AND_THEN.match(text, end)
    if joined is None:
        return end
    _, _, next_end = _clause_around(text, joined.end())
    following = text[joined.end():next_end]
    if not CHALLENGE_CUE.search(following) or (goal and goal.start < next_end and joined.end() < goal.end):
        return end
    return next_end


_LEADING_PIECE = re.compile(r"[^,]*,\s*")


def _summed_up_from(text: str, start: int) -> int:
    """Where the list a lone pain phrase at `start` sums up begins: its sentence, without the leading pieces that
    say who they are ("we're an accounting firm, 12 ppl, clients send receipts by ..., total mess")."""
    begin = max((mark.end() for mark in _SENTENCE_END.finditer(text, 0, start)), default=0)
    for piece in _LEADING_PIECE.finditer(text, begin, start):
        said = piece.group().strip(" ,")
        if not (_SELF_DESCRIPTION.match(said) or re.search(r"\d", said)):
            break
        begin = piece.end()
    return begin


# "get the reports out without anyone copying numbers around", "less manual work": a pain word wished away is
# part of what they want
_WISH_REACH = 60  # characters before a pain word where "without ..." is looked for
_WISHED_AWAY = re.compile(r"\b(?:without|no more|instead of|rather than|less|fewer|get rid of|reduce|reducing|cut|"
                          r"cutting|eliminate|eliminating|minimi[sz]e|avoid)(?:\s+[\w'-]+){0,2}\s+$",
                          re.IGNORECASE)


def _asked(text: str, start: int, end: int) -> bool:
    """Whether the clause is (part of) a question: "do you have anything on churn prediction?" names a topic."""
    sentence_end = re.search(r"[.!?]", text[end:])
    return bool(sentence_end and sentence_end.group(0) == "?") or is_question(text[start:end])


# "you keep asking me stuff": about this conversation (or us), not what's in the way of their work
_ABOUT_US = re.compile(r"^(?:you|you're|you've|your)\b", re.IGNORECASE)
# "I can't make any of those": the times (or the like) we offered don't suit them; nothing in their own way.
_OFFER_DOES_NOT_SUIT = re.compile(
    r"^(?:i|we)\s+(?:can'?t|cannot|can not|couldn'?t)\s+(?:make|do|attend|join)\s+(?:it|that|this|them|those|"
    r"these|any(?: of)?(?: (?:those|these|them|the times|the slots))?)\W*$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
# "volunteers sign up through google forms and nobody follows up": "nobody follows up" alone loses what it's about
_NOBODY = re.compile(r"^(?:nobody|no one|noone|nothing)\b", re.IGNORECASE)
_POINTS_BACK = re.compile(r"^(?:it|it's|that|that's|this|this is|which|they|they're|these|those)\b", re.IGNORECASE)


# "do you integrate with Salesforce?" names a tool, but asks about ours: a question's tools, industry and
# team are not facts about the visitor ("ballpark for a team of 30?" still tells us their size).
_PRODUCT_QUESTION = re.compile(r"^\W*(?:do|does|can|could|will|would|is|are|have|has)\b|\?\s*$", re.IGNORECASE)
_NOT_FROM_QUESTIONS = ("industry", "tools", "team")


_STATE_AFTER_GOAL = re.compile(_NEW_SUBJECT, re.IGNORECASE)


def _state_after_goal(text: str, goal: Heard | None, who: list[Heard | None]) -> Heard | None:
    """ "we need more leads, our SDRs are idle": how things stand, said right after the goal, is what's in the way
    (unless it tells us who they are, `who`: "..., our team is 40 people")."""
    if goal is None or not _STATE_AFTER_GOAL.match(text, goal.end):
        return None
    clause, end = _clause_after(text, goal.end + 1)
    start = goal.end + 1
    if len(clause.split()) < 2 or any(fact and start <= fact.start < end for fact in who):
        return None
    return Heard("challenge", clause, clause, start, end)


# The same shape at the start of a message: "my starter keeps dying, i want to bake better bread".
_STATE_OPENS = re.compile(r"^\s*" + _NEW_SUBJECT[len(r",\s*"):], re.IGNORECASE)
_WHO_THEY_ARE = re.compile(r"^\s*(?:my|our) (?:name|company|role|job|title|team|business|firm|startup)\b",
                           re.IGNORECASE)


# "we're a small bakery chain with 6 shops", "I run a two-person design studio": who they are, in answer to what
# they want to achieve ("a bit", "a mess" are how things are, not who they are).
_SELF_DESCRIPTION = re.compile(
    r"^\W*(?:(?:hi|hello|hey)\b\W*)?(?:we'?re|we are|i'?m|i am|we run|i run|we own|i own|i work (?:at|for|in))\s+"
    r"(?:just\s+|only\s+)?(?:a|an)\s+(?!bit\b|little\b|mess\b|lot\b|fan\b)\w|"
    # "I'm kind of the everything person here", "I'm the founder"
    r"^\W*(?:(?:hi|hello|hey)\b\W*)?(?:i'?m|i am)\s+(?:kind of |sort of |basically |pretty much )?the\s+"
    r"(?:[\w-]+\s+){0,3}(?:person|guy|gal|one|founder|owner|ceo|cto|coo|cfo|head|lead|manager|director)\b|"
    # "I am evaluating vendors for our procurement department": what they are doing, not yet what they want
    r"^\W*(?:(?:hi|hello|hey)\b\W*)?(?:we'?re|we are|i'?m|i am)\s+(?:currently\s+|just\s+)?(?:evaluating|comparing|"
    r"researching|reviewing|looking at|exploring)\s+(?:(?:a few|some|several|different|new|the)\s+)?(?:vendors|tools|"
    r"options|solutions|software|platforms|providers)\b(?!\s+(?:to|that|which)\b)|"
    # "we run 3 restaurants", "I own two clinics"
    r"^\W*(?:(?:hi|hello|hey)\b\W*)?(?:we run|i run|we own|i own|we operate|i operate)\s+(?:\d+|two|three|four|five|"
    r"six|seven|eight|nine|ten|a few|several)\s+[a-z]|"
    # "we're 30 ppl", "there are only four of us": the size of the company is who they are too
    r"^\W*(?:we'?re|we are|there are|there'?s)\s+(?:just\s+|only\s+|about\s+|around\s+|roughly\s+)?"
    r"(?:\d[\d,]*\+?|a few|a dozen|a handful of|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|"
    r"fifty|a hundred)\s*(?:ppl|people|persons?|staff|employees|folks|of us)\b", re.IGNORECASE)


_REFERS_BACK = re.compile(r"\b(?:it|that|this|them|those|these)\b", re.IGNORECASE)


def refers_back(text: str) -> bool:
    """Whether a short clause points at something said before ("reps forget to do it")."""
    return len(text.split()) <= 8 and bool(_REFERS_BACK.search(text))


# Words that turn a reflection down. "no" only with its punctuation ("no, ...", "nope -"): "no idea" is none.
_NOT_SO = r"not (?:quite|really|exactly|entirely)"
# "nah more like X": straight before what they mean instead, a "no" needs no punctuation
_RATHER = r"(?:(?:it'?s |its |it is )?(?:more|rather) (?:like|about|that|of)\b)"
_TURNS_DOWN = re.compile(rf"^\W*(?:(?:no|nope|nah)\s*(?:[,.!:;-]|(?={_RATHER}))|(?:{_NOT_SO}|wrong|incorrect|"
                         r"that'?s (?:not (?:it|right|quite)|wrong))\b)", re.IGNORECASE)
# "not quite, more like answer them automatically": the turn-down words before the correction itself (each with its
# punctuation here: "not really sure what we need" is no correction).
_CORRECTION_LEAD = re.compile(
    rf"^\W*(?:(?:no|nope|nah|{_NOT_SO}|not that|sorry)(?:\s*[,.!:;-]+\s*|\s+(?={_RATHER}))|"
    r"(?:actually|well)\b[\s,.!:;-]*)+"
    rf"(?:{_RATHER}[\s,:;-]*|i meant?\b[\s,:;-]*)?",
    re.IGNORECASE)


def turns_down(text: str) -> bool:
    """Whether a reply to a reflection opens by saying it's wrong ("no, it's more about speed", "not quite")."""
    return bool(_TURNS_DOWN.match(text))


def without_correction(text: str) -> str:
    """`text` without a lead that turns down what was reflected ("not quite, more like X" -> "X"), when something
    of two words or more remains."""
    rest = _CORRECTION_LEAD.sub("", text, count=1).strip()
    return rest if len(rest.split()) >= 2 else text


def describes_who_they_are(text: str) -> bool:
    """True when the message opens by saying who the visitor or their company is ("we're a ...", "i run a ...")."""
    return bool(_SELF_DESCRIPTION.match(text))


def _state_before_goal(text: str, goal: Heard | None, who: list[Heard | None]) -> Heard | None:
    """How things stand, said just before the goal ("our crm keeps crashing, we want to replace it"), is what's in
    the way, unless it tells us who they are ("my name is Dana, ...", "our team is 40 people, ...")."""
    if goal is None:
        return None
    before = text[:goal.start]
    clause = before.rstrip(" ,;.-")
    if not clause or clause == before.rstrip() or not _STATE_OPENS.match(clause) or _WHO_THEY_ARE.match(clause):
        return None  # no comma (or the like) between them, not a state, or about who they are
    if len(clause.split()) < 2 or any(fact and fact.start < len(clause) for fact in who):
        return None
    start = len(clause) - len(clause.lstrip())
    return Heard("challenge", clause.strip(), clause.strip(), start, len(clause))


# "live in a week, not a month", "days instead of weeks": how fast things should go, not when to solve it.
_MEASURE = re.compile(r"^(?:in|within|over)\b|\b(?:not|instead of|rather than|vs\.?|versus)\b", re.IGNORECASE)


# "get every volunteer a reply within a day": a time this short inside a goal is how fast, never a deadline
_SHORT_MEASURE = re.compile(r"^(?:within|in|under) (?:a|an|one|the|\d+|24) ?(?:days?|hours?|h|minutes?|mins?)\b",
                            re.IGNORECASE)


def _measure_of_goal(timeline: Heard | None, goal: Heard | None, text: str) -> bool:
    """Whether a time said inside a wished-for state is its measure ("should be live in a week")."""
    if timeline is None or goal is None or not goal.start <= timeline.start < goal.end:
        return False
    if _SHORT_MEASURE.match(timeline.said):
        return True
    opening = _OPENING.match(text)
    if not desired_state(text[opening.end() if opening else 0:]):
        return False
    return bool(_MEASURE.search(timeline.said) or _MEASURE.search(text[timeline.end:goal.end]))


def hear_facts(text: str) -> dict[str, Heard]:
    """Every profile fact recognisable in one message, by fact name."""
    goal = hear_goal(text)
    # "reach out after Q3" says when to contact them, not when they hope to have it solved.
    timeline = hear_timeline(text) if hear_not_before(text, date.today()) is None else None
    if _measure_of_goal(timeline, goal, text):
        timeline = None
    about = [hear_company_size(text), hear_role(text), timeline, hear_industry(text),
             hear_tools(text), hear_team(text)]
    found = [*about, goal, hear_challenge(text, goal) or _state_after_goal(text, goal, about[:4])
             or _state_before_goal(text, goal, about[:4])]
    heard = {fact.fact: fact for fact in found
             if fact is not None and not (fact.fact in ("goal", "challenge")
                                          and (non_answer_kind(fact.value) not in (None, "question")
                                               or not without_contact_wishes(fact.value, date.today())))
             and not is_skip(fact.value)}
    if "goal" not in heard:
        heard = {name: fact for name, fact in heard.items()
                 if name not in _NOT_FROM_QUESTIONS or not _PRODUCT_QUESTION.search(_sentence_of(text, fact))}
    return heard


def _sentence_of(text: str, fact: Heard) -> str:
    """The sentence a fact was heard in ("We're a dental practice." is no question, though "Can you help?" is)."""
    start = max((text.rfind(mark, 0, fact.start) for mark in ".!?"), default=-1) + 1
    ends = [found for mark in ".!?" if (found := text.find(mark, fact.end)) >= 0]
    return text[start:min(ends) + 1 if ends else len(text)]

