"""A seat that loses the database server says so, keeps the typed call, and comes back by itself.

The window is driven with a fake change watcher (the ChangeWatcher's
interface: state, message, changed(), close()), so the server's coming and
going needs no server; one variant at the end uses a real PostgreSQL
listener when HOTLINE_TEST_PG_URL is set.
"""
from __future__ import annotations

import sys
import threading

import pytest
import shiboken6
from helpers import send_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from console.services import drafts
from console.services import tickets as T
from console.store.db_errors import DatabaseUnavailable

pytestmark = pytest.mark.gui

PHONE = "13800138000"
GONE = "server closed the connection unexpectedly"


class FakeWatcher:
    """Same interface as console.store.change_watch.ChangeWatcher; the test sets the state."""

    def __init__(self) -> None:
        self.state = "online"
        self.message = ""
        self.pending = False
        self.closed = False

    def changed(self) -> bool:
        was, self.pending = self.pending, False
        return was

    @property
    def online(self) -> bool:
        return self.state == "online"

    def close(self) -> None:
        self.closed = True

    def go(self, state: str, message: str = "") -> None:
        self.state, self.message = state, message


def server_gone() -> Exception:
    """What psycopg raises when the server has gone away (no SQLSTATE)."""
    psycopg = pytest.importorskip("psycopg")
    return psycopg.OperationalError(GONE)


