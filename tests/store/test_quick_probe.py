"""The standard-library look into a desk file that lets the login dialog paint before SQLAlchemy loads."""
from __future__ import annotations

import sqlite3

from console.store.migrate import head_revision
from console.store.quick_probe import SCHEMA_HEAD, probe_sqlite


def _sql(path, statement: str) -> None:
    con = sqlite3.connect(path)
    con.execute(statement)
    con.commit()
    con.close()


def test_schema_head_names_the_newest_migration():
    assert SCHEMA_HEAD == head_revision()


def test_a_current_desk_with_accounts_is_ready(db_path):
    _sql(db_path, "INSERT OR REPLACE INTO settings(key, value) VALUES ('desk_name', '嘉宏街道热线')")
    p = probe_sqlite(db_path)
    assert p is not None and p.ready
    assert p.revision == SCHEMA_HEAD and p.has_users and p.desk_name == "嘉宏街道热线"


def test_an_older_schema_is_not_ready(db_path):
    _sql(db_path, "UPDATE alembic_version SET version_num = '0000'")
    p = probe_sqlite(db_path)
    assert p is not None and p.revision == "0000" and not p.ready


def test_a_desk_without_active_accounts_is_not_ready(db_path):
    _sql(db_path, "UPDATE users SET active = 0")
    p = probe_sqlite(db_path)
    assert p is not None and not p.has_users and not p.ready


def test_what_is_not_a_desk_cannot_be_told(tmp_path):
    missing = tmp_path / "missing.sqlite3"
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database\n" * 200)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    for path in (missing, empty, garbage, other, tmp_path):
        assert probe_sqlite(path) is None, path
    assert not missing.exists()  # read-only: nothing created


def test_the_probe_writes_nothing(db_path):
    before = db_path.read_bytes()
    assert probe_sqlite(db_path) is not None
    assert db_path.read_bytes() == before


def test_a_write_locked_desk_can_still_be_probed(db_path):
    """Another seat in the middle of a write must not turn the start into the slow path."""
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        p = probe_sqlite(db_path)
        assert p is not None and p.ready
    finally:
        holder.execute("ROLLBACK")
        holder.close()
