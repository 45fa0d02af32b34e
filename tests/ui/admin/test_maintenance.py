"""Back up, check and restore from the window: the maintenance service the command line uses."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from console.services import maintenance
from console.services import tickets as T
from console.store.backup_files import is_rotated_backup
from console.store.models import Ticket


@pytest.fixture
def answers(monkeypatch):
    """Message boxes asked with a static call (question) answer Yes; the ones the window opens are kept."""
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2] if len(a) > 2 else "") or QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: asked.append(a[2]) or 0))
    return asked


def _tickets(desk) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(Ticket))


def test_a_backup_from_the_window_is_named_and_rotated_like_the_command_lines(qtbot, make_window, named_desk,
                                                                              tmp_path):
    proposed = maintenance.proposed_backup_path(named_desk.db)
    assert is_rotated_backup(proposed)  # the window's proposal is one the rotation will find
    w = make_window()
    out = tmp_path / "copy.sqlite3"
    w.maintenance.backup(str(out))
    qtbot.waitUntil(lambda: w.maintenance.box is not None, timeout=30_000)
    assert out.is_file() and str(out) in w.maintenance.box.text()
    w.close()


def test_check_and_restore_are_for_administrators(qtbot, make_window, admin, operator):
    w = make_window(operator)
    assert not w.act_check_db.isVisible() and not w.act_restore_db.isVisible()
    w.maintenance.check()
    assert w.maintenance.box is None  # the operator's call does nothing
    w.close()
    a = make_window(admin)
    assert a.act_check_db.isVisible() and a.act_restore_db.isVisible()
    a.maintenance.check()
    qtbot.waitUntil(lambda: a.maintenance.box is not None, timeout=30_000)
    assert "检查通过" in a.maintenance.box.text()
    a.close()


def test_restore_from_the_window_puts_the_backup_back_and_closes_the_desk(qtbot, make_window, named_desk, admin,
                                                                       operator, answers, tmp_path):
    before = _tickets(named_desk)
    backup = maintenance.backup_desk(named_desk.db, tmp_path / "before.sqlite3")
    T.log_call(named_desk, operator, T.NewCall(description="恢复之后不该还在"))
    assert _tickets(named_desk) == before + 1
    w = make_window(admin)
    w.show()
    w.maintenance.restore(str(backup))
    assert answers and "替换当前数据库" in answers[0]  # asked first
    qtbot.waitUntil(lambda: w.maintenance.box is not None, timeout=60_000)
    assert "已用备份恢复数据库" in w.maintenance.box.text()
    with qtbot.waitSignal(w.maintenance.box.finished, timeout=30_000):
        w.maintenance.box.accept()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=30_000)
    assert _tickets(named_desk) == before  # the ticket logged after the backup is gone, as restored
    assert list(tmp_path.parent.glob("**/desk.sqlite3.replaced-*"))  # the old database was kept


def test_a_refused_restore_changes_nothing_and_the_desk_carries_on(qtbot, make_window, named_desk, admin,
                                                                   answers, tmp_path):
    bad = tmp_path / "garbage.sqlite3"
    bad.write_bytes(b"not a database\n" * 100)
    before = _tickets(named_desk)
    w = make_window(admin)
    w.show()
    w.maintenance.restore(str(bad))
    qtbot.waitUntil(lambda: len(answers) >= 2, timeout=30_000)  # the question, then the one-line reason
    assert "Traceback" not in answers[-1]
    assert w.isVisible() and w.sync.status_timer.isActive()  # reading the database again
    assert _tickets(named_desk) == before
    w.close()
