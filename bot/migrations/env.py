"""Alembic environment: runs migrations on the engine `bot.db.engine` builds."""

from alembic import context

from bot.db.engine import build_engine
from bot.db.models import Base

# Rasa owns its tracker table ("events"); migrations never touch it.
RASA_OWNED_TABLES = {"events"}


def _include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name in RASA_OWNED_TABLES)


def run_migrations_online() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: run migrations with `python -m bot db upgrade`")
    engine = build_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=_include_object,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
