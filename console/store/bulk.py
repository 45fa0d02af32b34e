"""Loading many rows fast: executemany in chunks, with SQLite's extras set aside.

A million generated tickets (demo desk, benchmarks) is too slow through the
ORM and noticeably slow even through Core `insert()`, because every time
stamp goes through two Python type processors. `BulkWriter` takes plain
tuples whose time stamps are already in the form the dialect stores, and
hands them to the driver's executemany.

On SQLite, `suspended_search_and_indexes` also drops the full-text triggers
and the non-unique indexes of the busiest tables for the duration of the
load, then recreates the indexes (one sort instead of a million random
B-tree inserts), rebuilds the FTS index in one pass and recreates the
triggers. The SQL it recreates is read back from `sqlite_master` of the
same database, so nothing here repeats (or can drift from) the migration.
All of it runs inside the caller's transaction: SQLite DDL is
transactional, so a failed load leaves triggers and indexes as they were.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Table, insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from .models import Base

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FTS_TABLE = "ticket_fts"
# Tables whose non-unique indexes are dropped and rebuilt around a bulk load.
REINDEXED_TABLES = ("tickets", "deadlines")


def _sqlite_formatter(conn: Connection):
    """epoch seconds -> the exact text SQLAlchemy's SQLite DateTime stores.

    Built from two lookup tables (days, seconds of the day), checked against
    the dialect's own bind processor so a change of storage format in a
    future SQLAlchemy falls back to the slow, always-right path.
    """
    dialect = conn.dialect
    process = DateTime().dialect_impl(dialect).bind_processor(dialect)

    def slow(epoch: int) -> str:
        return process((_EPOCH + timedelta(seconds=epoch)).replace(tzinfo=None))

    tod = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(86400)]
    days: dict[int, str] = {}

    days_get = days.get

    def fast(epoch: int) -> str:  # called ~17 times a demo ticket: one lookup each, no divmod tuple
        d = epoch // 86400
        prefix = days_get(d)
        if prefix is None:
            prefix = days[d] = (_EPOCH + timedelta(days=d)).strftime("%Y-%m-%d ")
        return prefix + tod[epoch - d * 86400]

    probes = (0, 1_700_000_000, 1_800_000_123, 4_102_444_799, 951_782_400 + 3661)
    return fast if all(fast(p) == slow(p) for p in probes) else slow


def _same(value: Any) -> Any:
    return value


def _aware(epoch: int) -> datetime:
    return _EPOCH + timedelta(seconds=epoch)


class BulkWriter:
    """Chunked executemany of plain tuples into model tables, in one connection.

    `ts(epoch)` converts a UTC epoch second into the value to put in a
    tuple for a time-stamp column: stored text on SQLite, an aware datetime
    elsewhere. Columns are named per call, so a forgotten NOT NULL column
    fails loudly instead of silently taking a default.
    """

    def __init__(self, conn: Connection):
        self.conn = conn
        self.is_sqlite = conn.dialect.name == "sqlite"
        self.ts = _sqlite_formatter(conn) if self.is_sqlite else _aware
        self._sql: dict[tuple[str, tuple[str, ...]], str] = {}
        self._raw = None

    def insert(self, table: str | Table, columns: Sequence[str], rows: list[tuple]) -> None:
        """`rows` into `table` (a model table's name, or a Table such as a TEMP table of `staged_rows`)."""
        if not rows:
            return
        t: Table = Base.metadata.tables[table] if isinstance(table, str) else table
        cols = tuple(columns)
        if self.is_sqlite:
            key = (t.name, cols)
            sql = self._sql.get(key)
            if sql is None:
                unknown = [c for c in cols if c not in t.c]
                if unknown:
                    raise KeyError(f"{t.name} has no column(s) {unknown}")
                names = ", ".join('"' + c + '"' for c in cols)
                marks = ", ".join("?" * len(cols))
                sql = self._sql[key] = f'INSERT INTO "{t.name}" ({names}) VALUES ({marks})'
            # straight to the driver: the tuples are already what the columns store, and the DBAPI
            # connection is in the same transaction (SQLAlchemy's statement events have nothing to add)
            dbapi = self.conn.dialect.dbapi
            try:
                self._dbapi().executemany(sql, rows)
            except dbapi.Error as e:  # raised as SQLAlchemy would (IntegrityError, OperationalError…)
                raise DBAPIError.instance(sql, None, e, dbapi.Error, dialect=self.conn.dialect) from e
        else:
            self.conn.execute(insert(t), [dict(zip(cols, r, strict=False)) for r in rows])

    def _dbapi(self):
        if self._raw is None:
            self._raw = self.conn.connection.driver_connection
        return self._raw

    def stored(self, table: str, column: str, value: object) -> object:
        """`value` as a tuple for `insert` carries it: on SQLite what the column's type makes of it (the
        tuples go to the driver as they are), elsewhere the value itself (Core binds it). Computed once
        for a value many rows share, such as the time of an import."""
        return self.storer(table, column)(value)

    def storer(self, table: str, column: str) -> Callable[[Any], Any]:
        """`stored` for many values of one column type: the conversion, looked up once (a staged import
        converts its rows' time stamps this way before it takes the write lock)."""
        if not self.is_sqlite:
            return _same
        dialect = self.conn.dialect
        process = Base.metadata.tables[table].c[column].type.dialect_impl(dialect).bind_processor(dialect)
        return process if process is not None else _same

    def fix_sequences(self, tables: Sequence[str]) -> None:
        """PostgreSQL: move each serial past the ids we inserted explicitly."""
        if self.is_sqlite:
            return
        for table in tables:
            self.conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"
            )


def _saved_sql(conn: Connection, reindexed: Sequence[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    tables = ", ".join(f"'{t}'" for t in reindexed)
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({tables}) AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY rowid"
    ).all()
    triggers = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tickets' "
        f"AND sql LIKE '%{FTS_TABLE}%' ORDER BY rowid"
    ).all()
    return [tuple(r) for r in indexes], [tuple(r) for r in triggers]


def has_fts(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite" and conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
    ).first() is not None


@contextmanager
def suspended_search_and_indexes(conn: Connection, on_phase=None,
                                 tables: Sequence[str] = REINDEXED_TABLES) -> Iterator[None]:
    """SQLite: drop FTS triggers and the non-unique indexes of `tables`, load, then rebuild all.

    `on_phase(name)` is told when the rebuild starts ("index", "search").
    Elsewhere (PostgreSQL) it does nothing: inserts maintain everything.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    indexes, triggers = _saved_sql(conn, tables)
    for name, _ in triggers:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    if on_phase:
        on_phase("index")
    for _, sql in indexes:
        conn.exec_driver_sql(sql)
    if on_phase:
        on_phase("search")
    if has_fts(conn):
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
    for _, sql in triggers:
        conn.exec_driver_sql(sql)


@contextmanager
def large_cache(conn: Connection, kib: int = 262_144) -> Iterator[None]:
    """SQLite: a bigger page cache for this connection while a bulk load runs
    (index builds sort millions of keys within it); restored after."""
    if conn.dialect.name != "sqlite":
        yield
        return
    old = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(old)}")
