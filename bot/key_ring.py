"""Signing keys that can be rotated without signing everyone out: new signatures use the current key, and a
previous key is still accepted until its grace period ends.

In `.env`: `NAME=<current key>` and `NAME_PREVIOUS=<key>@<ISO time it stops being accepted>[,...]`, written by
`python -m bot env rotate NAME` (bot/envfile.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

PREVIOUS_SUFFIX = "_PREVIOUS"
ROTATABLE = ("CHAT_ID_SECRET", "SESSION_SECRET")


class KeyRingError(ValueError):
    """A `NAME_PREVIOUS` value that cannot be read; the message says how it should look."""


@dataclass(frozen=True)
class PreviousKey:
    key: str
    until: datetime  # accepted before this moment, refused from it on


@dataclass(frozen=True)
class KeyRing:
    current: str
    previous: tuple[PreviousKey, ...] = field(default_factory=tuple)

    def accepted(self, now: datetime | None = None) -> list[str]:
        """The current key first, then every previous key still in its grace period."""
        moment = now or datetime.now(timezone.utc)
        return [self.current, *(old.key for old in self.previous if old.until > moment and old.key)]


def parse_previous(name: str, raw: str) -> tuple[PreviousKey, ...]:
    """`key@2026-12-30T00:00:00+00:00,key2@...` -> previous keys (an empty value: none)."""
    found = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        key, _, until = entry.rpartition("@")
        try:
            moment = datetime.fromisoformat(until.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if not key or moment is None or moment.tzinfo is None:
            raise KeyRingError(f"{name}{PREVIOUS_SUFFIX} must list key@time entries with a UTC offset, e.g. "
                               f"abc123@2026-12-30T00:00:00+00:00 (write it with `python -m bot env rotate {name}`)")
        found.append(PreviousKey(key, moment))
    return tuple(found)


def format_previous(keys: Iterable[PreviousKey]) -> str:
    return ",".join(f"{old.key}@{old.until.isoformat()}" for old in keys)
