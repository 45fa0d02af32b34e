"""`export quarterly` without SQLAlchemy (console.services.quarterly_lite): taken only for a masked export
without --user on a SQLite desk at the schema head, importing nothing of SQLAlchemy, Alembic or the models;
failing with today's messages (a locked desk, a read-only folder), leaving the rest to today's path."""
from __future__ import annotations

import sqlite3

from lean_probe import immutable as _immutable
from lean_probe import run_cli as _run

YEAR_Q = ("--year", "2026", "--quarter", "3")


def _audit_actions(desk_file):
    with sqlite3.connect(desk_file) as c:
        rows = c.execute("SELECT action, via FROM audit_log WHERE action LIKE 'export_quarterly%' ORDER BY id")
        out = rows.fetchall()
    c.close()
    return out


def test_a_masked_export_imports_nothing_of_sqlalchemy(cli, desk_file, tmp_path):
    got = _run(cli, "--db", desk_file, "export", "quarterly", *YEAR_Q, "--out", tmp_path / "out")
    assert (got["rc"], got["heavy"]) == (0, [])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["热线季度分析-2026Q3.pdf", "热线季度分析-2026Q3.xlsx"]
    actions = _audit_actions(desk_file)
    assert [a for a, _ in actions] == ["export_quarterly", "export_quarterly_pdf"]
    assert all(via.startswith("cli:") for _, via in actions)


def test_everything_else_takes_todays_path(cli, desk_file, tmp_path):
    unmasked = _run(cli, "--db", desk_file, "export", "quarterly", *YEAR_Q, "--no-mask", "--user", "admin",
                    "--out", tmp_path / "a")
    assert unmasked["rc"] == 0 and "sqlalchemy" in unmasked["heavy"]
    with sqlite3.connect(desk_file) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")  # a newer program's desk
    c.close()
    newer = _run(cli, "--db", desk_file, "export", "quarterly", *YEAR_Q, "--out", tmp_path / "b")
    assert newer["rc"] == 1 and "alembic" in newer["heavy"]  # today's path: it explains
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())


def test_a_locked_desk_says_so_as_today(cli, desk_file, tmp_path):
    holder = sqlite3.connect(desk_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of a write
    env = {"HOTLINE_BUSY_TIMEOUT_MS": "200"}
    try:
        lite = cli("--db", desk_file, "export", "quarterly", *YEAR_Q, "--out", tmp_path / "lite", env=env)
        full = cli("--db", desk_file, "export", "quarterly", *YEAR_Q, "--out", tmp_path / "full", "--user", "admin",
                   env=env)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert lite.rc == full.rc == 1
    assert lite.err.strip().splitlines()[-1] == full.err.strip().splitlines()[-1] \
        == f"数据库正被另一个程序占用，请稍后再试（{desk_file}）。"
    assert _audit_actions(desk_file) == []


def test_a_read_only_folder_says_so_as_today(cli, desk_file, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    undo = _immutable(folder)
    try:
        lite = cli("--db", desk_file, "export", "quarterly", *YEAR_Q, "--out", folder)
        full = cli("--db", desk_file, "export", "quarterly", *YEAR_Q, "--out", folder, "--user", "admin")
    finally:
        undo()
    assert lite.rc == full.rc == 1
    assert lite.err.strip() == full.err.strip() and str(folder) in lite.err
    assert not list(folder.iterdir())
    assert _audit_actions(desk_file) == []
