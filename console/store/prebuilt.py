"""Statements compiled once into the driver's own SQL, run on the DBAPI cursor: for a hot path only.

SQLAlchemy's execution of a cached statement still costs some tens of microseconds a statement in Python
(the execution context, the events, parameter and result processing, the result object): several times what
SQLite itself spends on a small INSERT. A path run on every call (services.ticket_logging) compiles its
statements once per dialect here and executes them on the transaction's own DBAPI cursor, so it costs what a
bare sqlite3 / psycopg program costs. What SQLAlchemy would do for it is done here the same way, once:

- the SQL text is SQLAlchemy's compilation for the dialect (the same statement, not a hand-written copy);
- a value is bound through its column type's own bind processor (UTCDateTime: aware → naive UTC, then the
  dialect's text or timestamp), so the stored value is the one the ORM or Core would have stored;
- an INSERT names every column but the generated key: an absent column gets its Python-side scalar default
  (as Core's insert would) or NULL; a column with only a server default must be given (an explicit NULL
  would not be the server's default).

Results are the driver's own values (no result processing): callers read ids, counts and text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Table, bindparam, insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import ClauseElement, ColumnElement

from .prepared import Compiled
from .types import UTCDateTime
from .values import stored_utc


@dataclass(frozen=True)
class Prebuilt:
    """One statement as the driver runs it: its SQL and how a mapping of values becomes its parameters."""

    sql: str
    names: tuple[str, ...]  # the bind names: in order (positional paramstyle) or as the keys (named)
    positional: bool
    fixed: Mapping[str, Any]  # values compiled into the statement (LIMIT 1, literal strings, defaults)
    processors: Mapping[str, Callable[[Any], Any]]  # bind name -> its type's bind processor (only those with one)
    bind: Callable[[Mapping[str, Any], dict[tuple[Any, Any], Any]], Sequence[Any] | dict[str, Any]] = field(
        init=False, repr=False, compare=False)  # the driver's parameters from the values (see params)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bind", _binder(self))

    def params(self, values: Mapping[str, Any], memo: dict[tuple[Any, Any], Any] | None = None
               ) -> Sequence[Any] | dict[str, Any]:
        """The driver's parameters for one execution; a name not in `values` takes its fixed value. `memo`:
        processed values by (processor, value), shared by the statements of one transaction (a write
        stamps the same instant on a dozen columns)."""
        return self.bind(values, {} if memo is None else memo)


def _binder(stmt: Prebuilt) -> Callable[[Mapping[str, Any], dict[tuple[Any, Any], Any]], Any]:
    """`Prebuilt.params` for `stmt`, written out once as one function, as store.prepared writes a row
    converter: each name read once with its fixed value as the default, a processor called only for the
    names that have one, and no loop — a general loop over the plan cost half of this path's own Python."""
    ns: dict[str, Any] = {"_REQUIRED": _REQUIRED, "_missing": _missing}
    lines = ["def bind(values, memo):", "    get = values.get"]
    for i, n in enumerate(stmt.names):
        fixed, proc = stmt.fixed.get(n), stmt.processors.get(n)
        ns[f"f{i}"] = fixed
        lines.append(f"    v{i} = get({n!r}, f{i})")
        if fixed is _REQUIRED:
            lines.append(f"    if v{i} is _REQUIRED: _missing({n!r})")
        if proc is not None:
            ns[f"p{i}"] = proc
            lines += [f"    if v{i} is not None:",
                      f"        k = (p{i}, v{i})",
                      "        try:",
                      f"            v{i} = memo[k]",
                      "        except KeyError:",
                      f"            v{i} = memo[k] = p{i}(v{i})",
                      "        except TypeError:  # an unhashable value (a JSON document): processed each time",
                      f"            v{i} = p{i}(v{i})"]
    if stmt.positional:
        lines.append("    return (" + "".join(f"v{i}, " for i in range(len(stmt.names))) + ")")
    else:
        lines.append("    return {" + "".join(f"{n!r}: v{i}, " for i, n in enumerate(stmt.names)) + "}")
    exec("\n".join(lines), ns)  # noqa: S102 - text built above from indices and repr()'d bind names only
    fn: Callable[[Mapping[str, Any], dict[tuple[Any, Any], Any]], Any] = ns["bind"]
    return fn


def _missing(name: str) -> None:
    raise ValueError(f"a value is required for {name} (the column has only a server default)")


def prebuild(stmt: ClauseElement, dialect: Dialect) -> Prebuilt:
    """Compile `stmt` for `dialect` once — the same compilation as a prepared read (store.prepared: its SQL,
    its literal values, its binds' type processors). Every bind is a plain value (no expanding IN list)."""
    c = Compiled(stmt, dialect)
    if c.expanding:
        raise ValueError("a prebuilt statement must compile to one fixed text")
    positional = c.positions is not None
    names = c.positions if c.positions is not None else tuple(c.defaults)
    binds = c.compiled.binds
    return Prebuilt(c.sql, names, positional, {n: c.defaults.get(n) for n in names},
                    {n: _shared(binds[n].type, dialect, p) for n, p in c.binds.items() if n in names})


