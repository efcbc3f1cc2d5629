"""Starting handoffs and keeping each lead's warmth current: the rules, without Rasa."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.handoff.availability import BusinessHours, parse_business_hours
from bot.handoff.signals import signals_from_conversation
from bot.handoff.summary import handoff_summary
from bot.handoff.warmth import Warmth, WarmthConfig, load_warmth_config, score_warmth
from bot.settings import HandoffSettings, load_handoff_settings, load_settings

HANDOFF_REASONS = {
    "request_human": "asked for a person",
    "complain": "made a complaint",
    "request_demo": "asked for a demo",
    "nlu_fallback": "the assistant did not understand them twice",
}
DEFAULT_REASON = "accepted the offer of a person"


@dataclass(frozen=True)
class HandoffStart:
    """What happened when a handoff was requested."""

    handoff_id: int
    status: str  # queued | follow_up | already_open
    warmth: Warmth


class HandoffDesk:
    """Scores leads and opens handoffs in SQL; Rasa actions and the tracker store call it."""

    def __init__(self, database_url: str, settings: HandoffSettings, warmth_config: WarmthConfig) -> None:
        self.database_url = database_url
        self.settings = settings
        self.warmth_config = warmth_config
        self.hours: BusinessHours = parse_business_hours(settings.business_timezone, settings.business_days,
                                                         settings.business_hours)

    def warmth(self, intents: Iterable[str], slots: Mapping[str, Any]) -> Warmth:
        return score_warmth(signals_from_conversation(intents, slots), self.warmth_config)

    def should_offer_person(self, sender_id: str, warmth: Warmth) -> bool:
        """Offer a person when the lead is warm enough and nobody is already on the way."""
        if warmth.score < self.warmth_config.offer_threshold:
            return False
        with session_scope(self.database_url) as session:
            return Repository(session).open_handoff_for(sender_id) is None

    def start(self, sender_id: str, trigger_intent: str, intents: Iterable[str], slots: Mapping[str, Any],
              now: datetime) -> HandoffStart:
        """Open a handoff: queued for a rep during business hours, follow-up otherwise."""
        warmth = self.warmth(intents, slots)
        reason = HANDOFF_REASONS.get(trigger_intent, DEFAULT_REASON)
        with session_scope(self.database_url) as session:
            repo = Repository(session)
            existing = repo.open_handoff_for(sender_id)
            if existing is not None:
                return HandoffStart(existing.id, "already_open", warmth)
            status = "queued" if self.hours.is_open(now) else "follow_up"
            handoff = repo.create_handoff(
                sender_id, reason, warmth.score, warmth.reasons, handoff_summary(slots, reason, warmth.reasons),
                status=status, notify_channels=self.settings.notify_channels,
            )
            repo.record_warmth(sender_id, warmth.score, warmth.reasons)
            return HandoffStart(handoff.id, status, warmth)


@lru_cache(maxsize=1)
def handoff_desk() -> HandoffDesk:
    """The process-wide desk, configured from `.env` and data/warmth.yml (fails loudly if invalid)."""
    return HandoffDesk(load_settings().database_url, load_handoff_settings(), load_warmth_config())
