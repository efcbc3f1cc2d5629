"""The scaled profile's lock store on a real Redis: tickets taken at the same moment stay unique."""

from __future__ import annotations

import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_ext.lock_store import AtomicRedisLockStore

SERVERS, TICKETS_EACH = 8, 5


def _config(redis_url: str, prefix: str) -> EndpointConfig:
    parts = urllib.parse.urlsplit(redis_url)
    return EndpointConfig(parts.hostname, port=parts.port, password=urllib.parse.unquote(parts.password),
                          db=0, key_prefix=prefix)


def _take_tickets_at_once(stores: list[RedisLockStore], conversation_id: str) -> list[int]:
    with ThreadPoolExecutor(max_workers=len(stores)) as pool:
        return list(pool.map(lambda store: store.issue_ticket(conversation_id), stores * TICKETS_EACH))


def test_tickets_taken_at_once_by_many_servers_are_unique(redis_url):
    prefix = f"test{uuid.uuid4().hex[:8]}"
    stores = [AtomicRedisLockStore(_config(redis_url, prefix)) for _ in range(SERVERS)]
    tickets = _take_tickets_at_once(stores, "visitor")
    assert sorted(tickets) == list(range(SERVERS * TICKETS_EACH))
    # Served in ticket order: only the lowest ticket holds the lock; releasing it passes the lock on.
    lock = stores[0].get_lock("visitor")
    assert not lock.is_locked(0) and lock.is_locked(1)
    stores[3].cleanup("visitor", 0)
    assert not stores[5].get_lock("visitor").is_locked(1)
    for ticket in range(1, SERVERS * TICKETS_EACH):
        stores[ticket % SERVERS].cleanup("visitor", ticket)
    assert stores[0].get_lock("visitor") is None  # the last release deletes the lock
