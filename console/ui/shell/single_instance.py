"""One console window per database on this computer.

A second double-click on the desktop icon used to open a second window on
the same desk: two chimes for every call-back, two autosaved New Call
drafts for the same operator writing over each other (console.services.drafts
keys a draft by database and user), and an operator who does not know
which window is which. Now the second start asks the running window to come
to the front and leaves.

Only QtCore is used (the desktop build leaves QtNetwork out): a QLockFile
says who holds the desk, and the holder watches a small "raise" file that a
second start touches. The lock file carries the holder's process id, so a
window that was killed does not keep the desk locked: QLockFile finds the
process gone and takes the lock over.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

from ... import paths

log = logging.getLogger(__name__)


def instance_key(db_target: str) -> str:
    """The same name for the same database however it was named (relative path, ~, symlink)."""
    if "://" in db_target:
        from urllib.parse import urlsplit

        u = urlsplit(db_target)
        host = (u.hostname or "").lower()
        identity = f"{u.scheme}://{u.username or ''}@{host}:{u.port or ''}{u.path}"  # never the password
    else:
        identity = str(Path(db_target).expanduser().resolve())
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:20]


class SingleInstance(QObject):
    """Holds the desk's lock while the window is open; `raise_requested` when a second start knocks."""

    raise_requested = Signal()

    def __init__(self, db_target: str, parent=None, *, folder: Path | None = None):
        super().__init__(parent)
        self.folder = folder or (paths.data_dir() / "locks")
        key = instance_key(db_target)
        self.lock_path = self.folder / f"{key}.lock"
        self.knock_path = self.folder / f"{key}.raise"
        self._lock: QLockFile | None = None
        self._watcher: QFileSystemWatcher | None = None

    def acquire(self, *, listen: bool = True) -> bool:
        """True: this is the only window on the desk (or the lock could not be made at all:
        a read-only or full data folder must not stop the desk, so it is logged and allowed).

        `listen=False`: start hearing knocks later with listen(). The launcher does, once the
        login dialog has painted: the first file watcher of the process costs ≈ 35 ms of
        PySide's own set-up, which the operator would otherwise wait for before the dialog."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            log.warning("cannot make %s; starting without the one-window guard", self.folder, exc_info=True)
            return True
        lock = QLockFile(str(self.lock_path))
        lock.setStaleLockTime(0)  # held for hours: only a vanished process makes it stale
        if lock.tryLock(100):
            self._lock = lock
            if listen:
                self.listen()
            return True
        if lock.error() == QLockFile.LockError.LockFailedError:
            return False
        log.warning("cannot create %s (%s); starting without the one-window guard", self.lock_path, lock.error())
        return True

    def holder_pid(self) -> int | None:
        info = QLockFile(str(self.lock_path)).getLockInfo()  # PySide6: (pid, hostname, appname)
        pid = info[0] if isinstance(info, tuple) and info else 0
        return int(pid) if pid else None

    def knock(self) -> bool:
        """Ask the window holding the desk to come to the front; False if the note could not be left."""
        try:
            self.knock_path.write_text(f"{os.getpid()} {time.time()}\n", encoding="utf-8")
            return True
        except OSError:
            log.warning("cannot write %s", self.knock_path, exc_info=True)
            return False

    def listen(self) -> None:
        """Hear a second start's knock from now on (once; only while holding the lock).

        A knock left since the lock was taken (between acquire() and listen()) is answered at once."""
        if self._lock is None or self._watcher is not None:
            return
        try:
            knocked = self.knock_path.is_file() and self.knock_path.stat().st_size > 0
            self.knock_path.write_text("", encoding="utf-8")  # a watcher needs the file to exist
        except OSError:
            log.warning("cannot write %s; a second start cannot bring this window forward", self.knock_path)
            return
        self._watcher = QFileSystemWatcher([str(self.knock_path)], self)
        self._watcher.fileChanged.connect(self._on_knock)
        if knocked:
            self.raise_requested.emit()

    def _on_knock(self, path: str) -> None:
        if self._watcher is not None and path not in self._watcher.files() and Path(path).exists():
            self._watcher.addPath(path)  # an editor-style replace drops the watch: take it up again
        self.raise_requested.emit()

    def release(self) -> None:
        if self._watcher is not None:
            self._watcher.removePaths(self._watcher.files())
            self._watcher = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
