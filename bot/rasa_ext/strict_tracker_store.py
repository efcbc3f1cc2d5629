"""Make database failures visible instead of silently forgetting the conversation.

Rasa wraps every tracker store in `FailSafeTrackerStore`, which answers a failed read with a brand-new
conversation and a failed write by keeping the turn in memory only: during a database outage a visitor
would be greeted as a stranger and what they said would be lost. Here errors propagate, so the chat
channels answer with an apology (and a 503) and the visitor's message is never half-stored.
"""

from __future__ import annotations

from rasa.core.agent import Agent
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain


def _create_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    if store is None:
        return InMemoryTrackerStore(domain)
    store.domain = domain
    return store


def install() -> None:
    """Use the configured tracker store as it is, without Rasa's in-memory fallback (idempotent)."""
    Agent._create_tracker_store = staticmethod(_create_tracker_store)
