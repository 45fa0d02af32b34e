"""Before Qt starts the window on Linux: is there a display, and can Qt's xcb plugin load?

On a bare Debian/Ubuntu, Qt's xcb platform plugin needs system libraries
that a desktop usually has and a server or a fresh minimal install lacks
(libxcb-cursor0, libxcb-icccm4, …). Without one, Qt prints five lines about
plugins and *aborts* the process; without a display it aborts the same way.
Nobody at a duty desk can act on that. This module, which imports no Qt,
asks the dynamic loader for each library by its soname first and says in one
line which Debian package to install, or that there is no display.

It runs only when the platform will be xcb: Linux, QT_QPA_PLATFORM unset or
"xcb" (offscreen, wayland, vnc … are left to Qt). Cost: one dlopen per
library of a fixed table, libraries Qt would load a moment later anyway —
measured here ≈ 4.5 ms on a cold start (≈ 2 ms when Qt's libraries are
already loaded), against ≈ 1 s for importing PySide6 and SQLAlchemy.
The table was made with `objdump -p` (NEEDED) on PySide6's libqxcb.so,
libQt6XcbQpa, libQt6Gui, libQt6Widgets and libQt6DBus, and `dpkg -S` on
Debian 12; README's set-up line and .ci/run's APT_PACKAGES list the same
packages.
"""
from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Callable, Mapping

from ...domain.errors import UserError

# soname -> the Debian/Ubuntu package that provides it (libc, libstdc++, zlib: always there)
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

_MISSING = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")


class NoWindowPossible(UserError):
    """The window cannot start on this machine; no message box can say so either."""

    window_possible = False  # console.app: do not try a message box (Qt would abort)


def _load(soname: str) -> None:
    ctypes.CDLL(soname)


def xcb_in_use(environ: Mapping[str, str], platform: str) -> bool:
    """Whether Qt will use its xcb plugin (so whether checking makes sense)."""
    if not platform.startswith("linux"):
        return False
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if qpa:
        return qpa == "xcb"
    return not environ.get("WAYLAND_DISPLAY")  # Qt 6 picks wayland when a Wayland session is there


def missing_library(libraries: Mapping[str, str] = XCB_LIBRARIES,
                    load: Callable[[str], None] = _load) -> tuple[str, str] | None:
    """(soname, package) of the first library the loader cannot open, else None.

    A library that is there but needs a missing one fails with the missing
    one's name in the error: that one is named, with its package if known.
    """
    for soname, package in libraries.items():
        try:
            load(soname)
        except OSError as e:
            found = _MISSING.search(str(e))
            name = found.group(1) if found else soname
            return name, libraries.get(name, package if name == soname else name.split(".so")[0].lower())
    return None


def check_window_platform(environ: Mapping[str, str] | None = None, platform: str | None = None,
                          libraries: Mapping[str, str] = XCB_LIBRARIES,
                          load: Callable[[str], None] = _load) -> None:
    """Raise NoWindowPossible (one line, Chinese and English) when Qt would abort at start."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not xcb_in_use(environ, platform):
        return
    if not environ.get("DISPLAY"):
        raise NoWindowPossible(
            "没有图形显示（DISPLAY 未设置）：请在桌面会话中启动值班台；命令行功能可用，见 --help。",
            "No graphical display (DISPLAY is not set): start the console from a desktop session; "
            "the commands work without one, see --help.")
    gone = missing_library(libraries, load)
    if gone is not None:
        soname, package = gone
        raise NoWindowPossible(
            f"缺少系统库 {soname}：请安装 {package}（sudo apt-get install {package}）",
            f"The system library {soname} is missing: install {package} (sudo apt-get install {package})")
