"""store.sqlite_open.open_at_head: only the desk at the schema head is opened with the desk's pragmas."""
from __future__ import annotations

import sqlite3

from console.store.sqlite_open import open_at_head


def _file(path, revision: str | None) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    if revision is not None:
        con.execute("CREATE TABLE alembic_version (version_num TEXT)")
        con.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    else:
        con.execute("CREATE TABLE notes (t TEXT)")
    con.commit()
    con.close()


def _journal(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()


def test_a_file_that_is_not_the_desk_at_the_head_is_left_as_it_was(tmp_path):
    for name, revision in (("other.sqlite3", None), ("older.sqlite3", "0001")):
        path = tmp_path / name
        _file(path, revision)
        assert open_at_head(path, 1000) is None
        assert _journal(path) == "delete", f"{name}: opened for a look, switched to WAL"
