"""Migrations produce exactly the schema the models describe."""

import pytest
from alembic import command

from bot.db.migrate import alembic_config

pytestmark = pytest.mark.db


def test_models_and_migrations_agree(database_url):
    command.check(alembic_config(database_url))  # raises if autogenerate would find differences
