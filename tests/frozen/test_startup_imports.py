"""What the program loads to open its window (runs in the default suite, no build needed).

The desktop build starts in under 3 s only while the window does not import
the report and spreadsheet libraries: openpyxl, reportlab (and Pillow, which
reportlab pulls in) cost about a second together and are needed only when a
report or an import is asked for. The window is opened for real (offscreen,
logged in, closed by HOTLINE_QUIT_AFTER_MS) in a child process, which then
lists what it imported.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import PASSWORD

HEAVY = ("openpyxl", "reportlab", "PIL", "numpy", "psycopg")

SCRIPT = f"""
import sys
from console.ui.shell.launch import run_gui
rc = run_gui(sys.argv[1], "zh_CN")
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print("HEAVY:", ",".join(heavy))
sys.exit(rc)
"""


@pytest.mark.gui
def test_opening_the_window_imports_no_report_library(db_path, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_DATA_DIR=str(tmp_path / "data"),
               HOTLINE_AUTOLOGIN=f"op:{PASSWORD}", HOTLINE_QUIT_AFTER_MS="300")
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(db_path)], env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    heavy = [line for line in p.stdout.splitlines() if line.startswith("HEAVY:")]
    assert heavy == ["HEAVY: "], f"imported at start-up: {heavy} (import them where a report is made)"


def test_commands_that_need_no_report_import_none(tmp_path):
    code = ("import sys\nfrom console.app import main\n"
            "rc = main(['--version'])\n"
            f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
            "assert not heavy, heavy\nsys.exit(rc)\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, HOTLINE_DATA_DIR=str(tmp_path / "data")))
    assert p.returncode == 0, p.stdout + p.stderr
