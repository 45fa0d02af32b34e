"""Export use case: the shift log (交接班日志) as a PDF.

Usable from the CLI (`export shift-log`), the window and tests alike. Phone
numbers are masked unless a supervisor asks otherwise; every export is in
the audit trail with its masking flag. The file appears whole or not at all
(`reports.atomic_file`): the audit row is written before the file is renamed
into place, so an unmasked log never exists without its audit entry.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.errors import UserError, ValidationError
from ..domain.permissions import require
from ..domain.report_rows import ShiftLogData
from ..store.shift_log_queries import shift_log_for_day, shift_log_for_shift
from .context import Actor, Changes, Desk, audit
from .desk_settings import shift_hours
from .shift_log_files import EXPORT_ACTION, EXPORT_ENTITY, write_shift_log
from .shift_log_files import closed_shift_logs_dir as closed_shift_logs_dir  # named here by its callers
from .shift_log_files import default_exports_dir as default_exports_dir
from .shift_log_files import shift_log_file_name as shift_log_file_name
from .shifts import close_shift

log = logging.getLogger(__name__)


def shift_log_data(desk: Desk, *, shift_id: int | None = None, day: date | None = None,
                   night: bool = False, mask: bool = True, full_backlog: bool = False) -> ShiftLogData:
    """The rows of a shift log (for a preview in the window, or the PDF); the older backlog is counted by
    unit × age band, and listed in full only when `full_backlog`."""
    if (shift_id is None) == (day is None):
        raise ValidationError("请指定班次编号，或指定日期（及白班/夜班）。",
                              "Give either a shift id or a date (and day/night).")
    with desk.db.raw_read() as r:  # prepared statements on the driver (store.shift_log_queries)
        if shift_id is not None:
            return shift_log_for_shift(r, shift_id, tz=desk.tz, now=desk.now(), mask=mask, full_backlog=full_backlog)
        assert day is not None  # exactly one of shift_id and day, checked above
        return shift_log_for_day(r, day, night, tz=desk.tz, now=desk.now(), mask=mask, full_backlog=full_backlog,
                                 **shift_hours(r).as_kwargs())


def export_shift_log(desk: Desk, actor: Actor, *, shift_id: int | None = None, day: date | None = None,
                     night: bool = False, out: str | Path | None = None, mask: bool = True,
                     full_backlog: bool = False, cancelled: Callable[[], bool] | None = None) -> Path:
    """Write the shift log PDF; returns its path.

    Either `shift_id` (a `Shift` row) or `day` (+ `night`: the night shift
    that starts on `day`). `out`: a .pdf file, or a folder (existing, or a
    new path without a suffix) for the default name; None =
    `default_exports_dir()`. mask=False needs a supervisor (or admin). `full_backlog`: list every older
    open ticket besides the table that counts them. A failed or cancelled export leaves no file (ExportFileError /
    ExportCancelled); nothing is audited then.
    """
    if not mask:
        require(actor.role, "export_unmasked")
    data = shift_log_data(desk, shift_id=shift_id, day=day, night=night, mask=mask, full_backlog=full_backlog)

    def audited(new: dict[str, object]) -> None:
        with desk.db.write() as s:
            audit(s, actor, desk.now(), EXPORT_ACTION, EXPORT_ENTITY, shift_id, None, new)

    return write_shift_log(data, out, audited, shift_id=shift_id, mask=mask, full_backlog=full_backlog,
                           cancelled=cancelled)


@dataclass(frozen=True)
class ClosedShift:
    """A shift closed, and what became of its log: `pdf` written, or `error` saying why not."""

    changes: Changes
    pdf: Path | None
    error: UserError | None = None


def close_shift_and_write_log(desk: Desk, actor: Actor, shift_id: int, note: str | None = None,
                              expected: str | None = None, *, out: str | Path | None = None) -> ClosedShift:
    """交班, then the shift's log (masked) into the reports folder (`closed_shift_logs_dir`, or `out`).

    The close is its own transaction and stands whatever happens to the PDF: a PDF that cannot be
    written (a full disk, a folder gone) is logged and returned as `error`, a sentence for the window,
    never raised. A close refused (already closed, a stale note) raises as `shifts.close_shift` does and
    writes nothing."""
    changes = close_shift(desk, actor, shift_id, note, expected)
    try:
        path = export_shift_log(desk, actor, shift_id=shift_id, out=out if out is not None else closed_shift_logs_dir())
    except Exception as e:  # noqa: BLE001 - the shift is closed; the log is said to be missing, not raised
        log.error("shift %s closed; its shift log could not be written", shift_id,
                  exc_info=(type(e), e, e.__traceback__))
        why_zh = e.zh if isinstance(e, UserError) else "详细情况已记入日志"
        why_en = e.en if isinstance(e, UserError) else "the details are in the log"
        return ClosedShift(changes, None, UserError(
            f"已交班，但交接班日志没有写成（{why_zh}）。可在 文件 → 导出 → 交接班日志 再导出。",
            f"The shift is closed, but its log was not written ({why_en}). Export it again from "
            "File → Export → Shift log."))
    return ClosedShift(changes, path)