@pytest.fixture
def warnings_shown(monkeypatch):
    """QMessageBox.warning calls (title, text) instead of modal boxes; crash reports fail the test."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    crashes: list = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: crashes.append(exc))
    yield shown
    assert crashes == [], f"a crash report was raised: {crashes}"


def status_of(w, ticket_id: int) -> str:
    return w.model.index(w.model.row_of(ticket_id), 2).data()


def test_the_status_bar_follows_the_server_and_the_window_resyncs_when_it_returns(
        qtbot, make_window, named_desk, supervisor, some_tickets, clock):
    fake = FakeWatcher()
    w = make_window(watcher=fake)
    label = w.status.connection_label
    assert w.sync.watcher is fake
    assert label.text() == "数据库：已连接"
    assert not label.isVisibleTo(w.status)  # a SQLite file is always there: nothing to say

    fake.go("offline", GONE)
    w.sync.poll_changes()
    assert w.status.connection_text() == f"数据库：连接中断（{GONE}）"
    assert label.isVisibleTo(w.status) and GONE in label.toolTip()
    assert not w.sync.online
    assert "数据库已断开" in w.status.db_label.text()

    # another seat writes while this one cannot hear; the listener will report one change
    clock.advance(minutes=1)
    T.resolve(named_desk, supervisor, some_tickets[1], "另一席位办结")
    fake.pending = True
    w.sync.poll_changes()
    assert status_of(w, some_tickets[1]) == "已派单"  # offline: no reading

    fake.go("connecting")
    w.sync.poll_changes()
    assert label.text() == "数据库：正在重连…"
    assert status_of(w, some_tickets[1]) == "已派单"

    resyncs = []
    real = w.sync.resync
    w.sync.resync = lambda: (resyncs.append(1), real())[-1]
    fake.go("online")
    w.sync.poll_changes()  # back: one resync, not two (the pending change is the same news)
    assert resyncs == [1]
    assert status_of(w, some_tickets[1]) == "已办结"
    assert label.text() == "数据库：已连接" and not label.isVisibleTo(w.status)
    assert w.status.db_label.text().startswith("数据库：")
    w.close()
    assert fake.closed and w.sync.watcher is None


def test_a_state_reported_from_the_listener_thread_reaches_the_status_bar(qtbot, make_window):
    w = make_window(watcher=FakeWatcher())
    t = threading.Thread(target=w.sync.report_state, args=("offline", GONE))
    t.start()
    t.join()
    qtbot.waitUntil(lambda: w.status.connection_state == "offline", timeout=30_000)
    assert GONE in w.status.connection_label.toolTip()


def test_a_periodic_read_while_the_server_is_away_raises_no_crash_report(
        qtbot, make_window, monkeypatch, warnings_shown):
    w = make_window(watcher=FakeWatcher())
    import console.ui.tickets.main_window as mw

    def boom(*_a, **_k):
        raise server_gone()
    monkeypatch.setattr(mw, "read_status", boom)
    w.sync.quietly(w.refresh_status)  # as the 30-second timer calls it
    assert warnings_shown == []
    monkeypatch.setattr(mw, "read_status", lambda *a: (_ for _ in ()).throw(ValueError("a bug")))
    with pytest.raises(ValueError):  # a bug is not hidden
        w.sync.quietly(w.refresh_status)


def test_a_write_while_the_server_is_away_shows_one_line_not_a_traceback(
        qtbot, make_window, monkeypatch, warnings_shown):
    from console.services import shifts

    w = make_window(watcher=FakeWatcher())

    def boom(*_a, **_k):
        raise server_gone()
    monkeypatch.setattr(shifts, "open_shift", boom)
    w.open_shift()
    qtbot.waitUntil(lambda: bool(warnings_shown), timeout=30_000)
    title, text = warnings_shown[0]
    assert title == "无法完成"
    assert text.startswith("无法连接数据库服务器") and "\n" not in text and GONE not in text


def test_a_ticket_action_while_the_server_is_away_shows_one_line(
        qtbot, make_window, some_tickets, warnings_shown):
    w = make_window(watcher=FakeWatcher())
    w.ticket_actions._failed(server_gone(), some_tickets[1])  # as the worker hands it back
    assert len(warnings_shown) == 1 and warnings_shown[0][1].startswith("无法连接数据库服务器")


# ---------------------------------------------------------------- the New Call form

@pytest.fixture
def make_dialog(qtbot, desk, operator, monkeypatch):
    from console.ui.new_call.new_call_dialog import NewCallDialog

    def unexpected(*args, **kw):
        raise AssertionError(f"unexpected question: {args[1:3]}")
    monkeypatch.setattr(QMessageBox, "question", unexpected)
    made = []

    def make():
        dlg = NewCallDialog(desk, operator)
        made.append(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        dlg.activateWindow()
        qtbot.waitUntil(dlg.phone.hasFocus)
        return dlg

    yield make
    for d in made:
        if shiboken6.isValid(d):
            d._autosave.stop()
            d.hide()
            d.deleteLater()


@pytest.mark.parametrize("error", ["driver", "classified"])
def test_new_call_save_without_the_database_keeps_the_form_and_the_words(qtbot, make_dialog, monkeypatch,
                                                                         error):
    import console.ui.new_call.new_call_dialog as ncd

    exc = server_gone() if error == "driver" else DatabaseUnavailable("无法连接数据库服务器（测试）。",
                                                                      "Cannot connect (test).", reason="connect")

    def boom(*_a, **_k):
        raise exc
    monkeypatch.setattr(ncd, "log_call", boom)
    saved = []
    dlg = make_dialog()
    dlg.saved.connect(saved.append)
    qtbot.keyClicks(dlg.phone, PHONE)
    send_text(dlg.description, "楼道漏水，三楼到一楼都是水")
    dlg.description.setFocus()
    qtbot.waitUntil(dlg.description.hasFocus)
    qtbot.keyClick(dlg.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves

    assert dlg.isVisible() and dlg.result() == 0 and saved == []
    assert dlg.description.toPlainText() == "楼道漏水，三楼到一楼都是水"
    assert dlg.phone.text() == PHONE
    msg = dlg.error.text()
    assert msg.startswith("保存失败：无法连接数据库服务器") and "草稿" in msg and "Traceback" not in msg
    path = drafts.drafts_dir() / f"{dlg.draft_key}.json"
    assert "楼道漏水，三楼到一楼都是水" in path.read_text(encoding="utf-8")

    monkeypatch.undo()  # the server is back: the same form saves
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("unexpected question"))
    dlg.save()
    assert len(saved) == 1 and not dlg.isVisible()
    assert not path.exists()


# ---------------------------------------------------------------- a real server

def test_a_real_listener_reports_online_to_the_window(qtbot, make_window):
    from engines import NO_PG_REASON, pg_url

    url = pg_url()
    if not url:
        pytest.skip(NO_PG_REASON)
    from console.store.change_watch import ChangeWatcher
    from console.store.database import Database

    fake = FakeWatcher()
    fake.go("offline", GONE)
    w = make_window(watcher=fake)
    assert w.status.connection_state == "offline"
    db = Database(url)
    real = ChangeWatcher(db, on_state=w.sync.report_state, wait=5.0)
    try:
        qtbot.waitUntil(lambda: w.status.connection_state == "online", timeout=30_000)
        assert w.status.connection_label.text() == "数据库：已连接"
    finally:
        real.close()
        db.dispose()


def test_a_database_file_moved_away_is_said_in_the_status_bar_and_putting_it_back_recovers(
        qtbot, make_window, named_desk, some_tickets, warnings_shown):
    """Writes into a moved file are refused (console.store.database); the operator should know before
    trying to save: within one watcher tick the status bar turns red and says what to do."""
    w = make_window()
    label = w.status.connection_label
    path = named_desk.db.sqlite_path
    assert named_desk.db.file_id is not None and w.sync.online
    parked = path.with_name("moved-away.sqlite3")
    path.rename(parked)
    w.sync.poll_changes()
    assert not w.sync.online
    assert w.status.connection_text() == "数据库文件已被移走或替换：请关闭值班台再重新打开"
    assert label.isVisibleTo(w.status) and "放回原处" in label.toolTip()
    assert "数据库已断开" in w.status.db_label.text()
    assert "file-moved" not in label.toolTip() + w.status.db_label.toolTip()

    parked.rename(path)
    w.sync.poll_changes()
    assert w.sync.online and w.status.connection_text() == "数据库：已连接"
    assert not label.isVisibleTo(w.status) and w.status.db_label.text().startswith("数据库：")
    assert warnings_shown == []
