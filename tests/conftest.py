"""Shared fixtures: fresh databases, a trained model, and the real running stack."""

from __future__ import annotations

import os

# Before SQLAlchemy is imported: Rasa 3.6 uses its 1.4 legacy API, whose 2.0 banner is noise here.
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.rasa_ext.model_training import train
from bot.runtime.local_backends import throwaway_redis
from bot.runtime.stack_process import RunningStack, start_stack
from tests.support.databases import fresh_database
from tests.support.quiet_imports import import_noisy_libraries_quietly

import_noisy_libraries_quietly()


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A new, migrated database for one test."""
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The project's model, trained from its own config and data once per run (cached by Rasa)."""
    return train()


@pytest.fixture(scope="module")
def stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """Rasa server, action server and web app on free loopback ports, with a database of their own."""
    tmp_dir = tmp_path_factory.mktemp("stack")
    with fresh_database(tmp_dir) as url, start_stack(trained_model, url, tmp_dir) as running:
        yield running


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis server from Debian's package on a free loopback port, with a password."""
    with throwaway_redis() as server:
        yield server.url
