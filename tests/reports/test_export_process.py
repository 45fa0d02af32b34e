"""An export run in a process of its own (services.export_process): result, progress, Cancel and errors
come back as if it had run here. Real spawned processes on the test's SQLite desk."""
from __future__ import annotations

import json
import threading

import pytest
from helpers import audit_news
from openpyxl import load_workbook

from console.domain.errors import PermissionDenied, ValidationError
from console.reports import ExportCancelled
from console.services.export_process import ExportProcessError, run_in_process
from console.services.exports import export_quarterly_files


def test_the_quarter_is_written_in_a_child_with_progress_to_the_end(desk, q3, supervisor, tmp_path):
    seen: list[tuple[int, int]] = []
    paths = run_in_process(export_quarterly_files, desk, supervisor, 2026, 3, tmp_path / "out", mask=True,
                           progress=lambda d, t: seen.append((d, t)), cancelled=lambda: False)
    assert [p.name for p in paths] == ["热线季度分析-2026Q3.xlsx", "热线季度分析-2026Q3.pdf"]
    assert load_workbook(paths[0])["汇总"]["B2"].value == 6
    assert paths[1].read_bytes()[:5] == b"%PDF-"
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    assert all(b[0] / b[1] >= a[0] / a[1] - 1e-9 for a, b in zip(seen, seen[1:], strict=False))
    # one audit entry per file, written by the child on the same database
    assert len(audit_news(desk, "export_quarterly")) == 1 and len(audit_news(desk, "export_quarterly_pdf")) == 1


def test_cancel_at_the_first_report_stops_the_child_and_leaves_no_file(desk, q3, supervisor, tmp_path):
    out = tmp_path / "out"
    pressed = threading.Event()
    with pytest.raises(ExportCancelled) as e:
        run_in_process(export_quarterly_files, desk, supervisor, 2026, 3, out, mask=True,
                       progress=lambda d, t: pressed.set(), cancelled=pressed.is_set)
    assert e.value.en == "The export was cancelled; no file was made."
    assert not out.exists() or list(out.iterdir()) == []
    assert audit_news(desk, "export_quarterly") == []


def test_user_errors_come_back_in_both_languages_and_of_their_class(desk, q3, operator, supervisor, tmp_path):
    with pytest.raises(PermissionDenied):
        run_in_process(export_quarterly_files, desk, operator, 2026, 3, tmp_path / "o", mask=False)
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        run_in_process(export_quarterly_files, desk, supervisor, 2026, 3, not_a_folder, mask=True)
    assert "不是文件夹" in e.value.zh and "is not a folder" in e.value.en


def test_a_failure_in_the_child_comes_back_with_its_traceback(desk, q3, supervisor, tmp_path):
    with pytest.raises(ExportProcessError) as e:
        run_in_process(export_quarterly_files, desk, supervisor, 2026, 3, tmp_path / "o", mask=True,
                       no_such_argument=1)
    assert "no_such_argument" in str(e.value) and "Traceback" in str(e.value)


def test_a_failing_progress_callback_here_stops_the_child_without_a_file(desk, q3, supervisor, tmp_path):
    out = tmp_path / "out"

    def progress(done, total):
        raise RuntimeError("window gone")

    with pytest.raises(RuntimeError, match="window gone"):
        run_in_process(export_quarterly_files, desk, supervisor, 2026, 3, out, mask=True, progress=progress)
    # the child has finished (joined) and removed what it had started
    assert not out.exists() or [p.name for p in out.iterdir()] == []


def test_the_export_loads_no_window_no_pinyin_and_no_reader(desk, q3, supervisor, tmp_path):
    """The child's peak memory is the writer's plus the database layer (bench/RESULTS.md, session 10): the
    quarter's workbook and PDF, exported in a fresh interpreter as the spawned child does it, load no Qt, no
    pinyin dictionaries (≈ 50 MB; a category whose initials were never stored once loaded them for the
    labels), no openpyxl and no Alembic."""
    import pickle
    import subprocess
    import sys

    from sqlalchemy import update

    from console.store.models import Category

    if not desk.db.is_sqlite:
        pytest.skip("the fresh interpreter opens the test's SQLite file")
    with desk.db.write() as s:
        s.execute(update(Category).values(initials=""))
    script = (
        "import json, pickle, sys\n"
        "import console.services.export_process  # the child's first import\n"
        "from console.services.context import Desk\n"
        "from console.services.exports import export_quarterly_files\n"
        "from console.store.database import Database\n"
        "clock, actor = pickle.loads(bytes.fromhex(sys.argv[1]))\n"
        "db = Database(sys.argv[2])\n"
        "paths = export_quarterly_files(Desk(db, clock), actor, 2026, 3, sys.argv[3])\n"
        "db.dispose()\n"
        "print(json.dumps([len(paths), sorted({m.split('.')[0] for m in sys.modules})]))\n")
    r = subprocess.run([sys.executable, "-c", script, pickle.dumps((desk.clock, supervisor)).hex(),
                        desk.db.target, str(tmp_path / "out")], capture_output=True, text=True, check=True)
    files, modules = json.loads(r.stdout.splitlines()[-1])
    assert files == 2 and {"console", "xlsxwriter", "reportlab", "sqlalchemy"} <= set(modules)
    assert not {"PySide6", "shiboken6", "pypinyin", "openpyxl", "alembic"} & set(modules)
