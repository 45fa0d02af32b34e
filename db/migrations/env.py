"""Alembic environment for hotline-console.

The program runs migrations itself (console.store.migrate) and hands us an
open connection inside one transaction, so a failed step leaves the old
schema intact (SQLite and PostgreSQL both have transactional DDL).
"""
from __future__ import annotations

from alembic import context

from console.store.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):
    # The FTS5 virtual table and its shadow tables are made by hand.
    if type_ == "table" and name and name.startswith("ticket_fts"):
        return False
    return True


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` command line, for developers only
        from console.store.database import Database

        db = Database(config.get_main_option("sqlalchemy.url"))
        with db.engine.begin() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
