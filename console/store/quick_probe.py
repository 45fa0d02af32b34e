"""A look into a SQLite desk file with the standard library only, before SQLAlchemy is loaded.

Starting the window used to import SQLAlchemy and Alembic (≈ 0.8 s) just to
learn that the schema is already current, and only then show the login
dialog. This module answers the three questions the login dialog needs —
is the schema at the revision this program expects, are there accounts,
what is the desk called — from a read-only connection in a few
milliseconds. Anything unexpected (a missing table, a locked or damaged
file, a PostgreSQL URL) answers "cannot tell" and the caller takes the full
path through console.store.migrate, which knows how to explain the problem.

SCHEMA_HEAD must name the newest Alembic revision; a test reads the
migrations folder and fails when a new revision is added without updating it.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SCHEMA_HEAD = "0026"


@dataclass(frozen=True)
class QuickProbe:
    revision: str | None
    has_users: bool
    desk_name: str

    @property
    def ready(self) -> bool:
        """The window may start without migrating or creating anything."""
        return self.revision == SCHEMA_HEAD and self.has_users


def probe_sqlite(path: Path) -> QuickProbe | None:
    """What the file says, or None when it cannot be told quickly (take the full path)."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        rev = con.execute("SELECT version_num FROM alembic_version").fetchall()
        users = con.execute("SELECT 1 FROM users WHERE active LIMIT 1").fetchone()
        name = con.execute("SELECT value FROM settings WHERE key = 'desk_name'").fetchone()
    except sqlite3.Error:  # not a desk, not yet created, locked, damaged: the full path will say
        return None
    finally:
        con.close()
    return QuickProbe(revision=rev[0][0] if len(rev) == 1 else None, has_users=users is not None,
                      desk_name=(name[0] or "") if name else "")