_UTC_PROCESSORS: dict[tuple[str, str], Callable[[Any], Any]] = {}


def _shared(type_: Any, dialect: Dialect, proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """One processor for every UTCDateTime bind of a dialect: each column's type makes its own (the same
    function), and the transaction's memo (Prebuilt.params) is keyed by the processor — so the instant a
    write stamps on a dozen columns of four tables is converted once, not once per column. On SQLite with
    the DateTime's own storage format, `sqlite_utc_text` (the same text in one step)."""
    if type(type_) is not UTCDateTime:
        return proc
    if dialect.name == "sqlite" and _default_sqlite_format(type_, dialect):
        proc = sqlite_utc_text
    return _UTC_PROCESSORS.setdefault((dialect.name, dialect.driver), proc)


def _default_sqlite_format(type_: Any, dialect: Dialect) -> bool:
    from sqlalchemy.dialects.sqlite import DATETIME

    impl = type_.load_dialect_impl(dialect)
    impl = impl.dialect_impl(dialect) if not isinstance(impl, DATETIME) else impl
    return isinstance(impl, DATETIME) and impl._storage_format == DATETIME._storage_format


def sqlite_utc_text(value: datetime) -> str:
    """UTCDateTime's bind processing on SQLite in one step: `stored_utc` (aware → naive UTC; a naive time
    refused), then the text SQLAlchemy's SQLite DATETIME stores ("2026-12-06 17:00:00.000000": its default
    storage format is ISO 8601 with a space and six-digit microseconds, which isoformat writes). The type's
    own chain (the decorator, then a %-format of seven fields) cost twice as much, three times a logged call;
    tests/store/test_prebuilt_datetime.py holds the two equal."""
    return stored_utc(value).isoformat(" ", "microseconds")


def insert_of(table: Table, dialect: Dialect, returning: ColumnElement[Any] | None = None) -> Prebuilt:
    """INSERT of one row of `table` naming every column but its generated key, each bound under its own
    name (see the module: defaults as Core's insert fills them)."""
    values: dict[str, Any] = {}
    fixed: dict[str, Any] = {}
    for col in table.columns:
        if col.primary_key and len(table.primary_key.columns) == 1 and isinstance(col.type, Integer):
            continue  # the generated key
        default = col.default
        if default is not None and not default.is_scalar:
            raise ValueError(f"{table.name}.{col.key}: a computed default cannot be prebuilt")
        if default is None and col.server_default is not None:
            fixed[col.key] = _REQUIRED
        else:
            fixed[col.key] = default.arg if default is not None else None  # type: ignore[attr-defined]
        values[col.key] = bindparam(col.key, type_=col.type)
    stmt = insert(table).values(values)
    if returning is not None:
        stmt = stmt.returning(returning)
    built = prebuild(stmt, dialect)
    return Prebuilt(built.sql, built.names, built.positional, {**built.fixed, **fixed}, built.processors)


class _Required:
    """The value of a column that has only a server default: left out, the INSERT fails loudly."""

    def __repr__(self) -> str:
        return "<required>"


_REQUIRED = _Required()


class DriverCursor:
    """A DBAPI cursor inside the transaction `conn` began, running Prebuilt statements. A driver error
    goes through SQLAlchemy's own handling, as if SQLAlchemy had run the statement: the same exception
    classes (DBAPIError and kin, the values hidden as the engine says) and a lost connection invalidated."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.cur = conn.connection.cursor()
        self.memo: dict[tuple[Any, Any], Any] = {}  # see Prebuilt.params

    def close(self) -> None:
        self.cur.close()

    def one(self, stmt: Prebuilt, values: Mapping[str, Any]) -> Any:
        """Execute `stmt` once; returns its first row (None for none)."""
        params = stmt.bind(values, self.memo)
        try:
            self.cur.execute(stmt.sql, params)
            return self.cur.fetchone()
        except Exception as e:  # noqa: BLE001 - handed to SQLAlchemy, which raises
            self.conn._handle_dbapi_exception(e, stmt.sql, params, self.cur, None)

    def many(self, stmt: Prebuilt, rows: Iterable[Mapping[str, Any]]) -> None:
        """Execute `stmt` for each of `rows` in one executemany."""
        bind, memo = stmt.bind, self.memo
        params = [bind(r, memo) for r in rows]
        try:
            self.cur.executemany(stmt.sql, params)
        except Exception as e:  # noqa: BLE001 - handed to SQLAlchemy, which raises
            self.conn._handle_dbapi_exception(e, stmt.sql, params, self.cur, None)
