"""A REST visitor that behaves like the widget under faults: each message has its own id and is sent again,
under that id, until it is answered with a 2xx; every answer is tallied."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

from bot.conversation_events import typed_by_visitor

APOLOGIES = ("trouble on my side", "give me a moment", "sorry")
RETRY_SECONDS, MAX_ATTEMPTS = 1.5, 40


@dataclass
class Tally:
    """What one visitor sent and what came back."""

    acknowledged: list[str] = field(default_factory=list)  # texts that got a 2xx / an ack, in order
    unanswered: list[str] = field(default_factory=list)  # gave up on (never acknowledged)
    apologised: int = 0  # error answers that were the chat's apology
    unexplained: list[str] = field(default_factory=list)  # error answers that were not
    replies_missing: list[str] = field(default_factory=list)  # socket: acknowledged, but no reply arrived


def is_apology(answer: requests.Response) -> bool:
    try:
        texts = " ".join(str(reply.get("text", "")) for reply in answer.json())
    except (ValueError, AttributeError):
        return False
    return any(word in texts.lower() for word in APOLOGIES)


def send_until_answered(stack, sender: str, text: str, tally: Tally) -> None:
    """One message, resent under the same id until a 2xx (or MAX_ATTEMPTS)."""
    message_id = uuid.uuid4().hex
    for _ in range(MAX_ATTEMPTS):
        try:
            answer = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
                                   json={"sender": sender, "message": text, "message_id": message_id})
        except requests.RequestException as error:
            tally.unexplained.append(f"{text}: {type(error).__name__}")
        else:
            if answer.ok:
                tally.acknowledged.append(text)
                return
            if is_apology(answer):
                tally.apologised += 1
            else:
                tally.unexplained.append(f"{text}: {answer.status_code} {answer.text[:80]}")
        time.sleep(RETRY_SECONDS)
    tally.unanswered.append(text)


def rest_visitor(stack, code: str, texts: list[str], tally: Tally, stop: threading.Event | None = None) -> None:
    """Say `texts` in order as the visitor `code` (tagged "[code mN]"), again and again until `stop` if given."""
    sender, round_number = stack.visitor(code), 0
    while True:
        for index, text in enumerate(texts):
            send_until_answered(stack, sender, f"{text} [{code} m{round_number * len(texts) + index}]", tally)
            time.sleep(0.3)
        round_number += 1
        if stop is None or stop.is_set():
            return


def visitor_words(stack, code: str) -> list[str]:
    """What the visitor `code` typed, as their conversation holds it, in order."""
    return [e["text"] for e in stack.tracker(code)["events"] if e["event"] == "user" and typed_by_visitor(e["text"])]


def conversation_defects(stack, code: str, tally: Tally) -> dict[str, int]:
    """Acknowledged messages missing from the visitor's conversation, repeated, out of order, given up on but
    there anyway, or another visitor's. Only typed words count: the bot's own events ("EXTERNAL: ..." when a
    handoff nobody claimed in time goes back to the bot) are not the visitor's."""
    said = visitor_words(stack, code)
    counts: dict[str, int] = {}
    for text in said:
        counts[text] = counts.get(text, 0) + 1
    return {"lost": sum(1 for text in tally.acknowledged if text not in counts),
            "duplicated": sum(count - 1 for count in counts.values()),
            "out_of_order": int([text for text in dict.fromkeys(said) if text in tally.acknowledged]
                                != tally.acknowledged),
            "phantom": sum(1 for text in tally.unanswered if text in counts),
            "foreign": sum(1 for text in said if f"[{code} " not in text)}
