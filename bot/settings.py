"""Typed settings read from the environment, with `.env` loaded by python-dotenv."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv

from bot.events.event_types import EventFilterError, check_filter
from bot.key_ring import PREVIOUS_SUFFIX, KeyRing, KeyRingError, PreviousKey, parse_previous
from bot.paths import CRM_MAPPING_FILE, ENV_FILE, VAR_DIR

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'leadbot.db'}"


class SettingsError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything the processes need to know about their environment."""

    database_url: str
    rasa_token: str
    session_secret: str
    rasa_host: str
    rasa_port: int
    action_host: str
    action_port: int
    web_host: str
    web_port: int
    redis_url: str = ""
    chat_id_secret: str = ""
    chat_limit_per_visitor: int = 20
    chat_limit_per_address: int = 600
    chat_allowed_origins: tuple[str, ...] = ()
    rasa_public_url_override: str = ""
    web_public_url_override: str = ""
    secure_cookies: bool = False
    web_run_background: bool = True
    local_postgres_port: int = 5433
    local_postgres_password: str = ""
    local_redis_port: int = 6380
    local_redis_password: str = ""
    retention_days: int = 180  # leads not seen for this long are purged (anonymous counts stay)
    prompts_file: str = ""  # the proactive prompts (default data/prompts.yml; tests point elsewhere)
    rasa_response_timeout: int = 40  # seconds any request to Rasa may take before it is answered 503
    # Keys rotated out (`python -m bot env rotate NAME`), still accepted until their grace period ends.
    chat_id_previous: tuple[PreviousKey, ...] = ()
    session_previous: tuple[PreviousKey, ...] = ()

    @property
    def chat_id_keys(self) -> KeyRing:
        """CHAT_ID_SECRET and the previous keys still accepted for visitor ids."""
        return KeyRing(require_secret(self.chat_id_secret, "CHAT_ID_SECRET"), self.chat_id_previous)

    @property
    def session_keys(self) -> KeyRing:
        """SESSION_SECRET and the previous keys still accepted for reps' session cookies."""
        return KeyRing(require_secret(self.session_secret, "SESSION_SECRET"), self.session_previous)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.action_host}:{self.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.web_host}:{self.web_port}"

    @property
    def public_rasa_url(self) -> str:
        """Where browsers reach Rasa's socket.io channel (RASA_PUBLIC_URL, e.g. behind a proxy)."""
        return (self.rasa_public_url_override or self.rasa_url).rstrip("/")

    @property
    def public_web_url(self) -> str:
        """Where browsers reach the web app (WEB_PUBLIC_URL, e.g. behind a proxy)."""
        return (self.web_public_url_override or self.web_url).rstrip("/")


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a port number; set it in .env") from None
    if not 0 < port < 65536:
        raise SettingsError(f"{name}={port} is outside 1-65535; set it in .env")
    return port


def _positive(name: str, default: float, whole: bool = False) -> float:
    """A number greater than 0 (a whole one if `whole`), or a SettingsError naming the variable."""
    raw = os.environ.get(name, "") or str(default)
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise SettingsError(f"{name}={raw!r} is not {kind}; set it in .env") from None
    if not 0 < value < float("inf"):  # also refuses nan and inf
        raise SettingsError(f"{name} must be a finite number greater than 0")
    return value


def _count(name: str, default: int) -> int:
    return int(_positive(name, default, whole=True))


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes"):
        return True
    if raw in ("0", "false", "no"):
        return False
    raise SettingsError(f"{name}={raw!r} is not true or false; set it in .env")


def _list(name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in os.environ.get(name, "").split(",") if item.strip())


def _previous_keys(name: str) -> tuple[PreviousKey, ...]:
    try:
        return parse_previous(name, os.environ.get(name + PREVIOUS_SUFFIX, ""))
    except KeyRingError as error:
        raise SettingsError(str(error)) from None


