"""Rasa's Redis lock store with atomic ticket updates, for several Rasa servers.

Rasa 3.6's `RedisLockStore` issues and returns tickets with a plain GET followed by a SET. When two
servers take a ticket for the same conversation at the same moment, both read the same lock, both write
it back, and both end up "now serving": the two turns run at once and one visitor message vanishes from
the tracker (seen in tests/e2e/test_scaled.py). Here every read-modify-write is a Redis transaction
(WATCH/MULTI/EXEC, retried on conflict), so tickets are unique and the lock really is exclusive.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose ticket changes are atomic (configured in endpoints.scaled.yml)."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _change(self, conversation_id: str,
                change: Callable[[TicketLock | None], tuple[TicketLock | None, Result]]) -> Result:
        """Apply `change` to the stored lock atomically; a lock it returns as None is deleted."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed the lock in between: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, take)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: (_without(lock, ticket_number), None))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def release(lock: TicketLock | None) -> tuple[TicketLock | None, Any]:
            lock = _without(lock, ticket_number)
            return (lock if lock is not None and lock.is_someone_waiting() else None), None

        self._change(conversation_id, release)


def _without(lock: TicketLock | None, ticket_number: int) -> TicketLock | None:
    if lock is not None:
        lock.remove_ticket_for(ticket_number)
    return lock
