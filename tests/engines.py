"""Which database engines the suite runs on, and PostgreSQL desks for tests.

Default: SQLite only (fast, no server). With HOTLINE_TEST_PG_URL set (CI
sets it, see .ci/start_pg.sh) every test under the folders in `PG_DIRS`
that uses the `desk` fixture also runs on PostgreSQL, as `test_x[pg]`
beside `test_x[sqlite]` (HOTLINE_TEST_PG_DIRS=services,pg,reports changes
the folders); a test module or function can opt in elsewhere with
`@pytest.mark.both_engines`, out with `@pytest.mark.sqlite_only`, and
`@pytest.mark.pg` puts its desk on PostgreSQL only.
`--engine sqlite|pg|both` (or HOTLINE_TEST_ENGINES=sqlite,pg) overrides
the choice; asking for pg without a URL makes the pg variants skip with
the reason.

A PostgreSQL desk lives in one scratch database per test session
(`<db>_desk_<pid>`, created beside the URL's database and dropped at the
end). Between tests it is reset cheaply: TRUNCATE of every table, then
the small street (tests/helpers.py) put back from a snapshot taken once,
with the sequences moved past its ids, about 30 ms instead of the ~350 ms
of creating a database per test.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_URL_ENV = "HOTLINE_TEST_PG_URL"
ENGINES_ENV = "HOTLINE_TEST_ENGINES"
PG_DIRS = ("services", "pg")  # folders (under tests/) whose desk tests run on both engines
PG_DIRS_ENV = "HOTLINE_TEST_PG_DIRS"  # e.g. "services,pg,reports" widens (or narrows) PG_DIRS
TESTS_ROOT = Path(__file__).parent
NO_PG_REASON = (f"PostgreSQL tests need a server: set {PG_URL_ENV} "
                "(e.g. eval \"$(bash .ci/start_pg.sh)\"); none was given")


def pg_url() -> str | None:
    return os.environ.get(PG_URL_ENV) or None


def selected_engines(option: str | None) -> list[str]:
    raw = option or os.environ.get(ENGINES_ENV) or ""
    raw = raw.replace(" ", "").lower()
    if raw in ("both", "all"):
        return ["sqlite", "pg"]
    if raw:
        names = [e for e in raw.split(",") if e]
        bad = [e for e in names if e not in ("sqlite", "pg")]
        if bad:
            raise ValueError(f"unknown engine(s) {bad}; use sqlite, pg or both")
        return names
    return ["sqlite", "pg"] if pg_url() else ["sqlite"]


def wants_both(path: Path, marked_both: bool, marked_sqlite_only: bool) -> bool:
    if marked_sqlite_only:
        return False
    if marked_both:
        return True
    try:
        rel = Path(path).resolve().relative_to(TESTS_ROOT.resolve())
    except ValueError:
        return False
    dirs = [d for d in os.environ.get(PG_DIRS_ENV, "").replace(" ", "").split(",") if d] or PG_DIRS
    return bool(rel.parts) and rel.parts[0] in dirs


def admin_engine(url: str):
    """An AUTOCOMMIT engine on the URL's own database, for CREATE/DROP DATABASE."""
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())


def _null_pool():
    from sqlalchemy.pool import NullPool

    return NullPool


def url_for(url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=database).render_as_string(hide_password=False)


def create_database(url: str, name: str) -> str:
    eng = admin_engine(url)
    try:
        with eng.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    finally:
        eng.dispose()
    return url_for(url, name)


def drop_database(url: str, name: str) -> None:
    eng = admin_engine(url)
    try:
        with eng.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        eng.dispose()


@contextmanager
def scratch_pg_database(tag: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database of this test process (`tag` in its name), dropped after;
    the test is skipped without a server."""
    import pytest
    from sqlalchemy.engine import make_url

    base = pg_url()
    if not base:
        pytest.skip("PostgreSQL tests need a server (HOTLINE_TEST_PG_URL)")
    name = f"{make_url(base).database}_{tag}_{os.getpid()}"
    try:
        yield create_database(base, name)
    finally:
        drop_database(base, name)


def fill_small_desk(url: str) -> None:
    """Migrate the database at `url` to head and put the small street (tests/helpers.py) in it,
    as the role the URL names."""
    from helpers import build_small_desk

    from console.store.database import Database
    from console.store.migrate import ensure_schema

    db = Database(url)
    try:
        ensure_schema(db)
        build_small_desk(db)
    finally:
        db.dispose()


class PgDeskPool:
    """One scratch PostgreSQL database holding the small street, reset per test."""

    def __init__(self, base_url: str):
        from sqlalchemy.engine import make_url

        self.base_url = base_url
        base = make_url(base_url).database or "postgres"
        self.name = f"{base}_desk_{os.getpid()}"
        self.url: str | None = None
        self._snapshot: list[tuple[str, list[dict]]] = []
        self._engine = None
        self._counter = 0
        self._fast_delete: bool | None = None

    def start(self) -> None:
        from sqlalchemy import create_engine, select

        from console.store.models import Base

        self.url = create_database(self.base_url, self.name)
        fill_small_desk(self.url)
        self._engine = create_engine(self.url, pool_size=1, pool_pre_ping=True)
        self._setvals = "SELECT " + ", ".join(
            f"setval(pg_get_serial_sequence('{t.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{t.name}\"), 0) + 1, false)"
            for t in Base.metadata.sorted_tables if "id" in t.c and len(t.primary_key.columns) == 1)
        with self._engine.connect() as c:
            for t in Base.metadata.sorted_tables:
                rows = [dict(r._mapping) for r in c.execute(select(t))]
                self._snapshot.append((t.name, rows))

    def reset(self) -> str:
        """Back to the small street; returns the URL of the scratch database."""
        from sqlalchemy import insert
        from sqlalchemy.exc import OperationalError

        from console.store.models import Base

        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        for attempt in range(3):
            try:
                with self._engine.begin() as c:
                    c.exec_driver_sql("SET LOCAL lock_timeout = '3s'")
                    self._empty_tables(c, names)
                    for name, rows in self._snapshot:
                        if rows:
                            c.execute(insert(Base.metadata.tables[name]), rows)
                    c.exec_driver_sql(self._setvals)
                self._counter += 1
                return self.url
            except OperationalError:
                if attempt == 2:
                    raise
                self.terminate_others()  # a connection a test left open holds a lock
                time.sleep(0.2)
        raise AssertionError("unreachable")

    def _empty_tables(self, c, names: str) -> None:
        """DELETE with triggers and FK checks off (superuser): ~10x faster than TRUNCATE here.

        TRUNCATE makes new files for ~60 tables and indexes (~0.45 s); a role
        that may not set session_replication_role falls back to it.
        """
        from sqlalchemy.exc import ProgrammingError

        from console.store.models import Base

        if self._fast_delete is not False:
            try:
                with c.begin_nested():
                    c.exec_driver_sql("SET LOCAL session_replication_role = replica")
                    c.exec_driver_sql("; ".join(f'DELETE FROM "{t.name}"'
                                                for t in reversed(Base.metadata.sorted_tables)))
                    c.exec_driver_sql("SET LOCAL session_replication_role = origin")
                self._fast_delete = True
                return
            except ProgrammingError:  # InsufficientPrivilege
                self._fast_delete = False
        c.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")

    def release(self) -> None:
        """Close the pool's own idle connection (reopened at the next reset)."""
        self._engine.dispose()

    def terminate_others(self) -> None:
        with self._engine.connect() as c:
            c.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            c.commit()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        if self.url is not None:
            drop_database(self.base_url, self.name)
