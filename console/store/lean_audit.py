"""One audit row appended to a desk's SQLite file without SQLAlchemy: the audit of the lean exports
(services.shift_log_lite, services.quarterly_lite), written once for both.

As `Database` writes it: the file must still be the one that was opened (not moved, deleted or replaced
since: store.sqlite_open.file_id), the row is chained to the trail's tail inside BEGIN IMMEDIATE (the desk's
write lock, waiting busy_timeout as the connection's pragmas set it), and anything that fails rolls back.
The row itself is the caller's (`row_for(tail hash)`, built by domain.audit_chain.audit_row), so the
chain's rule stays in one place.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .frozen.shift_log_sqlite import AUDIT_INSERT, AUDIT_TAIL
from .frozen_sql import FrozenRead
from .sqlite_open import file_gone, file_id


def append_audit(con: sqlite3.Connection, path: Path, opened: tuple[int, int] | None, display: str,
                 row_for: Callable[[str], Mapping[str, Any]]) -> None:
    """Append `row_for(hash of the trail's last row, "" when empty)` to the audit trail of the desk
    `con` holds open at `path` (`opened`: its file_id when opened; `display`: how messages name it)."""
    if file_id(path) != opened:  # moved, deleted or replaced since it was opened: as Database refuses
        raise file_gone(display)
    cur = con.cursor()
    cur.execute("BEGIN IMMEDIATE")
    try:
        r = FrozenRead(cur)
        r.execute(AUDIT_INSERT, row_for(r.scalar(AUDIT_TAIL) or ""))
        cur.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.rollback()
        raise
    finally:
        cur.close()
