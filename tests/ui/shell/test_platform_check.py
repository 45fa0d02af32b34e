"""Before Qt: no display, or a missing system library, is one line and exit 1, never Qt's abort."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from console.domain.errors import UserError
from console.ui.shell.platform_check import XCB_LIBRARIES, NoWindowPossible, check_window_platform, missing_library

ROOT = Path(__file__).resolve().parents[3]
DESKTOP = {"DISPLAY": ":0"}


def absent(*gone: str, because: dict[str, str] | None = None):
    """A loader for a machine without `gone`; `because` maps a present library to a missing one it needs."""
    def load(soname: str) -> None:
        if soname in gone:
            raise OSError(f"{soname}: cannot open shared object file: No such file or directory")
        if because and soname in because:
            raise OSError(f"{because[soname]}: cannot open shared object file: No such file or directory")
    return load


def never(soname: str) -> None:
    raise AssertionError(f"no library should be looked at, yet {soname} was")


def test_a_missing_library_names_its_package_in_one_line():
    with pytest.raises(NoWindowPossible) as e:
        check_window_platform(DESKTOP, "linux", load=absent("libxcb-cursor.so.0"))
    assert e.value.message("zh_CN") == ("缺少系统库 libxcb-cursor.so.0：请安装 libxcb-cursor0"
                                        "（sudo apt-get install libxcb-cursor0）")
    assert e.value.message("en") == ("The system library libxcb-cursor.so.0 is missing: install libxcb-cursor0 "
                                      "(sudo apt-get install libxcb-cursor0)")
    assert isinstance(e.value, UserError) and e.value.window_possible is False


def test_a_library_missing_behind_another_is_the_one_named():
    load = absent(because={"libxcb-image.so.0": "libxcb-util.so.1"})
    assert missing_library(load=load) == ("libxcb-util.so.1", "libxcb-util1")
    load = absent(because={"libGL.so.1": "libGLdispatch.so.0"})  # not in the table: named as the loader says
    assert missing_library(load=load) == ("libGLdispatch.so.0", "libgldispatch")


def test_no_display_is_said_before_any_library_is_looked_at():
    with pytest.raises(NoWindowPossible, match="DISPLAY"):
        check_window_platform({}, "linux", load=never)
    with pytest.raises(NoWindowPossible, match="DISPLAY"):
        check_window_platform({"QT_QPA_PLATFORM": "xcb"}, "linux", load=never)


@pytest.mark.parametrize(("environ", "platform"), [
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
    ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
    ({}, "win32"),
    ({}, "darwin"),
])
def test_other_platforms_are_left_to_qt(environ, platform):
    check_window_platform(environ, platform, load=never)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb libraries are a Linux matter")
def test_this_machine_has_them_all():
    # What asking costs (≈ 4.5 ms cold: libraries Qt loads anyway) is a bench figure, not asserted here.
    assert missing_library() is None
    check_window_platform(DESKTOP, "linux")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt aborts without a display on Linux only")
def test_the_program_without_a_display_says_so_and_exits_1(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM",
                                                             "HOTLINE_DB")}
    env["HOTLINE_DATA_DIR"] = str(tmp_path)
    r = subprocess.run([sys.executable, "-m", "console", "--db", str(tmp_path / "d.sqlite3")], env=env,
                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip().splitlines() == [
        "没有图形显示（DISPLAY 未设置）：请在桌面会话中启动值班台；命令行功能可用，见 --help。"]
    assert not (tmp_path / "d.sqlite3").exists()  # nothing was made for a window that cannot open


def test_readme_and_ci_install_every_package_of_the_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    apt = re.search(r"APT_PACKAGES=\(([^)]*)\)", ci).group(1).split()
    for package in set(XCB_LIBRARIES.values()):
        assert package in apt, package
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", readme), package
    assert "fonts-wqy-microhei" in apt and "fonts-wqy-microhei" in readme


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb libraries are a Linux matter")
def test_the_program_names_the_missing_package_and_tries_no_message_box(tmp_path, monkeypatch, capsys):
    """A real dlopen of a library this machine lacks, through main(): one line on stderr, exit 1."""
    from console import app

    monkeypatch.setitem(XCB_LIBRARIES, "libhotline-absent.so.7", "libhotline-absent7")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path))

    def no_box(*_):
        raise AssertionError("a message box was tried: Qt would abort here")
    monkeypatch.setattr(app, "_message_box", no_box)
    assert app.main(["--lang", "en", "--db", str(tmp_path / "d.sqlite3")]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "The system library libhotline-absent.so.7 is missing: install libhotline-absent7 "
        "(sudo apt-get install libhotline-absent7)"]
