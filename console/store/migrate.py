"""Bringing a database to the schema this program expects.

Every command and the window call `ensure_schema` on open. An older
database is first copied aside (SQLite: the online backup API into the
data folder's backups/), then upgraded in one transaction, so a failed step
leaves the old schema and data as they were. A database made by a newer
version is refused rather than guessed at.

A database already at the head — almost every open — is told by one SELECT of
its recorded revision against quick_probe.SCHEMA_HEAD (a test holds it to the
newest migration), without importing Alembic (≈ 0.3 s); anything else (older,
newer, missing, unreadable) takes the full path below, which explains it.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from .. import paths
from ..domain.errors import UserError
from .database import Database
from .db_errors import PG_INSUFFICIENT_PRIVILEGE, pg_state
from .pg_roles import current_role, may_migrate, owner_must_upgrade
from .quick_probe import SCHEMA_HEAD
from .revisions import (  # noqa: F401 - head_revision and current_revision are asked for here too
    alembic_config,
    current_revision,
    head_revision,
    is_newer_than_program,
    migration_scripts,
)

log = logging.getLogger(__name__)


def has_tables(db: Database) -> bool:
    names = set(inspect(db.engine).get_table_names())
    return bool(names - {"alembic_version"})


def ensure_schema(db: Database, *, backup_dir: Path | None = None,
                  script_location: Path | None = None) -> str | None:
    """Create or upgrade to head; returns the path of the pre-upgrade copy, if any."""
    if script_location is None and recorded_revision(db) == SCHEMA_HEAD and head_is_newest_script():
        # at head: Alembic never loaded
        if db.engine.dialect.name == "postgresql":
            _warn_without_search_index(db)
        return None
    script = migration_scripts(script_location)
    head = script.get_current_head()
    current = current_revision(db)
    if current == head:
        if db.engine.dialect.name == "postgresql":
            _warn_without_search_index(db)
        return None
    if is_newer_than_program(current, script):
        raise UserError(
            f"数据库的结构版本（{current}）比本程序新，请升级程序后再打开。",
            f"The database schema ({current}) is newer than this program; please upgrade the program.",
        )
    if current is None and has_tables(db):
        raise UserError(
            "这个数据库不是热线值班台的数据库（没有版本记录），未做任何改动。",
            "This database was not made by hotline-console (no schema version); nothing was changed.",
        )
    role = _pg_upgrader(db, current, head) if db.is_postgres else None  # before a pg_dump made in vain
    copy = None
    if current is not None and db.sqlite_path is not None:
        from .backup import backup_sqlite

        target_dir = backup_dir or paths.backups_dir()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        copy = backup_sqlite(db, target_dir / f"pre-migrate-{current}-{stamp}.sqlite3")
        log.info("copied database to %s before migrating %s -> %s", copy, current, head)
    elif current is not None and db.engine.dialect.name == "postgresql":
        copy = _pg_copy_before_upgrade(db, backup_dir, current)
    try:
        upgrade(db, script_location=script_location)
    except DBAPIError as e:
        if db.is_postgres and pg_state(e)[1] == PG_INSUFFICIENT_PRIVILEGE:
            # a role that owns nothing (the seat role, console.store.pg_roles) cannot create or alter
            # tables: say who must run what, not the server's "permission denied for schema public"
            raise owner_must_upgrade(db.display, current, head, role) from None
        raise
    if db.engine.dialect.name == "postgresql" and not ensure_search_index(db):
        _warn_without_search_index(db)
    return str(copy) if copy else None


def recorded_revision(db: Database) -> str | None:
    """The one revision in the database's alembic_version, read with a plain SELECT (no Alembic);
    None when there is no such table, no row or several rows, or the read fails: the caller then
    asks Alembic (`current_revision`), which knows how to say what is wrong."""
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
            conn.rollback()
    except DBAPIError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def head_is_newest_script() -> bool:
    """No migration in the program's folder sorts after SCHEMA_HEAD (each file name begins with its
    revision; tests hold that and SCHEMA_HEAD): a new migration added without updating SCHEMA_HEAD still
    takes Alembic's path and upgrades the desk, never passes for the head. One directory listing."""
    try:
        names = os.listdir(paths.migrations_dir() / "versions")
    except OSError:
        return False
    revisions = [n.split("_", 1)[0] for n in names if n[:1].isdigit() and n.endswith((".py", ".pyc"))]
    return bool(revisions) and max(revisions) == SCHEMA_HEAD


def _pg_upgrader(db: Database, current: str | None, head: str) -> str:
    """PostgreSQL: the connected role's name, once it may migrate (it owns the desk's tables, or
    there are none yet). A role that does not, such as a seat role (console.store.pg_roles),
    gets one line saying the owner must upgrade; nothing is changed or dumped."""
    with db.engine.connect() as conn:
        role, allowed = current_role(conn), may_migrate(conn)
        conn.rollback()
    if not allowed:
        raise owner_must_upgrade(db.display, current, head, role)
    return role


def _pg_copy_before_upgrade(db: Database, backup_dir: Path | None, current: str):
    """PostgreSQL: a pg_dump before upgrading, when the tools are there.

    The upgrade is one transaction either way (a failed step changes
    nothing), so a missing pg_dump is logged, not fatal.
    """
    from .pg_backup import DUMP_SUFFIX, PgToolMissing, backup_postgres

    target_dir = backup_dir or paths.backups_dir()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        copy = backup_postgres(db, target_dir / f"pre-migrate-{current}-{stamp}{DUMP_SUFFIX}")
    except PgToolMissing:
        log.warning("pg_dump not found: upgrading %s without a copy (the upgrade is one "
                    "transaction)", db.display)
        return None
    log.info("dumped %s to %s before migrating from %s", db.display, copy, current)
    return copy


def ensure_search_index(db: Database) -> bool:
    """PostgreSQL: create pg_trgm and the search index if missing; False if the role may not.

    The migration tries the same; this lets `init` finish the job once an
    administrator has made the extension available. SQLite: always True.
    """
    if db.engine.dialect.name != "postgresql":
        return True
    from .health import has_search_index
    from .queries import PG_SEARCH_EXPR, PG_SEARCH_INDEX

    if has_search_index(db):
        return True
    try:
        with db.engine.connect().execution_options(hotline_write=True) as conn:
            with conn.begin():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                conn.exec_driver_sql(
                    f"CREATE INDEX IF NOT EXISTS {PG_SEARCH_INDEX} ON tickets "
                    f"USING gin (({PG_SEARCH_EXPR}) gin_trgm_ops)")
    except Exception as e:  # noqa: BLE001 - no privilege or no contrib package: search scans
        log.info("cannot create the search index on %s: %s", db.display, type(e).__name__)
        return False
    return has_search_index(db)


def _warn_without_search_index(db: Database) -> None:
    from .health import SEARCH_FALLBACK_NOTE, has_search_index

    try:
        if has_search_index(db):
            return
    except Exception:  # noqa: BLE001 - a check must not stop the desk from opening
        return
    log.warning("%s (%s)", SEARCH_FALLBACK_NOTE.en, db.display)


def upgrade(db: Database, target: str = "head", *, script_location: Path | None = None) -> None:
    from alembic import command

    cfg = alembic_config(script_location)
    with db.engine.connect().execution_options(hotline_write=True) as conn:
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