def load_settings() -> Settings:
    """Load `.env` (without overriding real environment variables) and return the settings."""
    load_dotenv(ENV_FILE, override=False)
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        rasa_token=os.environ.get("RASA_TOKEN", ""),
        session_secret=os.environ.get("SESSION_SECRET", ""),
        rasa_host=os.environ.get("RASA_HOST", "127.0.0.1"),
        rasa_port=_port("RASA_PORT", 5005),
        action_host=os.environ.get("ACTION_HOST", "127.0.0.1"),
        action_port=_port("ACTION_PORT", 5055),
        web_host=os.environ.get("WEB_HOST", "127.0.0.1"),
        web_port=_port("WEB_PORT", 8000),
        redis_url=os.environ.get("REDIS_URL", ""),
        chat_id_secret=os.environ.get("CHAT_ID_SECRET", ""),
        chat_limit_per_visitor=_count("CHAT_LIMIT_PER_VISITOR", 20),
        chat_limit_per_address=_count("CHAT_LIMIT_PER_ADDRESS", 600),
        chat_allowed_origins=tuple(origin.rstrip("/") for origin in _list("CHAT_ALLOWED_ORIGINS")),
        rasa_public_url_override=os.environ.get("RASA_PUBLIC_URL", ""),
        web_public_url_override=os.environ.get("WEB_PUBLIC_URL", ""),
        secure_cookies=_flag("WEB_SECURE_COOKIES", False),
        # Several workers (scaled profile): only one sends notifications and expires unclaimed handoffs.
        web_run_background=_flag("WEB_RUN_BACKGROUND", True),
        local_postgres_port=_port("LOCAL_POSTGRES_PORT", 5433),
        local_postgres_password=os.environ.get("LOCAL_POSTGRES_PASSWORD", ""),
        local_redis_port=_port("LOCAL_REDIS_PORT", 6380),
        local_redis_password=os.environ.get("LOCAL_REDIS_PASSWORD", ""),
        retention_days=_count("RETENTION_DAYS", 180),
        prompts_file=os.environ.get("PROMPTS_FILE", ""),
        rasa_response_timeout=_count("RASA_RESPONSE_TIMEOUT_SECONDS", 40),
        chat_id_previous=_previous_keys("CHAT_ID_SECRET"),
        session_previous=_previous_keys("SESSION_SECRET"),
    )


