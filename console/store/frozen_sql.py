"""Statements frozen as SQLite text, and a reader that runs them on a bare sqlite3 connection.

An `export shift-log` process spent 40 % of its life importing SQLAlchemy and the models only to run 17
statements whose SQLite text never changes between runs (issue 21). Each such statement is still written
once in Core (console.store.shift_log_statements); scripts/freeze_statements.py records what it compiles to
on SQLite — the text, the parameters in their order with the literals the statement carries, and the
*kind* of each parameter and column (a UTC time kept as text, a 0/1 boolean) — in a generated module
(console/store/frozen/). A test compiles them again and fails when the record differs (a changed
statement, another SQLAlchemy), so the frozen text is a build artifact, never a second definition.

The kinds are converted by console.store.values, the functions UTCDateTime itself calls: one rule.

`FrozenRead` has the `rows` / `first` / `scalar` of `prepared.RawRead`; queries written against a
`StatementReader` (console.store.shift_log_queries) run unchanged on either. A RawRead given a
`FrozenStatement` runs the Core statement it was frozen from (`definition`), compiled for its own dialect.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import import_module
from typing import Any, Protocol

from .values import COLUMN_KINDS, PARAM_KINDS

_Proc = Callable[[Any], Any]


class FrozenStatement:
    """One statement as SQLite runs it, and where its Core definition lives (`source`, `name`)."""

    __slots__ = ("source", "name", "sql", "params", "constants", "columns", "_convert", "_binds")

    def __init__(self, source: str, name: str, sql: str, params: Sequence[tuple[str, str | None]],
                 constants: Mapping[str, Any], columns: Sequence[str | None]):
        self.source, self.name, self.sql = source, name, sql
        self.params = tuple(params)  # (name, kind) in the order of the placeholders; a name may repeat
        self.constants = dict(constants)  # the statement's own literals, already as SQLite stores them
        self.columns = tuple(columns)  # the kind of each result column (None: as the driver gives it)
        procs = {f"p{i}": COLUMN_KINDS[k] for i, k in enumerate(self.columns) if k is not None}
        self._convert = row_converter(len(self.columns), procs) if procs else None
        self._binds: tuple[tuple[str, _Proc | None], ...] = tuple(
            (n, PARAM_KINDS[k] if k is not None else None) for n, k in self.params)

    def __repr__(self) -> str:
        return f"<FrozenStatement {self.source}.{self.name}>"

    def bound(self, params: Mapping[str, Any]) -> list[Any]:
        """The positional parameters: the statement's constants, the caller's values through their kinds."""
        out = []
        for n, proc in self._binds:
            if n in self.constants:
                out.append(self.constants[n])
            else:
                v = params[n]
                out.append(proc(v) if proc is not None else v)
        return out

    def convert(self, rows: list[Any]) -> list[Any]:
        """The rows with each column through its kind (as given when no column has one)."""
        c = self._convert
        return rows if c is None else [c(r) for r in rows]

    @property
    def row_convert(self) -> Callable[[Sequence[Any]], tuple] | None:
        """The function of one row `convert` applies (None: rows as the driver gives them)."""
        return self._convert

    def definition(self) -> Any:
        """The Core statement this was frozen from (a `prepared.Prepared`): imported on demand, so a process
        that only runs the frozen text never imports SQLAlchemy."""
        return getattr(import_module(self.source), self.name)


def row_converter(width: int, procs: dict[str, _Proc], keyed: bool = False) -> Callable[[Sequence[Any]], tuple]:
    """A function of one row giving the tuple with each processed column through its processor (`procs` by
    "p<column index>"), or when `keyed` the pair (first column, tuple of the others): written out once per
    statement, as namedtuple writes its class, so a row costs one call and no loop."""
    cells = [f"p{i}(r[{i}])" if f"p{i}" in procs else f"r[{i}]" for i in range(width)]
    rest = "".join(f"{c}, " for c in cells[1:])
    body = f"({cells[0]}, ({rest}))" if keyed else f"({cells[0]}, {rest})"
    return eval(f"lambda r: {body}", dict(procs))  # noqa: S307 - text built above from indices only


class StatementReader(Protocol):
    """What the shift log's queries need of a read: a `prepared.RawRead` or a `FrozenRead`."""

    @property
    def dialect_name(self) -> str: ...

    def rows(self, stmt: Any, params: Mapping[str, Any] | None = None) -> list[Any]: ...

    def first(self, stmt: Any, params: Mapping[str, Any] | None = None) -> Any: ...

    def scalar(self, stmt: Any, params: Mapping[str, Any] | None = None) -> Any: ...


class StreamReader(StatementReader, Protocol):
    """… and a stream of rows a batch at a time (the quarterly export's pass: console.store.report_reads)."""

    def stream(self, stmt: Any, batch: int, params: Mapping[str, Any] | None = None) -> Iterator[Any]: ...


class FrozenRead:
    """Frozen statements on a sqlite3 cursor (inside the transaction its caller began)."""

    __slots__ = ("cursor",)
    dialect_name = "sqlite"

    def __init__(self, cursor: Any):
        self.cursor = cursor

    def rows(self, stmt: FrozenStatement, params: Mapping[str, Any] | None = None) -> list[Any]:
        cur = self.cursor
        cur.execute(stmt.sql, stmt.bound(params or {}))
        return stmt.convert(cur.fetchall())

    def first(self, stmt: FrozenStatement, params: Mapping[str, Any] | None = None) -> Any:
        cur = self.cursor
        cur.execute(stmt.sql, stmt.bound(params or {}))
        row = cur.fetchone()
        return None if row is None else stmt.convert([row])[0]

    def scalar(self, stmt: FrozenStatement, params: Mapping[str, Any] | None = None) -> Any:
        row = self.first(stmt, params)
        return None if row is None else row[0]

    def stream(self, stmt: FrozenStatement, batch: int, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        """The rows, converted, fetched `batch` at a time (a report's pass over a quarter): as
        `prepared.RawRead.stream`."""
        cur = self.cursor
        cur.execute(stmt.sql, stmt.bound(params or {}))
        convert = stmt.row_convert
        while rows := cur.fetchmany(batch):
            yield from (rows if convert is None else map(convert, rows))

    def execute(self, stmt: FrozenStatement, params: Mapping[str, Any] | None = None) -> None:
        """A write (the audit row's INSERT), in the caller's write transaction."""
        self.cursor.execute(stmt.sql, stmt.bound(params or {}))
