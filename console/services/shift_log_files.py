"""The shift log's file: its name, its folder, and the one sequence that writes it with its audit row.

Imports nothing of SQLAlchemy: today's export (console.services.shift_log, through a Session) and the
SQLAlchemy-free one (console.services.shift_log_lite, on the driver) both call `write_shift_log`, so the
file's name, its folder rules, its atomic write and the audit row written *before* the rename (an unmasked
log never exists without its audit entry) are one sequence, whichever way the rows were read.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..domain.enums import ShiftKind
from ..domain.errors import ValidationError
from ..domain.report_rows import ShiftLogData
from ..paths import data_dir

EXPORT_ACTION, EXPORT_ENTITY = "export_shift_log", "report"  # the audit row of an export


def default_exports_dir() -> Path:
    """`exports/` in the working folder when there is one (a source checkout,
    a portable desk), else `exports/` in the desk's data folder."""
    here = Path.cwd() / "exports"
    if here.is_dir():
        return here
    return data_dir() / "exports"


def closed_shift_logs_dir() -> Path:
    """Where closing a shift leaves its log: the reports folder (`default_exports_dir`)."""
    return default_exports_dir()


def shift_log_file_name(day: date, night: bool, *, shift_id: int | None = None, mask: bool = True) -> str:
    """交接班日志-2026-11-22-夜班.pdf; a shift row's log names the shift; an
    unmasked file says so, so it is not passed around by mistake."""
    kind = ShiftKind.NIGHT.zh if night else ShiftKind.DAY.zh
    tail = f"-班次{shift_id}" if shift_id is not None else ""
    return f"交接班日志-{day:%Y-%m-%d}-{kind}{tail}{'' if mask else '-未打码'}.pdf"


def target_path(out: str | Path | None, name: str) -> Path:
    from ..reports.atomic_file import ensure_folder

    if out is None:
        folder, final = default_exports_dir(), None
    else:
        p = Path(out).expanduser()
        if p.is_dir() or (not p.exists() and not p.suffix):
            folder, final = p, None  # a folder (made if missing): the default name inside it
        else:
            folder, final = p.parent, p
            if p.suffix.lower() != ".pdf":
                raise ValidationError(f"输出文件“{p.name}”应以 .pdf 结尾。",
                                      f"The output file '{p.name}' should end in .pdf.")
    ensure_folder(folder)
    return final or folder / name


def write_shift_log(data: ShiftLogData, out: str | Path | None, audited: Callable[[dict[str, object]], None], *,
                    shift_id: int | None, mask: bool, full_backlog: bool,
                    cancelled: Callable[[], bool] | None = None) -> Path:
    """Write `data` as the shift log PDF at `out` (a .pdf, a folder, or None: `default_exports_dir`); the
    audit row's new side is handed to `audited` (which writes it in its own write transaction) before the
    file is renamed into place. A failed or cancelled export leaves no file and no audit row."""
    from ..reports.atomic_file import atomic_write
    from ..reports.shift_log_pdf import build_shift_log_pdf

    final = target_path(out, shift_log_file_name(data.day, data.night, shift_id=shift_id, mask=mask))
    with atomic_write(final) as fh:
        pages = build_shift_log_pdf(data, fh, cancelled=cancelled)
        n = data.counts
        audited({"date": data.day.isoformat(), "night": data.night, "shift_id": shift_id, "mask": mask,
                 "file": final.name, "pages": pages, "calls": n.received, "missed": n.missed,
                 "full_backlog": full_backlog})
    return final
