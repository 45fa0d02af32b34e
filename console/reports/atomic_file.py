"""Write a report so that it is either all there or not there at all.

A supervisor double-clicks the file in the exports folder; a half-written
workbook (the export was cancelled, the disk filled up, the process was
killed, the power went) must never stand there under the final name. So the
bytes go to a temporary file in the *same* folder (a rename is only atomic
within one file system), are flushed and fsynced, and only then renamed
over the final name; the folder is fsynced too so the rename itself
survives a power cut. On any exception — KeyboardInterrupt included — the
temporary file is removed.

A process killed outright (SIGKILL, power) can leave a temporary file
behind, named ``.<final name>.<random>.tmp``; it never has the final name.

The recipe itself is console.util.atomic_file's (shared with drafts,
backups and new desk files); this module adds what an export needs on top:
the folder's checks, the sweep of stale temporaries, and the reasons in
the user's words (a workbook open in Excel, a full disk).
"""
from __future__ import annotations

import errno
import glob
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..domain.errors import UserError
from ..util.atomic_file import TEMP_SUFFIX, discard, fsync_dir, fsync_file, temp_name_for, writing_atomically


class ExportFileError(UserError):
    """The report could not be written where the user asked."""


def _replace(tmp: Path, final: Path) -> None:
    try:
        os.replace(tmp, final)
    except PermissionError:
        raise ExportFileError(
            f"无法覆盖“{final.name}”：文件可能正在 Excel 或 WPS 中打开，请关闭后重试。",
            f"Cannot replace '{final.name}': it may be open in Excel or WPS; close it and try again.",
        ) from None


_REASONS = {  # EDQUOT first: where it does not exist (Windows) the ENOSPC line below wins
    getattr(errno, "EDQUOT", errno.ENOSPC): ("磁盘配额已用完", "the disk quota is used up"),
    errno.ENOSPC: ("磁盘已满", "the disk is full"),
    errno.EFBIG: ("文件超过了允许的大小", "the file is larger than allowed"),
    errno.EACCES: ("没有写入权限", "no permission to write there"),
    errno.EPERM: ("没有写入权限", "no permission to write there"),
    errno.EROFS: ("磁盘是只读的", "the disk is read-only"),
    errno.ENOENT: ("文件夹不存在", "the folder does not exist"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "part of the path is not a folder"),
    errno.EIO: ("磁盘读写出错", "the disk reported an input/output error"),
}


def os_reason(e: OSError) -> tuple[str, str]:
    """Why a file could not be written, in Chinese and English (the OS's own text is English only)."""
    known = _REASONS.get(e.errno) if e.errno is not None else None
    if known is not None:
        return known
    why = e.strerror or str(e) or type(e).__name__
    return why, why


def ensure_folder(folder: Path) -> None:
    """The output folder exists (made if missing), or a one-line reason in the user's words.

    The OS's own text ("Not a directory") is English only; os_reason() says it in both."""
    from ..domain.errors import ValidationError

    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"“{folder}”不是文件夹。", f"'{folder}' is not a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        zh, en = os_reason(e)
        raise ExportFileError(f"无法创建文件夹“{folder}”：{zh}。",
                              f"Cannot create the folder '{folder}': {en}.") from None


def _write_failed(final: Path, e: OSError) -> ExportFileError:
    zh, en = os_reason(e)
    return ExportFileError(f"写入“{final.name}”失败（{zh}），没有生成文件。",
                           f"Writing '{final.name}' failed ({en}); no file was made.")


STALE_AFTER_S = 3600


def sweep_stale_temps(final: Path, now: float | None = None) -> int:
    """Remove temp files a killed export of the same report left behind.

    Only hidden `.<final name>.*.tmp` siblings older than an hour go: a
    younger one may belong to an export still running in another process.
    """
    now = time.time() if now is None else now
    removed = 0
    for p in final.parent.glob(f".{glob.escape(final.name)}.*{TEMP_SUFFIX}"):
        try:
            if now - p.stat().st_mtime > STALE_AFTER_S:
                p.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def _check_folder(final: Path) -> None:
    folder = final.parent
    if not folder.is_dir():
        raise ExportFileError(f"文件夹“{folder}”不存在。", f"The folder '{folder}' does not exist.")
    sweep_stale_temps(final)


@contextmanager
def atomic_write(final: str | os.PathLike) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it becomes `final` atomically.

    ``with atomic_write(path) as fh: workbook.save(fh)``
    """
    final = Path(final)
    _check_folder(final)
    opened = False
    try:
        with writing_atomically(final, replace=_replace) as fh:
            opened = True
            yield fh
    except OSError as e:
        if opened:
            raise _write_failed(final, e) from e
        zh, en = os_reason(e)
        raise ExportFileError(f"无法在“{final.parent}”中写入文件：{zh}。",
                              f"Cannot write a file in '{final.parent}': {en}.") from None


@contextmanager
def atomic_path(final: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path for a library that insists on a file name;
    on success the file there is fsynced and renamed to `final`."""
    final = Path(final)
    _check_folder(final)
    tmp = temp_name_for(final)
    try:
        yield tmp
        fsync_file(tmp)
        _replace(tmp, final)
    except OSError as e:
        discard(tmp)
        raise _write_failed(final, e) from e
    except BaseException:
        discard(tmp)
        raise
    fsync_dir(final.parent)
