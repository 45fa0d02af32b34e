"""The quarterly workbook and PDF of a SQLite desk without SQLAlchemy (issue 21, session 12): the same files
and the same audit rows.

A 250,000-ticket quarter's export process spent ≈ 35 MB of its peak memory and half a second on
SQLAlchemy, the models and Alembic, to run a dozen statements whose SQLite text never changes. Here the
statements are their frozen SQLite text (console/store/frozen/quarterly_sqlite.py, generated from the Core
definitions in console.store.report_statements and held equal to them by a test), the file is opened with the
desk's own pragmas after its schema revision is checked (store.sqlite_open.open_at_head, as the shift log's
lean export), the rows are read and shaped by the very functions today's path runs (store.report_reads, on a
`FrozenRead`), the files are written by the one sequence both paths share (services.quarterly_files), and each
audit row is chained by the function `context.audit` also uses (domain.audit_chain.audit_row), inserted inside
BEGIN IMMEDIATE after the same "is this still the file we opened" check `Database` makes.

Taken only where it does exactly what today's path does: a masked export on a SQLite file at the schema head.
For anything else (an unmasked export: the actor's role is checked by today's path with its login; a server;
another revision, which today's path migrates or explains; a file that is not a desk) the functions return
None before anything is read or written, and the caller takes today's path. A database error on the way is
the same user-facing error today's path raises (store.db_errors.classify).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TypeVar

from ..domain.audit_chain import audit_row
from ..domain.clock import Clock, checked_now
from ..domain.timeutil import DEFAULT_TZ, TIMEZONE_KEY, zone_or_default
from ..store import report_reads as rr
from ..store.db_errors import classify
from ..store.frozen import quarterly_sqlite as Q
from ..store.frozen_sql import FrozenRead
from ..store.lean_audit import append_audit
from ..store.sqlite_open import busy_timeout_ms, file_id, open_at_head
from ..util.progress import Progress
from . import quarterly_files as qf
from .actor import Actor

T = TypeVar("T")


class _FileDesk:
    """quarterly_files.QuarterDesk on a sqlite3 connection to the desk's file (autocommit: every
    transaction begun here, as store.database begins them)."""

    def __init__(self, con: sqlite3.Connection, path: Path, display: str, clock: Clock):
        self.con, self.path, self.display, self.clock = con, path, display, clock
        self.opened = file_id(path)
        self._tz: tzinfo | None = None

    @property
    def tz(self) -> tzinfo:
        if self._tz is None:  # one statement, its own implicit transaction: asked inside a read() too
            cur = self.con.cursor()
            try:
                v = FrozenRead(cur).scalar(Q.SETTING_RAW, {"key": TIMEZONE_KEY})
            finally:
                cur.close()
            self._tz = zone_or_default(DEFAULT_TZ if v is None else v)
        return self._tz

    def now(self) -> datetime:
        return checked_now(self.clock)

    @contextmanager
    def read(self) -> Iterator[rr.Reads]:
        con = self.con

        @contextmanager
        def reads() -> Iterator[FrozenRead]:
            cur = con.cursor()
            try:
                yield FrozenRead(cur)
            finally:
                cur.close()

        con.execute("BEGIN")
        try:
            yield reads
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")

    def audit(self, actor: Actor, action: str, new: dict[str, object]) -> None:
        append_audit(self.con, self.path, self.opened, self.display, lambda tail: audit_row(
            tail, self.now(), actor.id, actor.via, action, qf.REPORT_ENTITY, None, None, new))


def _on_file_desk(path: Path, display: str, clock: Clock, mask: bool, run: Callable[[_FileDesk], T]) -> T | None:
    """`run` on the desk at `path` when the lean path can take it (masked, the desk at the schema head); None
    when not, nothing read. A driver error as today's path's user error."""
    if not mask:
        return None
    con = open_at_head(path, busy_timeout_ms())
    if con is None:
        return None
    try:
        return run(_FileDesk(con, path, display, clock))
    except sqlite3.Error as e:
        known = classify(e, display)
        if known is None:
            raise
        raise known from e
    finally:
        con.close()


def export_quarterly_files_lite(path: Path, display: str, actor: Actor, clock: Clock, year: int, quarter: int,
                                out_dir: str | Path, *, mask: bool = True, progress: Progress | None = None,
                                cancelled: Callable[[], bool] | None = None,
                                on_file: Callable[[Path], None] | None = None) -> list[Path] | None:
    """services.exports.export_quarterly_files on the SQLite desk at `path` (`display`: how messages name
    it), or None (nothing read or written) when the lean path cannot take it: take today's path."""
    return _on_file_desk(path, display, clock, mask, lambda desk: qf.write_quarter_files(
        desk, actor, year, quarter, out_dir, mask=mask, progress=progress, cancelled=cancelled, on_file=on_file))


def export_quarterly_lite(path: Path, display: str, actor: Actor, clock: Clock, year: int, quarter: int,
                          out_dir: str | Path, *, mask: bool = True, progress: Progress | None = None,
                          cancelled: Callable[[], bool] | None = None) -> Path | None:
    """services.exports.export_quarterly (the workbook alone) the same way, or None (bench/bench_quarterly_xlsx)."""
    written = _on_file_desk(path, display, clock, mask, lambda desk: qf.write_workbook(
        desk, actor, year, quarter, out_dir, mask, progress, cancelled))
    return None if written is None else written.path
