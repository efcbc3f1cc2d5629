"""Settings and the generated .env file."""

import pytest

from bot.envfile import add_missing_secrets, ensure_env_file, render_env
from bot.paths import ENV_EXAMPLE_FILE
from bot.settings import (
    DEFAULT_DATABASE_URL,
    SettingsError,
    load_event_settings,
    load_handoff_settings,
    load_settings,
    require_secret,
)


def test_generated_env_has_fresh_secrets_and_keeps_other_lines(tmp_path):
    env_path = tmp_path / ".env"
    assert ensure_env_file(env_path, ENV_EXAMPLE_FILE) is True
    text = env_path.read_text()
    values = dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert len(values["RASA_TOKEN"]) >= 32 and len(values["SESSION_SECRET"]) >= 32
    assert len(values["CHAT_ID_SECRET"]) >= 32
    assert len({values["RASA_TOKEN"], values["SESSION_SECRET"], values["CHAT_ID_SECRET"]}) == 3
    assert "change-me" not in values["RASA_TOKEN"]
    assert values["RASA_PORT"] == "5005"
    assert oct(env_path.stat().st_mode & 0o777) == "0o600"


def test_existing_env_is_never_overwritten(tmp_path):
    env_path = tmp_path / ".env"
    env_path.write_text("RASA_TOKEN=mine\n")
    assert ensure_env_file(env_path, ENV_EXAMPLE_FILE) is False
    assert env_path.read_text() == "RASA_TOKEN=mine\n"


def test_secrets_added_later_are_appended_without_touching_existing_values(tmp_path):
    env_path = tmp_path / ".env"
    env_path.write_text("RASA_TOKEN=mine\n# CHAT_ID_SECRET=commented\n")
    assert add_missing_secrets(env_path) == [
        "SESSION_SECRET", "CHAT_ID_SECRET", "LOCAL_POSTGRES_PASSWORD", "LOCAL_REDIS_PASSWORD"]
    lines = env_path.read_text().splitlines()
    assert lines[:2] == ["RASA_TOKEN=mine", "# CHAT_ID_SECRET=commented"]
    assert len(lines) == 6 and all(len(line.split("=", 1)[1]) >= 32 for line in lines[2:])
    assert add_missing_secrets(env_path) == []


def test_two_renders_differ():
    example = "RASA_TOKEN=x\n# RASA_TOKEN=commented\n"
    first, second = render_env(example), render_env(example)
    assert first != second and "# RASA_TOKEN=commented" in first


def test_database_defaults_to_sqlite_under_var(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "")
    assert load_settings().database_url == DEFAULT_DATABASE_URL
    assert DEFAULT_DATABASE_URL.startswith("sqlite:///") and "/var/" in DEFAULT_DATABASE_URL


def test_bad_port_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("RASA_PORT", "fifty")
    with pytest.raises(SettingsError, match="RASA_PORT"):
        load_settings()


def test_short_secret_is_refused():
    with pytest.raises(SettingsError, match="RASA_TOKEN"):
        require_secret("short", "RASA_TOKEN")


@pytest.mark.parametrize(("name", "value"), [
    ("CHAT_LIMIT_PER_VISITOR", "twenty"), ("CHAT_LIMIT_PER_ADDRESS", "0"), ("WEB_SECURE_COOKIES", "maybe"),
    ("LOCAL_REDIS_PORT", "70000"),
])
def test_malformed_values_name_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings()


def test_lists_flags_and_public_urls_are_read_once(monkeypatch):
    monkeypatch.setenv("CHAT_ALLOWED_ORIGINS", " https://a.example/ ,, https://b.example")
    monkeypatch.setenv("WEB_SECURE_COOKIES", "Yes")
    monkeypatch.setenv("WEB_RUN_BACKGROUND", "false")
    monkeypatch.setenv("RASA_PUBLIC_URL", "https://chat.example/")
    monkeypatch.setenv("WEB_PUBLIC_URL", "")
    monkeypatch.setenv("WEB_HOST", "127.0.0.1")
    monkeypatch.setenv("WEB_PORT", "8123")
    settings = load_settings()
    assert settings.chat_allowed_origins == ("https://a.example", "https://b.example")
    assert settings.secure_cookies is True and settings.web_run_background is False
    assert settings.public_rasa_url == "https://chat.example"
    assert settings.public_web_url == "http://127.0.0.1:8123"


