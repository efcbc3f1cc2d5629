"""The visitor's clock, so a rep knows whether it is 9 in the morning or midnight where they are."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_time(zone_name: str, now: datetime | None = None) -> str | None:
    """"14:05 (Europe/Berlin)" now in `zone_name`; None for an empty or unknown zone."""
    if not zone_name:
        return None
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    moment = (now or datetime.now(timezone.utc)).astimezone(zone)
    return f"{moment:%H:%M} ({zone_name})"
