import sqlite3

from console.store.change_watch import ChangeWatcher


def test_a_commit_by_another_connection_is_seen_once(desk):
    w = ChangeWatcher(desk.db)
    assert w.changed() is False
    con = sqlite3.connect(desk.db.sqlite_path)
    con.execute("insert into settings(key, value) values ('x', 'y')")
    con.commit()
    assert w.changed() is True
    assert w.changed() is False
    w.close()
