"""Rasa's tracker-store table, described just enough to delete one sender's events."""

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, inspect
from sqlalchemy.orm import Session

# Mirrors rasa.core.tracker_store.SQLTrackerStore.SQLEvent; Rasa creates and owns this table.
_metadata = MetaData()
rasa_events = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def rasa_events_table_exists(session: Session) -> bool:
    """True once Rasa has created its tracker table in this database."""
    return inspect(session.connection()).has_table("events")
