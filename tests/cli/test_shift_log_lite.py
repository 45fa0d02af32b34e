"""`export shift-log` without SQLAlchemy (console.services.shift_log_lite): taken only for a masked log
without --user on a SQLite desk at the schema head, importing nothing of SQLAlchemy, Alembic or the models;
failing with today's messages."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest
from lean_probe import immutable as _immutable
from lean_probe import run_cli as _run


def test_a_masked_log_imports_nothing_of_sqlalchemy(cli, desk_file, tmp_path):
    out = tmp_path / "out" / "log.pdf"
    got = _run(cli, "--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night", "--out", out)
    assert (got["rc"], got["heavy"]) == (0, [])
    assert out.is_file()
    with sqlite3.connect(desk_file) as c:
        action, via = c.execute("SELECT action, via FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    c.close()
    assert action == "export_shift_log" and via.startswith("cli:")


def test_neither_way_imports_reportlabs_layout_engine(cli, desk_file, tmp_path):
    """The log is drawn on the canvas (console.reports.canvas_flow): `reportlab.platypus`, ≈ 160 ms of
    imports, is loaded by neither the path without SQLAlchemy nor today's (issue 21)."""
    for way, extra in (("lite", ()), ("full", ("--no-mask", "--user", "admin"))):
        out = tmp_path / way / "log.pdf"
        got = _run(cli, "--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night", "--out", out,
                   *extra)
        assert got["rc"] == 0 and out.is_file(), way
        assert ("sqlalchemy" in got["heavy"]) == (way == "full")  # each way is the one meant
        assert got["platypus"] == [], way


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_log_is_the_same_whatever_the_language_of_messages(cli, desk_file, tmp_path):
    """The shift log is a Chinese record (one label set, the desk's): `--lang en` changes the command's
    messages, never the PDF."""
    texts = {}
    for lang in ("zh_CN", "en"):
        out = tmp_path / lang / "log.pdf"
        assert cli("--lang", lang, "--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night",
                   "--out", out).rc == 0
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        texts[lang] = [line for line in text.splitlines() if "打印" not in line]  # the printing time
    assert texts["zh_CN"] == texts["en"]
    assert any("交接班日志" in line for line in texts["en"]) and any("签字" in line for line in texts["en"])


def test_everything_else_takes_todays_path(cli, desk_file, tmp_path):
    unmasked = _run(cli, "--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night",
                    "--no-mask", "--user", "admin", "--out", tmp_path / "a.pdf")
    assert unmasked["rc"] == 0 and "sqlalchemy" in unmasked["heavy"]
    with sqlite3.connect(desk_file) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")  # a newer program's desk
    c.close()
    newer = _run(cli, "--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night",
                 "--out", tmp_path / "b.pdf")
    assert newer["rc"] == 1 and "alembic" in newer["heavy"]  # today's path: it explains
    assert not (tmp_path / "b.pdf").exists()


def test_a_locked_desk_says_so_as_today(cli, desk_file, tmp_path):
    holder = sqlite3.connect(desk_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of a write
    env = {"HOTLINE_BUSY_TIMEOUT_MS": "200"}
    try:
        lite = cli("--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night",
                   "--out", tmp_path / "lite", env=env)
        full = cli("--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night",
                   "--out", tmp_path / "full", "--user", "admin", env=env)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert lite.rc == full.rc == 1
    assert lite.err.strip() == full.err.strip() == f"数据库正被另一个程序占用，请稍后再试（{desk_file}）。"
    assert not list((tmp_path / "lite").glob("*.pdf"))  # nothing audited, no file


def test_a_read_only_folder_says_so_as_today(cli, desk_file, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    undo = _immutable(folder)
    try:
        lite = cli("--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night", "--out", folder)
        full = cli("--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night", "--out", folder,
                   "--user", "admin")
    finally:
        undo()
    assert lite.rc == full.rc == 1
    assert lite.err.strip() == full.err.strip() and str(folder) in lite.err
    assert not list(folder.iterdir())
    with sqlite3.connect(desk_file) as c:
        assert c.execute("SELECT count(*) FROM audit_log WHERE action = 'export_shift_log'").fetchone()[0] == 0
    c.close()
