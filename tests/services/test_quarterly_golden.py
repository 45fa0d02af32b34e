"""Golden answers of the quarterly export (workbook + PDF + audit rows) on a demo desk (issue 21, session 12).

The export has two ways to read a quarter: today's (services.exports, through SQLAlchemy — any engine,
any schema revision the program migrates) and the SQLAlchemy-free one (services.quarterly_lite: a SQLite
desk at the schema head, its statements frozen as SQLite text). Both must write the same files and the same
audit rows; and both must write what the code wrote before either changed (session 11, main at 1df167a):
the digests below were computed from that code. Every cell of the eight sheets (value, number format, quote
prefix) and the PDF's text (pdftotext) are compared; the audit rows in full (their hashes chain them to the
desk's trail, so the same rows at the same moment on the same desk hash the same).

On a mismatch the cells and text are written beside the test's tmp folder, to be compared with the code before.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from engines import scratch_pg_database
from openpyxl import load_workbook

from console.domain.clock import FakeClock
from console.services.actor import Actor
from console.services.context import Desk
from console.store.database import Database
from console.store.migrate import ensure_schema

NOW = datetime(2026, 11, 22, 22, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ACTOR = Actor(None, "system", "系统", "admin", "cli:golden")
CASES = ((2026, 3), (2026, 4))  # a closed quarter (its previous one has tickets too), the running one

# sha256 of `files_text` for each case, from the code of session 11 (1df167a)
PINNED = {
    "2026Q3": "8b51f38cf3a71d540f73ff29ce84d2197d834035ee1d9b57df6158cfc6dc71bc",
    "2026Q4": "c75ea1a0a90e05cbfe56b04c4cd9cad488d890a8715b34b778ad64d812791d2f",
}

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")


def workbook_cells(path: Path) -> dict[str, list]:
    """Every written cell of every sheet: (coordinate, value, number format, quote prefix)."""
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                v = c.value.isoformat() if isinstance(c.value, datetime) else c.value
                cells.append([c.coordinate, v, c.number_format, bool(c.quotePrefix)])
        out[ws.title] = cells
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=120).stdout


def files_text(paths: list[Path]) -> str:
    """The workbook's cells and the PDF's text, as one JSON text."""
    xlsx, pdf = paths
    return json.dumps({"names": [p.name for p in paths], "cells": workbook_cells(xlsx), "pdf": pdf_text(pdf)},
                      ensure_ascii=False, indent=0, sort_keys=True)


def audit_rows(path: Path, since: int) -> list[tuple]:
    con = sqlite3.connect(str(path))
    try:
        return con.execute("SELECT * FROM audit_log WHERE id > ? ORDER BY id", (since,)).fetchall()
    finally:
        con.close()


def last_audit_id(path: Path) -> int:
    con = sqlite3.connect(str(path))
    try:
        return con.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo desk (20,000 tickets, seed 3, NOW: ≈ 3,000 a quarter) in a SQLite file, at the schema head."""
    from console.demo.desk import build_demo_desk

    path = tmp_path_factory.mktemp("golden-quarterly") / "demo.sqlite3"
    db = Database(path)
    try:
        ensure_schema(db, backup_dir=tmp_path_factory.mktemp("backups"))
        build_demo_desk(Desk(db, FakeClock(NOW)), tickets=20000, seed=3)
        with db.engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.dispose()
    spice(path)
    return path


def spice_sql(pg: bool = False) -> list[str]:
    """What the demo lacks, on some tickets: 保密 ones, a formula-like description, control characters in a
    name, a result starting with "+", coded categories (each a branch of the detail sheet); SQLite's or
    PostgreSQL's spelling."""
    ch = "chr" if pg else "char"
    code = "lpad(id::text, 4, '0')" if pg else "printf('%04d', id)"
    return [f"UPDATE tickets SET confidential = {'true' if pg else '1'} WHERE id % 37 = 0",
            "UPDATE tickets SET description = '=SUM(A1) ' || description WHERE id % 53 = 0",
            f"UPDATE tickets SET caller_name = {ch}(7) || caller_name || {ch}(13) || {ch}(10) || '先生' "
            "WHERE id % 61 = 0",
            "UPDATE tickets SET result = '+' || result WHERE id % 67 = 0 AND result <> ''",
            f"UPDATE categories SET code = 'A' || {code} WHERE id % 3 = 0"]


