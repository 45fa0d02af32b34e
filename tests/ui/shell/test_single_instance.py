"""One window per database on a computer: a second start brings the first forward and leaves."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import PASSWORD

from console.ui.shell.single_instance import SingleInstance, instance_key


def test_the_same_database_by_any_name_is_one_key(tmp_path, monkeypatch):
    db = tmp_path / "desk.sqlite3"
    db.touch()
    link = tmp_path / "link.sqlite3"
    link.symlink_to(db)
    monkeypatch.chdir(tmp_path)
    assert instance_key(str(db)) == instance_key("desk.sqlite3") == instance_key(str(link))
    assert instance_key(str(db)) != instance_key(str(tmp_path / "other.sqlite3"))
    pg = "postgresql+psycopg://desk:secret@DB.local:5432/hotline"
    assert instance_key(pg) == instance_key("postgresql+psycopg://desk:other@db.local:5432/hotline")
    assert instance_key(pg) != instance_key("postgresql+psycopg://desk:secret@db.local:5432/hotline2")


def test_a_second_holder_is_refused_and_its_knock_reaches_the_first(qtbot, tmp_path):
    first = SingleInstance(str(tmp_path / "desk.sqlite3"), folder=tmp_path / "locks")
    second = SingleInstance(str(tmp_path / "desk.sqlite3"), folder=tmp_path / "locks")
    other = SingleInstance(str(tmp_path / "other.sqlite3"), folder=tmp_path / "locks")
    try:
        assert first.acquire()
        assert not second.acquire()
        assert other.acquire()  # another database is another desk
        assert second.holder_pid() == os.getpid()
        with qtbot.waitSignal(first.raise_requested, timeout=30_000):
            assert second.knock()
        first.release()
        assert second.acquire()  # closed: the next start gets the desk
    finally:
        for g in (first, second, other):
            g.release()


def test_a_knock_before_the_holder_listens_is_answered_when_it_starts_listening(qtbot, tmp_path):
    """The launcher listens only once the login dialog has painted; a second start in that moment
    still brings the window forward."""
    first = SingleInstance(str(tmp_path / "desk.sqlite3"), folder=tmp_path / "locks")
    second = SingleInstance(str(tmp_path / "desk.sqlite3"), folder=tmp_path / "locks")
    heard: list[bool] = []
    first.raise_requested.connect(lambda: heard.append(True))
    try:
        assert first.acquire(listen=False)
        assert not second.acquire(listen=False)
        assert second.knock()
        qtbot.wait(200)  # must NOT be heard, and a knock nobody listens for has no event to wait on
        assert heard == []
        first.listen()
        assert heard == [True]
        first.listen()  # a second call neither re-reads the old knock nor adds a watcher
        assert heard == [True]
        with qtbot.waitSignal(first.raise_requested, timeout=30_000):
            assert second.knock()
    finally:
        for g in (first, second):
            g.release()


def test_a_killed_window_does_not_keep_the_desk_locked(tmp_path):
    code = ("import sys, time\nfrom pathlib import Path\nfrom PySide6.QtCore import QCoreApplication\n"
            "from console.ui.shell.single_instance import SingleInstance\napp = QCoreApplication([])\n"
            "g = SingleInstance(sys.argv[1], folder=Path(sys.argv[2]))\nprint(g.acquire(), flush=True)\n"
            "time.sleep(60)\n")
    with subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "desk.sqlite3"), str(tmp_path / "locks")],
                          stdout=subprocess.PIPE, text=True) as child:  # `with` closes the pipe
        try:
            assert child.stdout.readline().strip() == "True"
            me = SingleInstance(str(tmp_path / "desk.sqlite3"), folder=tmp_path / "locks")
            assert not me.acquire() and me.holder_pid() == child.pid
            child.send_signal(signal.SIGKILL)
            child.wait(10)
            assert me.acquire()
            me.release()
        finally:
            child.kill()
            child.wait()


def test_a_data_folder_that_cannot_hold_the_lock_does_not_stop_the_desk(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")  # fails for root too, unlike chmod
    g = SingleInstance(str(tmp_path / "desk.sqlite3"), folder=blocker / "locks")
    assert g.acquire()
    g.release()


@pytest.mark.gui
def test_a_second_start_on_the_same_desk_leaves_and_the_first_comes_forward(db_path, tmp_path):
    script = "import sys; from console.ui.shell.launch import run_gui; sys.exit(run_gui(sys.argv[1], 'zh_CN'))"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_DATA_DIR=str(tmp_path / "data"),
               HOTLINE_AUTOLOGIN=f"op:{PASSWORD}",
               HOTLINE_QUIT_AFTER_MS="600000")  # unattended; ended below, however slow the second start
    log = tmp_path / "data" / "logs" / "hotline.log"
    first = subprocess.Popen([sys.executable, "-c", script, str(db_path)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120  # a bound on a hang, not a timing
        while not (log.exists() and "logged in: op" in log.read_text(encoding="utf-8")):
            assert first.poll() is None and time.monotonic() < deadline, "the first window did not start"
            time.sleep(0.1)
        second = subprocess.run([sys.executable, "-c", script, str(db_path)], env=env, capture_output=True,
                                text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        deadline = time.monotonic() + 60
        while "a second start asked this window to come forward" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")[-2000:]
            time.sleep(0.1)
        text = log.read_text(encoding="utf-8")
        assert f"the desk is already open in process {first.pid}" in text
        assert text.count("logged in: op") == 1 and "Traceback" not in text
    finally:
        first.terminate()
        first.communicate(timeout=30)  # reaps it and closes both pipes
