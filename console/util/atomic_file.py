"""Files that are either all there or not there at all — written once, for every layer.

A draft being typed, an exported workbook, a database backup, a new desk
file: each must never stand half-written under its final name (a killed
process, a full disk, a pulled plug). The recipe is the same everywhere, so
it lives here once: write to a hidden temporary file in the *same* folder (a
rename is atomic only within one file system), flush and fsync it, rename it
over the final name, then fsync the folder so the rename itself survives a
power cut. On any failure the temporary file is removed.

Windows has no directory handles to fsync (NTFS journals the rename), and
some file systems (network shares) refuse a directory fsync: both are
skipped quietly — the file itself is synced. Callers turn an OSError into
the sentence their user needs (console.reports.atomic_file for exports).
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".tmp"


def temp_name_for(final: Path) -> Path:
    """A fresh, hidden temporary name beside `final`: ``.<name>.<random>.tmp``."""
    return final.with_name(f".{final.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); a no-op where a folder cannot be synced."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # a file system that refuses: the file itself was synced
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "r+b") as fh:  # r+: Windows needs write access to flush to disk
        os.fsync(fh.fileno())


def replace_durably(tmp: Path, final: Path) -> None:
    """`tmp` (already complete) becomes `final`: synced, renamed, the rename synced."""
    fsync_file(tmp)
    os.replace(tmp, final)
    fsync_dir(Path(final).parent)


def discard(path: Path | str | None) -> None:
    """Remove a temporary file if it is there; never masks the error being handled."""
    if path is None:
        return
    try:
        os.unlink(path)
    except OSError:
        pass


def open_exclusive(path: Path, mode: int = 0o666) -> BinaryIO:
    """A new file opened for writing; never clobbers one that exists (O_EXCL).

    0o666 lets the umask decide, as for any file the user saves; private
    data (drafts) passes 0o600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, mode), "wb")


@contextmanager
def writing_atomically(final: str | os.PathLike, *, mode: int = 0o666,
                       replace: Callable[[Path, Path], None] | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file; when the block ends without error it becomes `final` atomically.

    ``with writing_atomically(path) as fh: fh.write(data)``. A file that is
    replaced keeps its permissions. OSErrors reach the caller (after the
    temporary file is removed); `replace` lets a caller put its own words on
    a refused rename (a workbook open in Excel).
    """
    final = Path(final)
    tmp = temp_name_for(final)
    fh = open_exclusive(tmp, mode)
    try:
        try:
            if final.exists():
                os.chmod(tmp, final.stat().st_mode & 0o7777)
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fh.close()
        (replace or os.replace)(tmp, final)
    except BaseException:
        discard(tmp)
        raise
    fsync_dir(final.parent)
