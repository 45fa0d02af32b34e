"""Backup file names and their rotation: one prefix, one time stamp, for both engines.

``hotline-YYYYmmdd-HHMMSS.sqlite3`` (SQLite) or ``….pgdump`` (PostgreSQL), in
the machine's local time, so the names sort by time; a second backup within
the same second gets ``-2``, ``-3``. The window proposes the same names as
the command line, so every backup in the data folder's backups/ is rotated:
only the newest KEEP_BACKUPS files named like ours are kept, and a copy the
desk put there by hand, or a pre-migration copy, is never deleted.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

BACKUP_PREFIX = "hotline-"
SQLITE_SUFFIX = ".sqlite3"
DUMP_SUFFIX = ".pgdump"
KEEP_BACKUPS = 30
STAMP = "%Y%m%d-%H%M%S"


def backup_name(at: datetime, suffix: str = SQLITE_SUFFIX) -> str:
    return f"{BACKUP_PREFIX}{at.strftime(STAMP)}{suffix}"


def is_rotated_backup(p: Path, suffix: str = SQLITE_SUFFIX) -> bool:
    """Named like one of our timestamped backups (with an optional -N)."""
    m = re.fullmatch(re.escape(BACKUP_PREFIX) + r"(\d{8}-\d{6})(-\d+)?" + re.escape(suffix), p.name)
    if not m:
        return False
    try:
        datetime.strptime(m.group(1), STAMP)
    except ValueError:
        return False
    return True


def free_backup_path(folder: Path, at: datetime, suffix: str = SQLITE_SUFFIX) -> Path:
    """A timestamped name in `folder` that no file has yet (never overwrite the first of a second)."""
    name = backup_name(at, suffix)
    out, n = Path(folder) / name, 2
    while out.exists():
        out = Path(folder) / f"{name[:-len(suffix)]}-{n}{suffix}"
        n += 1
    return out


def rotate_backups(folder: Path, keep: int = KEEP_BACKUPS, suffix: str = SQLITE_SUFFIX) -> list[Path]:
    """Delete all but the newest `keep` timestamped backups in `folder`; returns those deleted."""
    ours = sorted((p for p in Path(folder).iterdir() if p.is_file() and is_rotated_backup(p, suffix)),
                  key=lambda p: p.name)
    gone = ours[:-keep] if keep > 0 else ours
    for p in gone:
        p.unlink(missing_ok=True)
    return gone
