"""A desk whose database file was deleted, moved or replaced under it refuses to write.

SQLite in WAL mode keeps writing into an unlinked file without a word: the
window would say "saved" and the ticket would be gone at exit. The store
checks the file's identity at the start of every write transaction.
"""
from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from console.services import tickets as T
from console.store.database import Database
from console.store.db_errors import DatabaseUnavailable, classify


def _call(street):
    return T.NewCall(description="楼道停电", caller_phone="13800138000",
                     community_id=street.communities["嘉宏三村"], category_id=street.categories["水电气/停电"])


def _count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM tickets").fetchone()[0]
    finally:
        con.close()


def test_writes_work_while_the_file_stays_the_same(desk, operator, street):
    T.log_call(desk, operator, _call(street))
    T.log_call(desk, operator, _call(street))
    assert _count(desk.db.sqlite_path) == 2


def test_a_deleted_file_refuses_the_write_with_a_sentence(desk, operator, street):
    T.log_call(desk, operator, _call(street))  # the connection is open, as in a running window
    path = desk.db.sqlite_path
    for side in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        side.unlink(missing_ok=True)
    with pytest.raises(DatabaseUnavailable) as e:
        T.log_call(desk, operator, _call(street))
    assert e.value.reason == "moved"
    assert "已被移走、删除或替换" in e.value.message("zh_CN") and str(path) in e.value.message("zh_CN")
    assert "moved, deleted or replaced" in e.value.message("en")
    assert classify(e.value) is e.value  # the window's handlers show it as it is


def test_a_file_replaced_by_another_refuses_the_write_and_the_new_file_is_untouched(desk, operator, street, tmp_path):
    T.log_call(desk, operator, _call(street))
    path = desk.db.sqlite_path
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copyfile(path, other)  # e.g. a restore: a good copy renamed over the open file
    os.replace(other, path)
    before = _count(path)
    with pytest.raises(DatabaseUnavailable):
        T.log_call(desk, operator, _call(street))
    assert _count(path) == before
    # reads still work (they show what the old file held): only writes could be lost
    with desk.db.read() as s:
        assert s.connection().exec_driver_sql("SELECT 1").scalar() == 1


def test_a_fresh_database_object_on_the_new_file_writes_normally(desk, operator, street):
    path = desk.db.sqlite_path
    T.log_call(desk, operator, _call(street))
    desk.db.dispose()
    fresh = Database(path)
    try:
        with fresh.write() as s:
            s.connection().exec_driver_sql("UPDATE settings SET value = value WHERE 0")
        assert fresh.file_id is not None
    finally:
        fresh.dispose()
