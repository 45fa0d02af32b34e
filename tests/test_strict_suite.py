"""The suite is strict, and this shows it: the pytest options of pyproject.toml, run on a few
small tests in a child pytest, fail a Qt warning, a Python warning, a file left open and an
xfail that passes — and let the offscreen plugin's known messages through."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STRICT_KEYS = ("qt_api", "xfail_strict", "filterwarnings", "qt_log_level_fail", "qt_log_ignore")

PROBES = textwrap.dedent('''
    import gc
    import warnings

    import pytest
    from PySide6.QtCore import qWarning


    def test_a_qt_warning(qtbot):
        qWarning("QObject::connect: No such signal Foo::bar()")


    def test_the_offscreen_plugins_own_message(qtbot):
        qWarning("This plugin does not support raise()")


    def test_a_deprecated_call():
        warnings.warn("old", DeprecationWarning)


    def test_a_file_left_open(tmp_path):
        f = open(tmp_path / "x.txt", "w")
        del f
        gc.collect()


    @pytest.mark.xfail(reason="said to fail")
    def test_an_xfail_that_passes():
        pass


    def test_a_clean_test(qtbot):
        pass
''')


def _strict_options() -> dict:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    return {k: options[k] for k in STRICT_KEYS}


def test_the_options_are_on():
    o = _strict_options()
    assert o["xfail_strict"] is True and o["qt_log_level_fail"] == "WARNING"
    assert o["filterwarnings"][0] == "error"  # later lines may only narrow it, each with its reason
    assert len(o["qt_log_ignore"]) <= 5, "the ignore list is for the offscreen plugin's own messages only"


def test_they_fail_what_they_should_and_pass_the_rest(tmp_path):
    lines = ["[tool.pytest.ini_options]"]
    for key, value in _strict_options().items():
        lines.append(f"{key} = {json.dumps(value)}")  # a JSON string or list of them is TOML too
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "test_probes.py").write_text(PROBES, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfEX", "test_probes.py"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    failed = set(re.findall(r"^(?:FAILED|ERROR) test_probes\.py::(\w+)", r.stdout, re.MULTILINE))
    assert failed == {"test_a_qt_warning", "test_a_deprecated_call", "test_a_file_left_open",
                      "test_an_xfail_that_passes"}, r.stdout[-3000:] + r.stderr[-2000:]
    assert re.search(r"\b2 passed\b", r.stdout), r.stdout[-3000:]
