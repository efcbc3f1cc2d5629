"""Server-issued visitor ids: a random conversation id plus an HMAC, so no one can guess another's."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from bot.settings import Settings, load_settings, require_secret

SECRET_VARIABLE = "CHAT_ID_SECRET"
_SIGNATURE_HEX_CHARS = 32


def chat_id_secret(settings: Settings | None = None) -> str:
    """The signing secret shared by every Rasa server (CHAT_ID_SECRET in .env)."""
    return require_secret((settings or load_settings()).chat_id_secret, SECRET_VARIABLE)


def sign(conversation_id: str, secret: str) -> str:
    """The token that proves the holder was given `conversation_id` by this server."""
    digest = hmac.new(secret.encode(), conversation_id.encode(), hashlib.sha256).hexdigest()
    return f"{conversation_id}.{digest[:_SIGNATURE_HEX_CHARS]}"


def issue(secret: str) -> str:
    """A token for a brand-new conversation (128 random bits)."""
    return sign(secrets.token_hex(16), secret)


def verify(token: object, secret: str) -> str | None:
    """The conversation id a genuine token carries, or None for anything forged, altered or malformed."""
    if not isinstance(token, str) or "." not in token:
        return None
    conversation_id, _, _signature = token.rpartition(".")
    if not conversation_id or not hmac.compare_digest(sign(conversation_id, secret), token):
        return None
    return conversation_id