def child_environment(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment plus `overrides`, for a child process (Rasa, a service, a tool)."""
    env = {**os.environ, **(overrides or {})}
    env.setdefault("PYTHONUNBUFFERED", "1")
    # Rasa 3.6 uses SQLAlchemy 1.4's legacy API; its 2.0 migration banner is noise for operators.
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    # No telemetry or crash reports leave the machine (they would also stall on a closed network).
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    return env


def export_variables(values: dict[str, str]) -> None:
    """Set variables for code that only reads the environment (Rasa's `${...}` expansion, rasa_sdk, children)."""
    os.environ.update(values)


def require_secret(value: str, name: str) -> str:
    """Return a secret setting, refusing to run with an empty or too-short one."""
    if len(value) < 16:
        raise SettingsError(
            f"{name} is missing or shorter than 16 characters. "
            "Delete .env and run `make run` to generate one, or set it yourself."
        )
    return value


@dataclass(frozen=True)
class HandoffSettings:
    """Who is told about handoffs, how, and when reps are around."""

    inbox_url: str
    claim_timeout_minutes: float
    business_timezone: str
    business_days: str
    business_hours: str
    webhook_url: str
    smtp_host: str
    smtp_port: int
    smtp_starttls: bool
    smtp_username: str
    smtp_password: str
    smtp_from: str
    notify_emails: tuple[str, ...]
    digest_emails: tuple[str, ...] = ()  # who gets the weekly unmet-needs digest

    @property
    def notify_channels(self) -> tuple[str, ...]:
        """The channels that are configured: webhook and/or email."""
        channels = []
        if self.webhook_url:
            channels.append("webhook")
        if self.smtp_host and self.notify_emails:
            channels.append("email")
        return tuple(channels)


def load_handoff_settings() -> HandoffSettings:
    """Handoff settings from `.env` (notifications are off until their settings are filled in)."""
    settings = load_settings()
    return HandoffSettings(
        inbox_url=(os.environ.get("INBOX_PUBLIC_URL") or f"{settings.web_url}/inbox").rstrip("/"),
        claim_timeout_minutes=_positive("CLAIM_TIMEOUT_MINUTES", 5),
        business_timezone=os.environ.get("BUSINESS_TIMEZONE") or "UTC",
        business_days=os.environ.get("BUSINESS_DAYS") or "mon,tue,wed,thu,fri,sat,sun",
        business_hours=os.environ.get("BUSINESS_HOURS") or "00:00-24:00",
        webhook_url=os.environ.get("NOTIFY_WEBHOOK_URL", ""),
        smtp_host=os.environ.get("SMTP_HOST", ""),
        smtp_port=_port("SMTP_PORT", 587),
        smtp_starttls=_flag("SMTP_STARTTLS", True),
        smtp_username=os.environ.get("SMTP_USERNAME", ""),
        smtp_password=os.environ.get("SMTP_PASSWORD", ""),
        smtp_from=os.environ.get("SMTP_FROM", "lead-assistant@localhost"),
        notify_emails=_list("NOTIFY_EMAILS"),
        digest_emails=_list("DIGEST_EMAILS"),
    )


@dataclass(frozen=True)
class MeetingSettings:
    """How far ahead visitors can book calls, and where the links in invitations point."""

    min_notice_minutes: int  # the earliest slot offered is at least this far from now
    horizon_days: int  # and no further ahead than this
    manage_url: str  # the public web app: /meetings/<signed id> cancels or moves a meeting
    inbox_url: str
    link_secret: str  # signs those links (the inbox's session secret)
    can_send_invitations: bool  # SMTP is set up; without it no time is offered
    link_previous: tuple[PreviousKey, ...] = ()  # session secrets rotated out: their links work through the grace

    @property
    def link_keys(self) -> KeyRing:
        return KeyRing(self.link_secret, self.link_previous)


def load_meeting_settings() -> MeetingSettings:
    """Meeting settings from `.env`; reps set their own hours, length and buffer in the inbox."""
    settings = load_settings()
    horizon = _count("MEETING_HORIZON_DAYS", 14)
    if horizon > 90:
        raise SettingsError("MEETING_HORIZON_DAYS must be at most 90")
    return MeetingSettings(
        min_notice_minutes=_count("MEETING_MIN_NOTICE_MINUTES", 60),
        horizon_days=horizon,
        manage_url=f"{settings.public_web_url}/meetings",
        inbox_url=(os.environ.get("INBOX_PUBLIC_URL") or f"{settings.public_web_url}/inbox").rstrip("/"),
        link_secret=require_secret(settings.session_secret, "SESSION_SECRET"),
        can_send_invitations=bool(os.environ.get("SMTP_HOST", "").strip()),
        link_previous=settings.session_previous,
    )


@dataclass(frozen=True)
class WebhookSubscription:
    """One system that receives events: where, the secret its deliveries are signed with, and which events."""

    name: str
    url: str
    secret: str
    events: tuple[str, ...]  # patterns such as "*", "lead.*", "handoff.closed"


@dataclass(frozen=True)
class HubSpotConnection:
    """A HubSpot account reached with a private app's token."""

    token: str
    api_url: str = "https://api.hubapi.com"
    name: str = "hubspot"


@dataclass(frozen=True)
class SalesforceConnection:
    """A Salesforce org reached with an external client app's OAuth client-credentials flow."""

    login_url: str  # the org's My Domain URL, e.g. https://acme.my.salesforce.com
    client_id: str
    client_secret: str
    api_version: str = "v60.0"
    name: str = "salesforce"


CrmConnection = HubSpotConnection | SalesforceConnection
CRM_NAMES = ("hubspot", "salesforce")


@dataclass(frozen=True)
class EventSettings:
    """Webhook subscriptions, connected CRMs, and how hard deliveries are tried."""

    subscriptions: tuple[WebhookSubscription, ...] = ()
    crm: tuple[CrmConnection, ...] = ()
    crm_mapping_file: Path = CRM_MAPPING_FILE
    max_attempts: int = 12  # about an hour with the backoff in bot/retry_schedule.py, then dead
    keep_days: float = 7.0  # delivered events are deleted after this long


_SUBSCRIPTION_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")


def _subscription(name: str) -> WebhookSubscription:
    if not _SUBSCRIPTION_NAME.fullmatch(name):
        raise SettingsError(f"WEBHOOKS: {name!r} is not a subscription name (lowercase letters, digits, _)")
    prefix = f"WEBHOOK_{name.upper()}"
    url = os.environ.get(f"{prefix}_URL", "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{prefix}_URL={url!r} is not an http(s) URL; set it in .env")
    secret = os.environ.get(f"{prefix}_SECRET", "")
    if len(secret) < 16:
        raise SettingsError(f"{prefix}_SECRET is missing or shorter than 16 characters; set the secret the "
                            "subscriber verifies signatures with in .env")
    events = tuple(item.strip() for item in (os.environ.get(f"{prefix}_EVENTS") or "*").split(",") if item.strip())
    try:
        check_filter(events)
    except EventFilterError as error:
        raise SettingsError(f"{prefix}_EVENTS: {error}") from None
    return WebhookSubscription(name=name, url=url, secret=secret, events=events)


def _http_url(name: str, default: str = "") -> str:
    url = (os.environ.get(name) or default).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(f"{name}={url!r} is not an http(s) URL; set it in .env")
    return url


def _hubspot() -> HubSpotConnection | None:
    token = os.environ.get("HUBSPOT_TOKEN", "").strip()
    if not token:
        return None
    if not re.fullmatch(r"[A-Za-z0-9_.:-]{8,500}", token):
        raise SettingsError("HUBSPOT_TOKEN does not look like a private app token (pat-...); copy it from "
                            "HubSpot's Settings > Integrations > Private Apps into .env")
    return HubSpotConnection(token=token, api_url=_http_url("HUBSPOT_API_URL", "https://api.hubapi.com"))


def _salesforce() -> SalesforceConnection | None:
    client_id = os.environ.get("SALESFORCE_CLIENT_ID", "").strip()
    if not client_id:
        return None
    secret = os.environ.get("SALESFORCE_CLIENT_SECRET", "").strip()
    if not secret:
        raise SettingsError("SALESFORCE_CLIENT_SECRET is missing; set the external client app's consumer secret "
                            "in .env (or clear SALESFORCE_CLIENT_ID)")
    version = os.environ.get("SALESFORCE_API_VERSION", "").strip() or "v60.0"
    if not re.fullmatch(r"v\d{2}\.\d", version):
        raise SettingsError(f"SALESFORCE_API_VERSION={version!r} should look like v60.0")
    return SalesforceConnection(login_url=_http_url("SALESFORCE_LOGIN_URL"), client_id=client_id,
                                client_secret=secret, api_version=version)


def load_event_settings() -> EventSettings:
    """Subscriptions named in WEBHOOKS (comma-separated), each with WEBHOOK_<NAME>_URL, _SECRET and _EVENTS;
    HubSpot when HUBSPOT_TOKEN is set, Salesforce when SALESFORCE_CLIENT_ID is."""
    load_dotenv(ENV_FILE, override=False)
    names = _list("WEBHOOKS")
    if len(set(names)) != len(names):
        raise SettingsError("WEBHOOKS names a subscription twice")
    if set(names) & set(CRM_NAMES):
        raise SettingsError(f"WEBHOOKS: {', '.join(CRM_NAMES)} are the built-in CRM connections; name the "
                            "webhook subscription something else")
    crm = tuple(connection for connection in (_hubspot(), _salesforce()) if connection is not None)
    return EventSettings(subscriptions=tuple(_subscription(name) for name in names), crm=crm,
                         max_attempts=_count("WEBHOOK_MAX_ATTEMPTS", 12),
                         keep_days=_positive("EVENT_KEEP_DAYS", 7.0))
