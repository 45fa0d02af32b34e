"""Fixtures for the window's tests: settings in a temp file, a named desk,
a few tickets through the services, and thousands of tickets inserted with Core."""
from __future__ import annotations

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

sys.path.insert(0, str(Path(__file__).parent))  # ui_data (pytest runs with --import-mode=importlib)

from ui_data import DESK_NAME  # noqa: E402


@pytest.fixture
def ui_settings(tmp_path) -> QSettings:
    """Window state goes to a file of this test, never the user's own settings."""
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def runner(qtbot):
    """The window's worker runner (console.ui.common.workers), shut down after the test."""
    from console.ui.common.workers import TaskRunner

    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def named_desk(desk):
    from console.store.models import Setting

    with desk.db.write() as s:
        s.merge(Setting(key="desk_name", value=DESK_NAME))
    return desk


@pytest.fixture
def some_tickets(named_desk, street, operator, clock):
    """Five tickets a minute apart: 0 logged … 4 newest; #1 dispatched, #2 answered."""
    from console.services import tickets as T

    ids = []
    for i in range(5):
        call = T.NewCall(description=f"第{i}号来电：楼道停电\n第二行不显示", caller_phone="13800138000",
                         caller_name=f"来电人{i}", community_id=street.communities["嘉宏三村"],
                         category_id=street.categories["水电气/停电"])
        kw = {}
        if i == 1:
            kw["dispatch"] = T.Dispatch(street.units["城东供电所"])
        if i == 2:
            kw["answer"] = "已告知停电原因"
        ids.append(T.log_call(named_desk, operator, call, **kw).id)
        clock.advance(minutes=1)
    return ids


@pytest.fixture
def make_window(qtbot, named_desk, operator, ui_settings):
    from console.ui.tickets.main_window import MainWindow

    made = []

    def make(actor=None, **kw):
        w = MainWindow(named_desk, actor or operator, settings=ui_settings, **kw)
        qtbot.addWidget(w)
        made.append(w)
        return w

    yield make
    for w in made:
        if not w.runner.is_shut_down:
            w.runner.shutdown()


@pytest.fixture(scope="module")
def bulk_desk(template_db, tmp_path_factory):
    """A desk with 20,000 tickets, shared by a module's read-only tests."""
    from ui_data import insert_bulk_tickets

    from console.domain.clock import FakeClock
    from console.services.context import Desk
    from console.store.database import Database

    path = tmp_path_factory.mktemp("bulk") / "bulk.sqlite3"
    shutil.copyfile(template_db, path)
    db = Database(path)
    insert_bulk_tickets(db, 20_000)
    yield Desk(db, FakeClock(datetime(2026, 11, 22, 14, 0, tzinfo=UTC)))
    db.dispose()
