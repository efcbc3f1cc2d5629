"""A REST visitor that behaves like the widget under faults: each message has its own id and is sent again,
under that id, until it is answered with a 2xx; every answer is tallied. A 2xx that asks to try again (the
action server was down mid-turn) is heard as a person would: they say it again, as a new message."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

from bot.conversation_events import typed_by_visitor

APOLOGIES = ("trouble on my side", "give me a moment", "sorry")
TRY_AGAIN = "please try again"  # in a 2xx answer: the turn ran without its custom action
MAX_SAY_AGAIN = 5
RETRY_SECONDS, MAX_ATTEMPTS = 1.5, 40


@dataclass
class Tally:
    """What one visitor sent and what came back."""

    acknowledged: list[str] = field(default_factory=list)  # texts that got a 2xx / an ack, in order
    unanswered: list[str] = field(default_factory=list)  # gave up on (never acknowledged)
    apologised: int = 0  # error answers that were the chat's apology
    asked_again: int = 0  # 2xx answers asking the visitor to say it again (they did, as a new message)
    unexplained: list[str] = field(default_factory=list)  # error answers that were not
    replies_missing: list[str] = field(default_factory=list)  # socket: acknowledged, but no reply arrived


def _reply_text(answer: requests.Response) -> str:
    try:
        return " ".join(str(reply.get("text", "")) for reply in answer.json()).lower()
    except (ValueError, AttributeError):
        return ""


def is_apology(answer: requests.Response) -> bool:
    return any(word in _reply_text(answer) for word in APOLOGIES)


def send_until_answered(stack, sender: str, text: str, tally: Tally) -> bool:
    """One message, resent under the same id until a 2xx (or MAX_ATTEMPTS); True when the 2xx asked the
    visitor to try again."""
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
                asked = TRY_AGAIN in _reply_text(answer)
                tally.asked_again += asked
                return asked
            if is_apology(answer):
                tally.apologised += 1
            else:
                tally.unexplained.append(f"{text}: {answer.status_code} {answer.text[:80]}")
        time.sleep(RETRY_SECONDS)
    tally.unanswered.append(text)
    return False


def rest_visitor(stack, code: str, texts: list[str], tally: Tally, stop: threading.Event | None = None) -> None:
    """Say `texts` in order as the visitor `code` (tagged "[code mN]"), again and again until `stop` if given."""
    sender, round_number = stack.visitor(code), 0
    while True:
        for index, text in enumerate(texts):
            number = round_number * len(texts) + index
            said = send_until_answered(stack, sender, f"{text} [{code} m{number}]", tally)
            for again in range(1, MAX_SAY_AGAIN + 1):
                if not said:
                    break
                time.sleep(RETRY_SECONDS)
                said = send_until_answered(stack, sender, f"{text} [{code} m{number} again {again}]", tally)
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
