"""One HTTP request to a system outside the product (a webhook subscriber, a CRM): no redirects followed,
a bounded wait, and any failure raised as a DeliveryError that says when to try again."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

MAX_RETRY_AFTER = timedelta(hours=1)
TIMEOUT_SECONDS = 10
_ERROR_TEXT_LIMIT = 300


class DeliveryError(Exception):
    """A receiver did not accept a request; `retry_after` is what it asked for (429/503), if anything."""

    def __init__(self, message: str, retry_after: timedelta | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


@dataclass(frozen=True)
class Answer:
    """A 2xx answer: its status and raw body."""

    status: int
    raw: bytes

    def json(self) -> Any:
        """The body parsed as JSON (None when empty); a body that is not JSON is a DeliveryError."""
        try:
            return json.loads(self.raw) if self.raw.strip() else None
        except ValueError:
            raise DeliveryError(f"answered {self.status} with a body that is not JSON") from None


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """A Retry-After header (seconds or an HTTP date) as a delay, capped at an hour; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            delay = parsedate_to_datetime(value) - now
        except (TypeError, ValueError):
            return None
    return max(timedelta(0), min(MAX_RETRY_AFTER, delay))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failed request: following it would re-send a signed or authorised body elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's hook
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _error_text(error: urllib.error.HTTPError) -> str:
    try:
        text = error.read(_ERROR_TEXT_LIMIT + 1).decode("utf-8", "replace")
    except OSError:
        text = ""
    text = " ".join(text.split())
    return f"answered {error.code}" + (f": {text[:_ERROR_TEXT_LIMIT]}" if text else "")


def send(method: str, url: str, headers: dict[str, str], body: bytes | None, now: datetime) -> Answer:
    """Send one request; any answer but 2xx (or no answer) is a DeliveryError."""
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        raise DeliveryError(_error_text(error), retry_after(error.headers.get("Retry-After"), now),
                            error.code) from None
    except (OSError, ValueError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from None
    if not 200 <= status < 300:
        raise DeliveryError(f"answered {status}", status=status)
    return Answer(status, raw)


def send_json(method: str, url: str, headers: dict[str, str], payload: Any, now: datetime) -> Answer:
    """Send `payload` as a JSON body (or no body when None)."""
    body = None if payload is None else json.dumps(payload).encode()
    return send(method, url, {**headers, "Content-Type": "application/json"} if body else headers, body, now)
