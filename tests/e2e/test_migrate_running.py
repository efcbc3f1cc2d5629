"""`db upgrade` while the default profile runs and visitors chat: a migration shaped like ours (columns added to
the busiest tables with `batch_alter_table`, which on SQLite copies each table) loses no message and no row;
a turn that meets the migration's lock waits, or apologises and is sent again by the widget."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

from bot.db.engine import build_engine, session_scope
from bot.db.migrate import MIGRATIONS_DIR, alembic_config
from bot.db.models import DiscoveryFact, Lead
from bot.runtime.stack_process import UNLIMITED_CHAT, start_stack
from tests.support.databases import fresh_database
from tests.support.retrying_visitor import Tally, conversation_defects, rest_visitor

pytestmark = [pytest.mark.e2e, pytest.mark.db]
VISITORS = 6
SCRIPT = ["hi", "we want to automate our customer onboarding", "it is all manual spreadsheets", "yes",
          "I run operations", "about 40 people"]
MIGRATION = '''"""a release's migration, applied while the stack runs (test only)

Revision ID: live_probe
Revises: {head}
"""
import sqlalchemy as sa
from alembic import op

revision = "live_probe"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table_name in ("leads", "discovery_facts"):
        with op.batch_alter_table(table_name) as table:
            table.add_column(sa.Column("live_probe", sa.String(length=16), nullable=False, server_default="x"))


def downgrade() -> None:
    for table_name in ("leads", "discovery_facts"):
        with op.batch_alter_table(table_name) as table:
            table.drop_column("live_probe")
'''


def _config_with_probe(database_url: str, versions: Path):
    config = alembic_config(database_url)
    head = ScriptDirectory.from_config(config).get_current_head()
    (versions / "live_probe.py").write_text(MIGRATION.format(head=head))
    config.set_main_option("version_locations", f"{MIGRATIONS_DIR / 'versions'} {versions}")
    return config


def _rows(database_url: str) -> tuple[int, int]:
    with session_scope(database_url) as session:
        return session.scalar(select(func.count()).select_from(Lead)), \
            session.scalar(select(func.count()).select_from(DiscoveryFact))


def test_db_upgrade_on_the_running_stack_loses_nothing(trained_model, tmp_path):
    versions = tmp_path / "versions"
    versions.mkdir()
    with fresh_database(tmp_path) as url, start_stack(trained_model, url, tmp_path, UNLIMITED_CHAT) as stack:
        tallies = {f"mig{n}": Tally() for n in range(VISITORS)}
        stop = threading.Event()
        visitors = [threading.Thread(target=rest_visitor, args=(stack, code, SCRIPT, tally, stop))
                    for code, tally in tallies.items()]
        for visitor in visitors:
            visitor.start()
        time.sleep(8)  # conversations under way
        leads_before, facts_before = _rows(url)
        assert leads_before and facts_before
        config = _config_with_probe(url, versions)
        started = time.monotonic()
        command.upgrade(config, "heads")
        migrated_in = time.monotonic() - started
        time.sleep(8)  # and going on after it
        stop.set()
        for visitor in visitors:
            visitor.join(timeout=300)

        engine = build_engine(url)
        assert "live_probe" in {c["name"] for c in inspect(engine).get_columns("leads")}
        engine.dispose()
        leads_after, facts_after = _rows(url)
        assert leads_after >= leads_before and facts_after >= facts_before  # no row lost in the copy
        defects: Counter = Counter()
        for code, tally in tallies.items():
            defects.update(conversation_defects(stack, code, tally))
            assert not tally.unanswered and not tally.unexplained, (code, tally)
        assert sum(defects.values()) == 0, defects
        acknowledged = sum(len(t.acknowledged) for t in tallies.values())
        print(f"migrated in {migrated_in:.1f} s while {VISITORS} visitors sent {acknowledged} messages "
              f"({sum(t.apologised for t in tallies.values())} apologies, each sent again and answered)")
        command.downgrade(config, "-1")  # the database is the test's own; leave it as the release has it
