"""Rotating CHAT_ID_SECRET and SESSION_SECRET: a new key in `.env`, the old one accepted for a grace period."""

from datetime import datetime, timedelta, timezone

import pytest

from bot.cli import env_commands
from bot.cli.main import main
from bot.envfile import rotate_secret
from bot.key_ring import KeyRingError, parse_previous
from bot.settings import SettingsError, load_settings

NOW = datetime(2026, 12, 2, 12, tzinfo=timezone.utc)


def _values(path):
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_rotation_keeps_the_old_key_for_the_grace_period_and_forgets_expired_ones(tmp_path):
    env = tmp_path / ".env"
    env.write_text("# settings\nRASA_TOKEN=keep-me\nCHAT_ID_SECRET=first-key-of-enough-length\nWEB_PORT=8000\n")
    rotate_secret(env, "CHAT_ID_SECRET", NOW, timedelta(days=30))
    values = _values(env)
    assert values["CHAT_ID_SECRET"] not in ("first-key-of-enough-length", "") and len(values["CHAT_ID_SECRET"]) >= 32
    [previous] = parse_previous("CHAT_ID_SECRET", values["CHAT_ID_SECRET_PREVIOUS"])
    assert (previous.key, previous.until) == ("first-key-of-enough-length", NOW + timedelta(days=30))
    assert values["RASA_TOKEN"] == "keep-me" and values["WEB_PORT"] == "8000"
    assert env.read_text().startswith("# settings")
    second = values["CHAT_ID_SECRET"]
    rotate_secret(env, "CHAT_ID_SECRET", NOW + timedelta(days=1), timedelta(days=30))  # both old keys still valid
    assert [k.key for k in parse_previous("X", _values(env)["CHAT_ID_SECRET_PREVIOUS"])] == [
        second, "first-key-of-enough-length"]
    rotate_secret(env, "CHAT_ID_SECRET", NOW + timedelta(days=40), timedelta(days=30))  # the first one expired
    assert "first-key-of-enough-length" not in env.read_text()
    assert env.stat().st_mode & 0o777 == 0o600


def test_only_signing_secrets_that_exist_can_be_rotated(tmp_path):
    env = tmp_path / ".env"
    env.write_text("RASA_TOKEN=x\n")
    with pytest.raises(KeyRingError, match="cannot be rotated"):
        rotate_secret(env, "RASA_TOKEN", NOW, timedelta(days=1))
    with pytest.raises(KeyRingError, match="not set"):
        rotate_secret(env, "SESSION_SECRET", NOW, timedelta(days=1))


def test_settings_read_the_key_ring_and_refuse_a_malformed_one(monkeypatch):
    monkeypatch.setenv("SESSION_SECRET", "n" * 32)
    monkeypatch.setenv("SESSION_SECRET_PREVIOUS",
                       f"{'o' * 32}@2999-01-01T00:00:00+00:00,{'x' * 32}@2000-01-01T00:00:00Z")
    assert load_settings().session_keys.accepted() == ["n" * 32, "o" * 32]  # the expired key is not accepted
    for bad in ("no-time-here", "key@yesterday", "key@2026-12-30T00:00:00"):  # the last one lacks its UTC offset
        monkeypatch.setenv("SESSION_SECRET_PREVIOUS", bad)
        with pytest.raises(SettingsError, match="SESSION_SECRET_PREVIOUS"):
            load_settings()


def test_the_command_rotates_and_explains_what_to_do_next(tmp_path, monkeypatch, capsys):
    env = tmp_path / ".env"
    env.write_text("SESSION_SECRET=first-key-of-enough-length\n")
    monkeypatch.setattr(env_commands, "ENV_FILE", env)
    assert main(["env", "rotate", "SESSION_SECRET", "--grace-days", "7"]) == 0
    assert "accepted until" in capsys.readouterr().out and "SESSION_SECRET_PREVIOUS=first-key" in env.read_text()
    assert main(["env", "rotate", "SESSION_SECRET", "--grace-days", "-1"]) == 2
    with pytest.raises(SystemExit):
        main(["env", "rotate", "RASA_TOKEN"])