@pytest.mark.parametrize("value", ["nan", "inf", "-2", "soon"])
def test_a_claim_timeout_must_be_a_finite_positive_number(monkeypatch, value):
    monkeypatch.setenv("CLAIM_TIMEOUT_MINUTES", value)
    with pytest.raises(SettingsError, match="CLAIM_TIMEOUT_MINUTES"):
        load_handoff_settings()


def _subscription_env(monkeypatch, **values):
    monkeypatch.setenv("WEBHOOKS", "crm")
    for name, value in {"WEBHOOK_CRM_URL": "https://crm.example.com/hook", "WEBHOOK_CRM_SECRET": "x" * 20,
                        "WEBHOOK_CRM_EVENTS": "lead.*,handoff.closed", **values}.items():
        monkeypatch.setenv(name, value)


def test_webhook_subscriptions_are_read_from_the_environment(monkeypatch):
    _subscription_env(monkeypatch)
    (crm,) = load_event_settings().subscriptions
    assert (crm.name, crm.url, crm.events) == ("crm", "https://crm.example.com/hook", ("lead.*", "handoff.closed"))
    monkeypatch.setenv("WEBHOOKS", "")
    assert load_event_settings().subscriptions == ()


@pytest.mark.parametrize(("values", "message"), [
    ({"WEBHOOK_CRM_URL": "ftp://crm"}, "WEBHOOK_CRM_URL='ftp://crm' is not an http"),
    ({"WEBHOOK_CRM_SECRET": "short"}, "WEBHOOK_CRM_SECRET is missing or shorter than 16"),
    ({"WEBHOOK_CRM_EVENTS": "leads.*"}, "WEBHOOK_CRM_EVENTS: 'leads.\\*' matches no event type"),
    ({"WEBHOOKS": "crm,crm"}, "names a subscription twice"),
    ({"WEBHOOKS": "Bad-Name"}, "'Bad-Name' is not a subscription name"),
    ({"WEBHOOK_MAX_ATTEMPTS": "0"}, "WEBHOOK_MAX_ATTEMPTS must be"),
])
def test_a_malformed_subscription_is_a_clear_error(monkeypatch, values, message):
    _subscription_env(monkeypatch, **values)
    with pytest.raises(SettingsError, match=message):
        load_event_settings()


def _crm_env(monkeypatch, **values):
    for name, value in {"HUBSPOT_TOKEN": "pat-na1-abcdef12-3456", "SALESFORCE_CLIENT_ID": "3MVG9.client",
                        "SALESFORCE_CLIENT_SECRET": "s" * 20, "SALESFORCE_LOGIN_URL": "https://acme.my.salesforce.com",
                        **values}.items():
        monkeypatch.setenv(name, value)


def test_connected_crms_are_read_from_the_environment(monkeypatch):
    _crm_env(monkeypatch)
    hubspot, salesforce = load_event_settings().crm
    assert (hubspot.name, hubspot.api_url) == ("hubspot", "https://api.hubapi.com")
    assert (salesforce.name, salesforce.login_url, salesforce.api_version) == (
        "salesforce", "https://acme.my.salesforce.com", "v60.0")
    _crm_env(monkeypatch, HUBSPOT_TOKEN="", SALESFORCE_CLIENT_ID="")
    assert load_event_settings().crm == ()


@pytest.mark.parametrize(("values", "message"), [
    ({"HUBSPOT_TOKEN": "pat na1 with spaces"}, "HUBSPOT_TOKEN does not look like a private app token"),
    ({"HUBSPOT_API_URL": "api.hubapi.com"}, "HUBSPOT_API_URL='api.hubapi.com' is not an http"),
    ({"SALESFORCE_CLIENT_SECRET": ""}, "SALESFORCE_CLIENT_SECRET is missing"),
    ({"SALESFORCE_LOGIN_URL": ""}, "SALESFORCE_LOGIN_URL='' is not an http"),
    ({"SALESFORCE_API_VERSION": "60"}, "SALESFORCE_API_VERSION='60' should look like v60.0"),
    ({"WEBHOOKS": "hubspot", "WEBHOOK_HUBSPOT_URL": "https://x.example", "WEBHOOK_HUBSPOT_SECRET": "y" * 20},
     "built-in CRM connections"),
])
def test_a_malformed_crm_setting_is_a_clear_error(monkeypatch, values, message):
    _crm_env(monkeypatch, **values)
    with pytest.raises(SettingsError, match=message):
        load_event_settings()
