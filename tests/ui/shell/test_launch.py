"""`run_gui` end to end in a child process: log in, open, close, exit 0."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import PASSWORD

SCRIPT = "import sys; from console.ui.shell.launch import run_gui; sys.exit(run_gui(sys.argv[1], sys.argv[2]))"


def _run(db_path: Path, data_dir: Path, login: str, lang: str = "zh_CN", quit_ms: int = 200) -> tuple[int, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_DATA_DIR=str(data_dir),
               HOTLINE_AUTOLOGIN=login, HOTLINE_QUIT_AFTER_MS=str(quit_ms))
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(db_path), lang], env=env, capture_output=True,
                       text=True, timeout=60)
    log = (data_dir / "logs" / "hotline.log")
    return p.returncode, (log.read_text(encoding="utf-8") if log.exists() else "") + p.stderr


@pytest.mark.gui
def test_window_opens_logs_in_and_closes_cleanly(db_path, tmp_path):
    rc, log = _run(db_path, tmp_path / "data", f"op:{PASSWORD}", "en", quit_ms=1500)
    assert rc == 0, log
    assert "starting window (lang=en" in log
    assert "logged in: op (operator)" in log
    # the list painted first, then the rest of start-up ran (MainWindow.finish_start)
    assert "window ready: filter lists filled, due alerts started" in log
    assert "main window closed (workers finished: True)" in log
    assert "window stopped" in log
    assert "Traceback" not in log


@pytest.mark.gui
def test_a_wrong_autologin_exits_with_1_instead_of_waiting(db_path, tmp_path):
    rc, log = _run(db_path, tmp_path / "data", "op:wrong")
    assert rc == 1
    assert "HOTLINE_AUTOLOGIN refused" in log and "Traceback" not in log


LOGIN_PROBE = r'''
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class Hook(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.objectName() == "loginDialog" and not hasattr(self, "seen"):
            self.seen = True
            print("SQLALCHEMY_LOADED_AT_LOGIN", "sqlalchemy" in sys.modules, flush=True)
            QTimer.singleShot(0, obj.reject)
        return False

app = QApplication(sys.argv[:1])
hook = Hook()
app.installEventFilter(hook)
from console.app import main
sys.exit(main(sys.argv[1:]))
'''


@pytest.mark.gui
def test_the_login_dialog_paints_before_the_database_layer_is_loaded(db_path, tmp_path):
    """The start-up order of console.ui.shell.startup_preload: SQLAlchemy loads while the password is typed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_DATA_DIR=str(tmp_path / "data"))
    env.pop("HOTLINE_AUTOLOGIN", None)
    env.pop("HOTLINE_QUIT_AFTER_MS", None)
    p = subprocess.run([sys.executable, "-c", LOGIN_PROBE, "--db", str(db_path)], env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "SQLALCHEMY_LOADED_AT_LOGIN False" in p.stdout, p.stdout + p.stderr
