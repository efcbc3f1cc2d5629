"""Finds what makes a reflection read like a parrot: first-person leftovers, doubled words, greetings and
fillers, truncation, and "you're after you"."""

from __future__ import annotations

import re

_CHECKS = (
    # Not inside a hyphenated name: "those where-is-my-order emails" is how they call the emails.
    ("first person", re.compile(r"(?<![\w'-])(?:i|me|my|mine|myself|we|our|ours|ourselves|i'm|im|i've|we're|we've|"
                                r"i'd|we'd|i'll|we'll|us)(?![\w'-])", re.IGNORECASE)),
    ("doubled word", re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)),
    ("greeting or filler", re.compile(r"\b(?:hi|hello|hey|hiya|um+|uh+|erm|basically|honestly|literally|tbh|"
                                      r"you know|kinda|i mean)\b|(?:^|,\s*)like,", re.IGNORECASE)),
    ("truncated", re.compile(r"…|\.\.\.|\s(?:and|or|but|the|a|an|to|of|for|with|in|on|at|by|from|your|that|"
                             r"because)$", re.IGNORECASE)),
    ("you're after you", re.compile(r"\b(?:you're after|you want to|you want) (?:you|you're|you've)\b",
                                    re.IGNORECASE)),
    ("question reflected", re.compile(r"\?|\b(?:after|to) (?:what|how|why|who|which)\b", re.IGNORECASE)),
)


# "... before they come in", "... once they log on": a verb's particle, not a clause cut short.
_PARTICLE_ENDING = re.compile(r"\b(?:come|comes|came|coming|log|logs|logged|sign|signs|signed|check|checks|checked|"
                              r"opt|opts|opted|plug|plugs|plugged|get|gets|got|walk|walks|walked|drop|drops|dropped|"
                              r"turn|turns|turned|move|moves|moved|carry|carries|carried|keep|keeps|kept|go|goes|"
                              r"went|hold|holds|held|call|calls|called|fill|fills|filled|hand|hands|handed)\s+"
                              r"(?:in|on)$", re.IGNORECASE)


def reflection_defects(reflection: str) -> list[str]:
    """The names of every defect found in one reflected clause (empty when it reads well)."""
    text = (reflection or "").strip()
    return [name for name, pattern in _CHECKS if pattern.search(text)
            and not (name == "truncated" and _PARTICLE_ENDING.search(text))]
