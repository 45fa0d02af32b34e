"""Reads at the speed of the driver: Core statements compiled once per dialect, run on the DBAPI cursor.

The hot reads of issue 21 (the caller card a ring shows, the ticket list's search page) are a handful of
indexed lookups the driver answers in 0.05–0.3 ms; through an ORM Session each statement costs a
millisecond of SQLAlchemy around it (the session and its transaction, the cache key, the execution
context, a fetch per row). Here the statement is still written with SQLAlchemy Core — the same tables,
the same dialect-specific SQL on SQLite and PostgreSQL — but compiled once (`Prepared`), its parameters
and result columns passed through the types' own processors, and run on the pooled DBAPI connection
inside one read transaction (`RawRead`, from `Database.raw_read`).

Result rows are plain tuples; `UTCDateTime` columns come back aware (UTC) as everywhere else in the
store, through one `fromisoformat` instead of SQLAlchemy's regex parse.
"""
from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import String, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.expression import ColumnElement, Executable
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType

from .frozen_sql import FrozenStatement, row_converter
from .types import UTCDateTime
from .values import as_utc

_Proc = Callable[[Any], Any]


class Compiled:
    """One statement's SQL for one dialect, with what turns parameters and rows into the store's values.
    The one compilation of the hot paths: reads here, and the writes of store.prebuilt."""

    __slots__ = ("compiled", "sql", "positions", "defaults", "binds", "results", "expanding")
    results: Callable[[Sequence[Any]], tuple] | None

    def __init__(self, stmt: ClauseElement, dialect: Dialect, cache_key: Any = None, keyed: bool = False):
        c = self.compiled = stmt.compile(dialect=dialect, cache_key=cache_key)
        self.sql = c.string
        # an expanding IN (`in_`) renders its placeholders per execution (`dynamic_parameters`)
        self.expanding = bool(c.post_compile_params or c.literal_execute_params)
        self.positions: tuple[str, ...] | None = tuple(c.positiontup or ()) if dialect.positional else None
        self.defaults: dict[str, Any] = dict(c.params)  # literals in the statement ("void", False, 1)
        self.binds: dict[str, _Proc] = {k: p for k, p in c._bind_processors.items() if p is not None}  # noqa: SLF001
        procs: dict[str, _Proc] = {}
        for i, col in enumerate(c._result_columns):  # noqa: SLF001 - the compiled statement's own column list
            t = col[3]
            proc = as_utc if isinstance(t, UTCDateTime) else t._cached_result_processor(dialect, None)  # noqa: SLF001
            if proc is not None:
                procs[f"p{i}"] = proc
        width = len(c._result_columns)  # noqa: SLF001
        self.results = row_converter(width, procs, keyed) if procs or keyed else None

    def parameters(self, params: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        values = {**self.defaults, **params} if self.defaults else dict(params)
        return self._bound(values, self.binds, self.positions)

    @staticmethod
    def _bound(values: dict[str, Any], binds: Mapping[str, _Proc | None],
               positions: Sequence[str] | None) -> Sequence[Any] | dict[str, Any]:
        for k, proc in binds.items():
            if proc is not None and k in values:
                values[k] = proc(values[k])
        if positions is None:
            return values
        return [values[k] for k in positions]

    def dynamic_parameters(self, extracted: Sequence[Any]) -> tuple[str, Sequence[Any] | dict[str, Any]]:
        """(SQL, parameters) for another statement of the same shape (its cache key's bound values)."""
        c = self.compiled
        values = c.construct_params(extracted_parameters=extracted, _no_postcompile=True)  # noqa: SLF001
        if not self.expanding:
            return self.sql, self._bound(dict(values), self.binds, self.positions)
        e = c._process_parameters_for_postcompile(values)  # noqa: SLF001 - what the engine does per execution
        return e.statement, self._bound(dict(e.parameters), e.processors,
                                        e.positiontup if self.positions is not None else None)

    def convert(self, rows: list[Any]) -> list[Any]:
        """The rows with the result processors applied (as given when there are none: sqlite3 and psycopg
        return tuples)."""
        convert = self.results
        if convert is None:
            return rows
        return [convert(r) for r in rows]


# Statements built per call (a keyset page with its filters) by their SQLAlchemy cache key, per dialect.
_DYNAMIC: dict[tuple[str, Any], Compiled] = {}
_DYNAMIC_MAX = 200


class Prepared:
    """A Core statement (named bind parameters) compiled on first use for each dialect, then reused.

    `keyed`: a raw read gives each row as (first column, tuple of the others) — a keyset page's (id, key)."""

    __slots__ = ("stmt", "keyed", "_by_dialect")

    def __init__(self, stmt: ClauseElement, keyed: bool = False):
        self.stmt, self.keyed = stmt, keyed
        self._by_dialect: dict[str, Compiled] = {}

    def compiled(self, dialect: Dialect) -> Compiled:
        c = self._by_dialect.get(dialect.name)
        if c is None:
            c = Compiled(self.stmt, dialect, keyed=self.keyed)
            if c.expanding:
                raise ValueError("a prepared statement must compile to one fixed text (use in_ids for id lists)")
            self._by_dialect[dialect.name] = c
        return c


class RawRead:
    """One read transaction on a pooled DBAPI connection (`Database.raw_read`)."""

    __slots__ = ("cursor", "dialect")

    def __init__(self, cursor: Any, dialect: Dialect):
        self.cursor, self.dialect = cursor, dialect

    @property
    def dialect_name(self) -> str:
        return self.dialect.name

    def rows(self, stmt: Prepared | FrozenStatement | Executable, params: Mapping[str, Any] | None = None, *,
             processed: bool = True) -> list[Any]:
        """The rows as sequences (tuples or lists: index them, unpack them, do not compare them).

        `stmt` is a `Prepared` (with `params`) or a `FrozenStatement` (its Core definition), or a Core statement built per call whose values are bound in
        it: compiled once per shape, as SQLAlchemy's own cache does. `processed=False`: a Prepared's rows as
        the driver gives them, for a caller that converts each row itself in one step (TicketBrief.of_row)."""
        cur = self.cursor
        if isinstance(stmt, FrozenStatement):
            stmt = stmt.definition()
        if isinstance(stmt, Prepared):
            c = stmt.compiled(self.dialect)
            cur.execute(c.sql, c.parameters(params or {}))
            return c.convert(cur.fetchall()) if processed else cur.fetchall()
        c, sql, values = self._dynamic(stmt)
        cur.execute(sql, values)
        return c.convert(cur.fetchall())

    def _dynamic(self, stmt: Executable) -> tuple[Compiled, str, Sequence[Any] | dict[str, Any]]:
        """A statement built per call, compiled once per shape (as SQLAlchemy's own cache does): its
        compiled form, SQL and parameters."""
        key = stmt._generate_cache_key()  # noqa: SLF001
        if key is None:  # not cacheable: compiled for this one execution
            c = Compiled(stmt, self.dialect)
            sql, values = c.dynamic_parameters([])
            return c, sql, values
        c = _DYNAMIC.get((self.dialect.name, key.key))  # type: ignore[assignment]
        if c is None:
            if len(_DYNAMIC) >= _DYNAMIC_MAX:
                _DYNAMIC.clear()
            c = _DYNAMIC[(self.dialect.name, key.key)] = Compiled(stmt, self.dialect, key)
        sql, values = c.dynamic_parameters(key.bindparams)
        return c, sql, values

    def stream(self, stmt: Executable | Prepared | FrozenStatement, batch: int,
               params: Mapping[str, Any] | None = None) -> Iterator[tuple[Any, ...]]:
        """`stmt`'s rows, processed, fetched `batch` at a time: a report's pass over a quarter, never all in
        memory, without a SQLAlchemy Row and its processors per row. A Core statement has its values bound
        in it; a `Prepared` (or the Core definition of a `FrozenStatement`) takes `params`."""
        if isinstance(stmt, FrozenStatement):
            stmt = stmt.definition()
        cur = self.cursor
        if isinstance(stmt, Prepared):
            c = stmt.compiled(self.dialect)
            cur.execute(c.sql, c.parameters(params or {}))
        else:
            c, sql, values = self._dynamic(stmt)
            cur.execute(sql, values)
        convert = c.results
        while rows := cur.fetchmany(batch):
            yield from (rows if convert is None else map(convert, rows))

    def first(self, stmt: Prepared | FrozenStatement, params: Mapping[str, Any] | None = None) -> Any:
        """The first row (processed), or None. A `FrozenStatement` runs the Core statement it was frozen from."""
        if isinstance(stmt, FrozenStatement):
            stmt = stmt.definition()
        c = stmt.compiled(self.dialect)
        cur = self.cursor
        cur.execute(c.sql, c.parameters(params or {}))
        row = cur.fetchone()
        return None if row is None else c.convert([row])[0]

    def scalar(self, stmt: Prepared | FrozenStatement, params: Mapping[str, Any] | None = None) -> Any:
        row = self.first(stmt, params)
        return None if row is None else row[0]


_STREAMS = itertools.count(1)


@contextmanager
def session_stream(s: Session) -> Iterator[RawRead]:
    """A `RawRead` on the cursor of `s`'s own connection, in `s`'s transaction (the same snapshot as the
    session's other reads), for `RawRead.stream`. On PostgreSQL a server-side (named) cursor: the driver's
    ordinary cursor would fetch every row of a quarter at once."""
    conn = s.connection()
    driver = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        cur = driver.cursor()  # type: ignore[union-attr]
    else:  # a name of its own: two streams may be open at once
        cur = driver.cursor(name=f"hotline_stream_{next(_STREAMS)}")  # type: ignore[union-attr]
    try:
        yield RawRead(cur, conn.dialect)
    finally:
        cur.close()


def rows_of(s: Session | RawRead, stmt: Prepared | Executable,
            params: Mapping[str, Any] | None = None, *, processed: bool = True) -> Sequence[Any]:
    """`stmt`'s rows in a raw read, or in a Session (the same statement through SQLAlchemy, rows processed
    whatever `processed` says): for the queries the hot reads share with the rest of the desk."""
    if isinstance(s, RawRead):
        return s.rows(stmt, params, processed=processed)
    return s.execute(stmt.stmt if isinstance(stmt, Prepared) else stmt, params or {}).all()


def dialect_name(s: Session | RawRead) -> str:
    return s.dialect_name if isinstance(s, RawRead) else s.get_bind().dialect.name


class InIds(ColumnElement[bool]):
    """`column IN (the ids)`, the ids bound as one JSON array text: the statement's text is the same for
    any number of ids, so its compiled form is cached and nothing is rendered per id (an `in_()` of 500 ids
    rendered 500 placeholders at every execution). SQLite reads the array with json_each, PostgreSQL with
    jsonb_array_elements_text; both look each id up by the primary key."""

    inherit_cache = True
    type = NullType()  # not Boolean: SQLite would compare it with 1 in WHERE, and the planner then scans
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("ids", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any], ids: Any):
        self.column, self.ids = column, ids


def in_ids(column: ColumnElement[Any], ids: Iterable[int]) -> InIds:
    """`column` IN `ids` (ints) as one bound JSON text (`InIds`)."""
    return InIds(column, bindparam(None, json.dumps([int(i) for i in ids]), type_=String))


@compiles(InIds, "sqlite")
def _in_ids_sqlite(el: InIds, compiler: Any, **kw: Any) -> str:
    return f"{compiler.process(el.column, **kw)} IN (SELECT value FROM json_each({compiler.process(el.ids, **kw)}))"


@compiles(InIds)
def _in_ids_pg(el: InIds, compiler: Any, **kw: Any) -> str:
    return (f"{compiler.process(el.column, **kw)} IN (SELECT CAST(jsonb_array_elements_text("
            f"CAST({compiler.process(el.ids, **kw)} AS JSONB)) AS BIGINT))")