def spice(path: Path) -> None:
    """`spice_sql` on the SQLite file at `path`."""
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        for sql in spice_sql():
            con.execute(sql)
    finally:
        con.close()


def _copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


def full_export(path: Path, out: Path, year: int, quarter: int) -> list[Path]:
    from console.services.exports import export_quarterly_files

    db = Database(path)
    try:
        return export_quarterly_files(Desk(db, FakeClock(NOW)), ACTOR, year, quarter, out)
    finally:
        db.dispose()


def _keep(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")


@needs_pdftotext
@pytest.mark.parametrize("year, quarter", CASES)
def test_the_lean_export_writes_what_todays_writes(demo_file, tmp_path, year, quarter):
    from console.services.quarterly_lite import export_quarterly_files_lite

    a, b = _copy(demo_file, tmp_path / "a" / "desk.sqlite3"), _copy(demo_file, tmp_path / "b" / "desk.sqlite3")
    since = last_audit_id(a)
    full = full_export(a, tmp_path / "out-a", year, quarter)
    lean = export_quarterly_files_lite(b, str(b), ACTOR, FakeClock(NOW), year, quarter, tmp_path / "out-b")
    assert lean is not None
    assert [p.name for p in lean] == [p.name for p in full]
    got_full, got_lean = files_text(full), files_text(lean)
    if got_full != got_lean:
        _keep(tmp_path, "full.json", got_full)
        _keep(tmp_path, "lean.json", got_lean)
    assert got_lean == got_full, f"written to {tmp_path}"
    rows_full, rows_lean = audit_rows(a, since), audit_rows(b, since)
    assert [r[1:] for r in rows_lean] == [r[1:] for r in rows_full]
    assert rows_lean == rows_full and len(rows_full) == 2
    key = f"{year}Q{quarter}"
    digest = hashlib.sha256(got_full.encode()).hexdigest()
    if PINNED.get(key) != digest:
        _keep(tmp_path, f"{key}.json", got_full)
    assert digest == PINNED.get(key), f"{key}: written to {tmp_path}"


@needs_pdftotext
def test_todays_export_on_postgresql_writes_the_same_files(demo_file, tmp_path_factory, tmp_path):
    """The statements moved into Prepared Core (report_statements) also read PostgreSQL as before."""
    with scratch_pg_database("golden_quarterly") as url:
        db = Database(url)
        try:
            _export_both_quarters_on_pg(db, tmp_path_factory, tmp_path)
        finally:
            db.dispose()


def _export_both_quarters_on_pg(db: Database, tmp_path_factory, tmp_path: Path) -> None:
    from console.demo.desk import build_demo_desk
    from console.services.exports import export_quarterly_files

    ensure_schema(db, backup_dir=tmp_path_factory.mktemp("backups"))
    desk = Desk(db, FakeClock(NOW))
    build_demo_desk(desk, tickets=20000, seed=3)
    with db.engine.begin() as c:
        for sql in spice_sql(pg=True):
            c.exec_driver_sql(sql.replace("%", "%%"))
    for year, quarter in CASES:
        got = files_text(export_quarterly_files(desk, ACTOR, year, quarter, tmp_path / f"{year}Q{quarter}"))
        key = f"{year}Q{quarter}"
        if hashlib.sha256(got.encode()).hexdigest() != PINNED.get(key):
            _keep(tmp_path, f"{key}.json", got)
        assert hashlib.sha256(got.encode()).hexdigest() == PINNED.get(key), f"{key}: written to {tmp_path}"


def pinned_now(demo: Path, tmp: Path) -> dict[str, str]:
    """The digests of today's export (to pin them: `python -c` this with the code before)."""
    out = {}
    for year, quarter in CASES:
        p = _copy(demo, tmp / f"{year}{quarter}" / "desk.sqlite3")
        out[f"{year}Q{quarter}"] = hashlib.sha256(files_text(full_export(p, tmp / f"out{year}{quarter}", year,
                                                                         quarter)).encode()).hexdigest()
    return out
