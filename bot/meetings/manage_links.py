"""Signed links that let a visitor cancel or move their meeting without an account."""

from __future__ import annotations

import hashlib
import hmac
import re

from bot.key_ring import KeyRing

_TOKEN = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{32})$")


def _signature(secret: str, public_id: str) -> str:
    return hmac.new(secret.encode(), f"meeting:{public_id}".encode(), hashlib.sha256).hexdigest()[:32]


def sign(secret: str, public_id: str) -> str:
    """The token for the meeting called `public_id` (what goes in the link)."""
    return f"{public_id}.{_signature(secret, public_id)}"


def verify(keys: KeyRing, token: str) -> str | None:
    """The meeting's public id when `token` was signed with an accepted key; None for anything else."""
    match = _TOKEN.match(token or "")
    if match is None or not any(hmac.compare_digest(match[2], _signature(key, match[1])) for key in keys.accepted()):
        return None
    return match[1]


def manage_link(manage_url: str, secret: str, public_id: str) -> str:
    return f"{manage_url}/{sign(secret, public_id)}"
