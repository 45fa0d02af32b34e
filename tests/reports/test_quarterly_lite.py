"""The quarterly export without SQLAlchemy (console.services.quarterly_lite), in the window's export child:
taken for a masked export of a SQLite desk at the schema head, importing nothing of SQLAlchemy, Alembic or
the models; Cancel and errors as today's. (Its files and audit rows equal today's: 
tests/services/test_quarterly_golden.py; the command line: tests/cli/test_quarterly_lite.py.)"""
from __future__ import annotations

import sqlite3
import threading

import pytest
from helpers import audit_news
from lean_probe import quarterly_files_probe

from console.reports import ExportCancelled
from console.services.export_process import run_in_process
from console.services.exports import export_quarterly_files
from console.services.quarterly_lite import export_quarterly_files_lite


@pytest.fixture(autouse=True)
def _sqlite_only(engine):
    if engine != "sqlite":
        pytest.skip("the lean path reads a SQLite file")


def test_the_child_writes_both_files_without_sqlalchemy(desk, q3, supervisor, tmp_path):
    seen: list[tuple[int, int]] = []
    got = run_in_process(export_quarterly_files, desk, supervisor, 2026, 3, tmp_path / "out", mask=True,
                         progress=lambda d, t: seen.append((d, t)), cancelled=lambda: False,
                         lean=quarterly_files_probe)
    assert got["heavy"] == []
    assert [p.rsplit("/", 1)[1] for p in got["paths"]] == ["热线季度分析-2026Q3.xlsx", "热线季度分析-2026Q3.pdf"]
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    assert len(audit_news(desk, "export_quarterly")) == 1 and len(audit_news(desk, "export_quarterly_pdf")) == 1


def test_the_windows_job_names_the_lean_twin(monkeypatch):
    from console.services import export_process
    from console.ui.exports import export_dialogs

    asked = {}
    monkeypatch.setattr(export_process, "run_in_process", lambda fn, *a, **kw: asked.update(kw) or [])
    export_dialogs.export_quarterly_both(None, None, 2026, 3, "x", mask=True, cancelled=None, progress=None)
    assert asked["lean"] is export_quarterly_files_lite


def test_cancel_in_the_lean_child_leaves_no_file_and_no_audit_row(desk, q3, supervisor, tmp_path):
    out = tmp_path / "out"
    pressed = threading.Event()
    with pytest.raises(ExportCancelled) as e:
        run_in_process(export_quarterly_files, desk, supervisor, 2026, 3, out, mask=True,
                       progress=lambda d, t: pressed.set(), cancelled=pressed.is_set, lean=quarterly_files_probe)
    assert e.value.en == "The export was cancelled; no file was made."
    assert not out.exists() or list(out.iterdir()) == []
    assert audit_news(desk, "export_quarterly") == []


def test_an_unmasked_export_or_another_revision_is_left_to_todays_path(desk, q3, supervisor, clock, tmp_path):
    path = desk.db.sqlite_path
    assert export_quarterly_files_lite(path, str(path), supervisor, clock, 2026, 3, tmp_path / "a",
                                       mask=False) is None
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        head = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        con.execute("UPDATE alembic_version SET version_num = '0001'")  # an older desk: today's path migrates it
        before = path.read_bytes()
        assert export_quarterly_files_lite(path, str(path), supervisor, clock, 2026, 3, tmp_path / "b") is None
        assert path.read_bytes() == before  # not even its pragmas
    finally:
        con.execute("UPDATE alembic_version SET version_num = ?", (head,))
        con.close()
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert audit_news(desk, "export_quarterly") == []
    # … and the child then runs today's path
    got = run_in_process(export_quarterly_files, desk, supervisor, 2026, 3, tmp_path / "c", mask=False,
                         lean=quarterly_files_probe)
    assert [p.name for p in got] == ["热线季度分析-2026Q3-未打码.xlsx", "热线季度分析-2026Q3-未打码.pdf"]
