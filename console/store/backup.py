"""Copies of a desk's SQLite database that are safe to rely on.

A backup is written with SQLite's online backup API into a temporary file
beside the target, checked with `integrity_check`, fsynced, and only then
renamed into place: a crash mid-copy leaves no file with the final name.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..domain.errors import UserError
from .database import Database


def _fsync_dir(d: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def integrity_errors(path: Path) -> list[str]:
    """integrity_check and foreign_key_check of a file; [] means healthy."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as e:
        return [str(e)]
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        errs = [] if rows == ["ok"] else rows
        errs += [f"foreign key: {r}" for r in con.execute("PRAGMA foreign_key_check")]
        return errs
    except sqlite3.DatabaseError as e:
        return [str(e)]
    finally:
        con.close()


def backup_sqlite(db: Database, out: Path) -> Path:
    src = db.sqlite_path
    if src is None:
        raise UserError("只能备份 SQLite 数据库文件。", "Only SQLite database files can be backed up this way.")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(str(src), timeout=30)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        source.close()
    errors = integrity_errors(tmp)
    if errors:
        tmp.unlink(missing_ok=True)
        raise UserError(
            "备份副本未通过完整性检查，已丢弃：" + "; ".join(errors[:3]),
            "The backup copy failed its integrity check and was discarded: " + "; ".join(errors[:3]),
        )
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, out)
    _fsync_dir(out.parent)
    return out
