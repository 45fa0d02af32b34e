"""The alert's sound: the bundled chime where the platform can play a WAV, a beep otherwise.

QtMultimedia (QSoundEffect) is not in PySide6-Essentials and would add
~250 MB, so the chime is played by what the platform already has, without
ever blocking the GUI thread:

- Windows: `winsound.PlaySound(..., SND_ASYNC)` (standard library);
- macOS: `afplay` started detached;
- Linux: `paplay` (PulseAudio/PipeWire) or `aplay` (ALSA) started detached;
- anywhere else, or if starting the player fails: QApplication.beep().

Muting is a per-seat setting (AlertSettings.mute in QSettings).
"""
from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QApplication

from ... import paths

log = logging.getLogger(__name__)


def chime_path() -> Path:
    return paths.resources_dir() / "sounds" / "chime.wav"


def _winsound(path: Path) -> bool:
    try:
        import winsound  # type: ignore[import-not-found]
    except ImportError:
        return False
    try:
        winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT)
        return True
    except RuntimeError:
        return False


def _detached(program: str, args: list[str]) -> bool:
    ok, _pid = QProcess.startDetached(program, args)
    return bool(ok)


def find_player(platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which) -> list[str] | None:
    """The command that plays a WAV file here (without the file), or None."""
    if platform == "darwin" and which("afplay"):
        return [which("afplay")]
    if platform.startswith("linux") or "bsd" in platform:
        if which("paplay"):
            return [which("paplay")]
        if which("aplay"):
            return [which("aplay"), "-q"]
    return None


class AlertSound:
    """play(): the chime (or a beep); returns how it was played, "" when muted."""

    def __init__(self, path: Path | None = None, *, start: Callable[[str, list[str]], bool] = _detached,
                 player: list[str] | None | bool = True):
        self.path = path or chime_path()
        self._start = start
        self._player = find_player() if player is True else (player or None)
        self.played: list[str] = []

    def play(self, mute: bool = False) -> str:
        if mute:
            return ""
        how = self._play()
        self.played.append(how)
        return how

    def _play(self) -> str:
        if self.path.is_file():
            if sys.platform == "win32" and _winsound(self.path):
                return "winsound"
            if self._player:
                try:
                    if self._start(self._player[0], [*self._player[1:], str(self.path)]):
                        return Path(self._player[0]).name
                except Exception:  # noqa: BLE001 - a missing or broken player must not stop an alert
                    log.warning("cannot start %s", self._player, exc_info=True)
        QApplication.beep()
        return "beep"
