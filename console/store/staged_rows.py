"""Rows staged in TEMP tables on one connection, then copied into the desk's tables with INSERT … SELECT.

A bulk import that must hold the desk's write lock only briefly fills these tables while it holds no
lock (a TEMP table belongs to its connection: nobody else sees it or waits for it), then copies them in
its write transaction on the same connection (Database.own_connection / write_on). Measured here: the
20,000 tickets of an old register went in ≈ 4× faster by INSERT … SELECT than by executemany of the
same rows, the full-text trigger included (bench/RESULTS.md). A TEMP table outlives a transaction but
not its connection, so a killed job leaves nothing; `TempTables` drops them when the job ends, since a
pooled connection lives on.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Column, Integer, MetaData, Table, delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeEngine

from .models import Base


class TempTables:
    """The TEMP tables of one job, declared with `like` and created together by `temp_tables`."""

    def __init__(self) -> None:
        self.metadata = MetaData()

    def like(self, name: str, model_table: str, columns: Sequence[str], key: str = "k",
             extra: Sequence[tuple[str, TypeEngine]] = ()) -> Table:
        """A TEMP table `name` with `columns` typed as `model_table`'s (no constraints), after an integer
        primary key `key` (the rows' order) and `extra` columns."""
        target = Base.metadata.tables[model_table]
        return Table(name, self.metadata, Column(key, Integer, primary_key=True, autoincrement=False),
                     *(Column(n, t) for n, t in extra), *(Column(c, target.c[c].type) for c in columns),
                     prefixes=["TEMPORARY"])

    def clear(self, conn: Connection) -> None:
        """Empty every table (a job that stages again after another seat moved the ids)."""
        for t in self.metadata.sorted_tables:
            conn.execute(delete(t))
        conn.commit()

    def copy(self, conn: Connection, table: Table, model_table: str, columns: Sequence[str]) -> None:
        """INSERT INTO `model_table` (`columns`) SELECT them FROM `table`, in its key's order."""
        key = next(iter(table.primary_key.columns))
        conn.execute(insert(Base.metadata.tables[model_table]).from_select(
            list(columns), select(*(table.c[c] for c in columns)).order_by(key)))

    def drop(self, conn: Connection) -> None:
        if conn.in_transaction():
            conn.rollback()
        for t in self.metadata.sorted_tables:
            conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{t.name}"')  # a TEMP table shadows the schema's
        conn.commit()


T = TypeVar("T", bound=TempTables)


@contextmanager
def temp_tables(conn: Connection, tables: T) -> Iterator[T]:
    """Create `tables` on `conn` (dropping any left by a job that failed on this pooled connection) and drop
    them when the block ends, however it ends."""
    tables.drop(conn)
    tables.metadata.create_all(conn, checkfirst=False)
    conn.commit()
    try:
        yield tables
    finally:
        tables.drop(conn)
