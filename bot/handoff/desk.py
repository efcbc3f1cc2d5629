"""How warm a lead is, whether to offer a person, and the reason and briefing a handoff starts with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from bot.handoff import lifecycle
from bot.handoff.availability import BusinessHours, parse_business_hours
from bot.handoff.rep_briefing import rep_briefing
from bot.handoff.routing_rules import RoutingRules, load_routing_rules
from bot.handoff.signals import signals_from_conversation
from bot.handoff.warmth import Warmth, WarmthConfig, load_warmth_config, score_warmth
from bot.settings import HandoffSettings, load_handoff_settings, load_settings

HANDOFF_REASONS = {
    "request_human": "asked for a person",
    "complain": "made a complaint",
    "request_demo": "asked for a demo",
    "nlu_fallback": "the assistant did not understand them twice",
}
DEFAULT_REASON = "accepted the offer of a person"


class HandoffDesk:
    """Scores leads and opens handoffs in SQL; Rasa actions and the tracker store call it."""

    def __init__(self, database_url: str, settings: HandoffSettings, warmth_config: WarmthConfig,
                 routing: RoutingRules | None = None) -> None:
        self.database_url = database_url
        self.settings = settings
        self.warmth_config = warmth_config
        self.routing = routing
        self.hours: BusinessHours = parse_business_hours(settings.business_timezone, settings.business_days,
                                                         settings.business_hours)

    def warmth(self, intents: Iterable[str], slots: Mapping[str, Any],
               visited: Iterable[tuple[str, str]] = ()) -> Warmth:
        return score_warmth(signals_from_conversation(intents, slots, visited), self.warmth_config)

    def should_offer_person(self, sender_id: str, warmth: Warmth) -> bool:
        """Offer a person when the lead is warm enough and nobody is already on the way."""
        if warmth.score < self.warmth_config.offer_threshold:
            return False
        return not lifecycle.has_open_handoff(self.database_url, sender_id)

    def start(self, sender_id: str, trigger_intent: str, intents: Iterable[str], slots: Mapping[str, Any],
              now: datetime, visited: Iterable[tuple[str, str]] = ()) -> lifecycle.HandoffStart:
        """Open a handoff: queued for a rep during business hours, follow-up otherwise."""
        warmth = self.warmth(intents, slots, visited)
        reason = HANDOFF_REASONS.get(trigger_intent, DEFAULT_REASON)
        return lifecycle.start(self.database_url, sender_id, reason, warmth,
                               rep_briefing(slots, reason, warmth.reasons), self.hours.is_open(now),
                               self.settings.notify_channels, self.settings.inbox_url, self.routing)

    def withdraw(self, sender_id: str) -> str | None:
        """Take back the visitor's request for a person (see `lifecycle.withdraw_in_db`)."""
        return lifecycle.withdraw_in_db(self.database_url, sender_id)


@lru_cache(maxsize=1)
def handoff_desk() -> HandoffDesk:
    """The process-wide desk, configured from `.env` and data/warmth.yml (fails loudly if invalid)."""
    return HandoffDesk(load_settings().database_url, load_handoff_settings(), load_warmth_config(),
                       load_routing_rules())
