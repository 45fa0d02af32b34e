"""`export shift-log` on a SQLite desk without SQLAlchemy (issue 21): the same PDF and the same audit row.

The command's process spent most of its life importing SQLAlchemy, the models and Alembic to run
seventeen statements and one INSERT. Here the statements are their frozen SQLite text
(console.store.frozen_sql, generated from the Core definitions and held equal to them by a test), the
file is opened with the desk's own pragmas (store.sqlite_open, the function `Database` also calls), the
rows are read by the very queries today's path runs (store.shift_log_queries, on a `FrozenRead`), the PDF
and its audit row are written by the one sequence both paths share (services.shift_log_files), and the
audit row is chained by the one function `context.audit` also uses (domain.audit_chain.audit_row),
inserted inside BEGIN IMMEDIATE after the same "is this still the file we opened" check.

It takes only what it can do exactly as today's path: a masked export (an unmasked one needs a user and a
password: the login's throttle and audit) on a SQLite file at the schema head. For anything else
`export_shift_log_lite` returns None before it has read a row, and the caller takes today's path, which
migrates, explains or authenticates.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..domain.audit_chain import audit_row
from ..domain.clock import Clock, checked_now
from ..domain.report_rows import ShiftLogData
from ..domain.shift_hours import DAY_START_KEY, NIGHT_START_KEY, hours_from_text
from ..domain.timeutil import DEFAULT_TZ, TIMEZONE_KEY, zone_or_default
from ..store.frozen_sql import FrozenRead
from ..store.lean_audit import append_audit
from ..store.shift_log_queries import setting_text, shift_log_for_day, shift_log_for_shift
from ..store.sqlite_open import busy_timeout_ms, file_id, open_at_head
from .actor import Actor
from .shift_log_files import EXPORT_ACTION, EXPORT_ENTITY, write_shift_log


def export_shift_log_lite(path: Path, display: str, actor: Actor, clock: Clock, *, shift_id: int | None = None,
                          day: date | None = None, night: bool = False, out: str | Path | None = None,
                          full_backlog: bool = False,
                          cancelled: Callable[[], bool] | None = None) -> Path | None:
    """The masked shift log of the SQLite desk at `path` (`display`: how messages name it) written as
    services.shift_log.export_shift_log writes it; None when the file is not a desk at the schema head
    (nothing read or written: take today's path). Either `shift_id` or `day` (+ `night`)."""
    busy = busy_timeout_ms()
    con = open_at_head(path, busy)
    if con is None:
        return None
    try:
        opened = file_id(path)
        cur = con.cursor()
        r = FrozenRead(cur)
        data = _read(cur, r, clock, shift_id=shift_id, day=day, night=night, full_backlog=full_backlog)

        def audited(new: dict[str, object]) -> None:
            append_audit(con, path, opened, display, lambda tail: audit_row(
                tail, checked_now(clock), actor.id, actor.via, EXPORT_ACTION, EXPORT_ENTITY, shift_id, None, new))

        return write_shift_log(data, out, audited, shift_id=shift_id, mask=True, full_backlog=full_backlog,
                               cancelled=cancelled)
    finally:
        con.close()


def _read(cur: sqlite3.Cursor, r: FrozenRead, clock: Clock, *, shift_id: int | None, day: date | None,
          night: bool, full_backlog: bool) -> ShiftLogData:
    """The log's rows in one read transaction, as services.shift_log.shift_log_data reads them."""
    cur.execute("BEGIN")
    try:
        tz = zone_or_default(setting_text(r, TIMEZONE_KEY, DEFAULT_TZ))
        now = checked_now(clock)
        if shift_id is not None:
            return shift_log_for_shift(r, shift_id, tz=tz, now=now, mask=True, full_backlog=full_backlog)
        assert day is not None  # the command gives exactly one of --shift and --date
        hours = hours_from_text(setting_text(r, DAY_START_KEY), setting_text(r, NIGHT_START_KEY))
        return shift_log_for_day(r, day, night, tz=tz, now=now, mask=True, full_backlog=full_backlog,
                                 **hours.as_kwargs())
    finally:
        cur.execute("ROLLBACK")
