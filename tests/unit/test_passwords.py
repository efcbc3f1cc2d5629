"""Sign-in does the same password work whether or not the email has an account (no enumeration by timing)."""

import pytest
from argon2 import PasswordHasher

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.passwords import hash_password, verify_without_account
from bot.web.inbox.signin import _check_login


@pytest.fixture
def argon2_checks(monkeypatch):
    """Counts real argon2 verifications (the real one still runs)."""
    calls = []
    real = PasswordHasher.verify

    def counting(self, password_hash, password):
        calls.append(password_hash)
        return real(self, password_hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


def test_an_unknown_email_costs_one_real_check_and_fails(argon2_checks):
    assert verify_without_account("anything") is False
    assert len(argon2_checks) == 1 and argon2_checks[0].startswith("$argon2id$")


@pytest.mark.db
def test_sign_in_checks_a_hash_for_unknown_and_known_emails_alike(database_url, argon2_checks):
    with session_scope(database_url) as session:
        rep_id = Repository(session).add_rep("rita@example.com", "Rita", hash_password("correct horse")).id
    assert _check_login(database_url, "nobody@example.com", "guess") is None
    assert _check_login(database_url, "rita@example.com", "guess") is None
    assert _check_login(database_url, "rita@example.com", "correct horse") == rep_id
    assert len(argon2_checks) == 3
