"""Server-issued visitor ids: a random conversation id plus an HMAC, so no one can guess another's. Ids signed
with a key rotated out (bot/key_ring.py) stay valid through its grace period and are re-signed when seen."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from bot.key_ring import KeyRing
from bot.settings import Settings, load_settings, require_secret

SECRET_VARIABLE = "CHAT_ID_SECRET"
_SIGNATURE_HEX_CHARS = 32


def chat_id_secret(settings: Settings | None = None) -> str:
    """The signing secret shared by every Rasa server (CHAT_ID_SECRET in .env)."""
    return require_secret((settings or load_settings()).chat_id_secret, SECRET_VARIABLE)


def chat_id_keys(settings: Settings | None = None) -> KeyRing:
    """The current signing key and the previous ones still accepted."""
    return (settings or load_settings()).chat_id_keys


def sign(conversation_id: str, secret: str) -> str:
    """The token that proves the holder was given `conversation_id` by this server."""
    digest = hmac.new(secret.encode(), conversation_id.encode(), hashlib.sha256).hexdigest()
    return f"{conversation_id}.{digest[:_SIGNATURE_HEX_CHARS]}"


def issue(secret: str) -> str:
    """A token for a brand-new conversation (128 random bits)."""
    return sign(secrets.token_hex(16), secret)


def verify(token: object, keys: KeyRing) -> str | None:
    """The conversation id a genuine token carries (signed with any accepted key), or None for anything forged,
    altered, malformed or signed with a key whose grace period is over."""
    if not isinstance(token, str) or "." not in token:
        return None
    conversation_id, _, _signature = token.rpartition(".")
    if not conversation_id:
        return None
    if not any(hmac.compare_digest(sign(conversation_id, key), token) for key in keys.accepted()):
        return None
    return conversation_id


def current_token(token: object, keys: KeyRing) -> str | None:
    """A genuine token, re-signed with the current key (the same conversation); None when it is not genuine."""
    conversation_id = verify(token, keys)
    return sign(conversation_id, keys.current) if conversation_id is not None else None
