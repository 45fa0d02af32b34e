"""Opening a desk's SQLite file the one way, with or without SQLAlchemy.

`Database`'s connect hook (console.store.database) and the SQLAlchemy-free `export shift-log`
(console.services.shift_log_lite) both call `apply_pragmas`, so a file opened either way waits the same
for the write lock, checks foreign keys, runs in WAL and syncs FULL (a pulled plug loses no committed
row). `open_at_head` adds what the fast path needs before it reads: the file is the desk at the schema this
program expects (quick_probe.SCHEMA_HEAD); anything else answers None and the caller takes the full path,
which migrates or explains.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from .quick_probe import SCHEMA_HEAD


def busy_timeout_ms(default: int = 10_000) -> int:
    """How long a writer waits for the lock; HOTLINE_BUSY_TIMEOUT_MS shortens it (tests)."""
    try:
        return max(0, int(os.environ.get("HOTLINE_BUSY_TIMEOUT_MS", default)))
    except ValueError:
        return default


def apply_pragmas(dbapi_conn: Any, busy_ms: int) -> None:
    """The desk's settings on a new sqlite3 connection, which then runs in autocommit mode: every
    transaction is begun explicitly (BEGIN for reads, BEGIN IMMEDIATE for writes — see store.database)."""
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            try:
                cur.execute("PRAGMA journal_mode = WAL")
            except sqlite3.Error:  # read-only file: stays in its mode
                pass
        cur.execute("PRAGMA synchronous = FULL")
    finally:
        cur.close()


def file_id(path: Path | None) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`, None when there is none: a write checks the desk's file is still
    the one it opened (moved, deleted or replaced by a restore: it would write into a ghost)."""
    try:
        st = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if st is not None else None


def file_gone(where: str) -> Exception:
    """Refusing a write: the file at the desk's path is not the one it opened (`file_id`)."""
    from .db_errors import DatabaseUnavailable, _where

    wz, we = _where(where)
    return DatabaseUnavailable(
        f"数据库文件已被移走、删除或替换{wz}：为免数据丢失，这次没有保存。请关闭值班台再重新打开。",
        f"The database file was moved, deleted or replaced{we}; to lose nothing, this was not saved. "
        "Close the console and open it again.",
        reason="moved")


def open_at_head(path: Path, busy_ms: int) -> sqlite3.Connection | None:
    """The desk's file opened with its pragmas when it is a desk at SCHEMA_HEAD; None otherwise (missing,
    not a desk, another revision, unreadable, locked against reads): the full path will say what is wrong."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(str(path), timeout=busy_ms / 1000, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        # The revision first, read only: a file that is not this desk at SCHEMA_HEAD (another program's
        # database, an older desk) is left exactly as it was — the pragmas below may turn on WAL.
        rev = con.execute("SELECT version_num FROM alembic_version").fetchall()
        if len(rev) != 1 or rev[0][0] != SCHEMA_HEAD:
            con.close()
            return None
        apply_pragmas(con, busy_ms)
    except sqlite3.Error:
        con.close()
        return None
    return con
