"""Portable mode as console.paths decides it (default suite; the frozen smoke test runs the real thing).

A frozen program (sys.frozen) with a file named `portable` beside its
executable keeps everything in data/ beside it; without the file, or when
not frozen, the user data folder is used. HOTLINE_DATA_DIR overrides both.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from console import paths


@pytest.fixture
def frozen_exe(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "usb" / "hotline-console"
    folder.mkdir(parents=True)
    exe = folder / "hotline-console"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("HOTLINE_DATA_DIR", raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return exe


def test_portable_file_puts_data_settings_and_logs_beside_the_executable(frozen_exe):
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    beside = frozen_exe.parent / "data"
    assert paths.is_portable()
    assert paths.data_dir() == beside
    assert paths.default_db_path() == beside / "hotline.sqlite3"
    assert paths.logs_dir() == beside / "logs" and paths.backups_dir() == beside / "backups"
    assert paths.settings_dir() == beside / "settings"


def test_without_the_file_the_user_data_folder_and_native_settings(frozen_exe, tmp_path):
    assert not paths.is_portable()
    assert paths.data_dir().is_relative_to(tmp_path / "home")
    assert paths.settings_dir() is None  # Qt's own place: registry, ~/.config, plist
    assert not (frozen_exe.parent / "data").exists()


def test_not_frozen_ignores_a_portable_file(frozen_exe, monkeypatch):
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", False)
    assert not paths.is_portable()


def test_data_dir_override_wins_and_takes_the_settings_along(frozen_exe, tmp_path, monkeypatch):
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere"
    assert paths.settings_dir() == tmp_path / "elsewhere" / "settings"
