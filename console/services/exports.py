"""Export use cases: the quarterly analysis workbook and its PDF, on a `Desk` (any engine).

One function per export, usable from the CLI (progress on the terminal),
the window (a worker with progress and a cancel button) and tests alike.
Phone numbers are masked unless a supervisor asks otherwise; every export
is written to the audit trail with its masking flag.

The sequence itself — checks, reads, files, audit rows — is console.services.quarterly_files, shared with
the SQLAlchemy-free export of a SQLite desk at the schema head (console.services.quarterly_lite); here it
runs on the desk's Sessions (`_SessionDesk`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy.orm import Session

from ..domain.kpi import KpiTicket, QuarterKpis
from ..domain.timeutil import quarter_bounds
from ..store import report_reads as rr
from ..store.report_queries import session_reads
from ..util.progress import Progress
from . import quarterly_files as qf
from .context import Actor, Desk, audit
from .quarterly_files import TICK_EVERY, Cancelled, quarterly_file_name, quarterly_pdf_name

__all__ = ["TICK_EVERY", "Cancelled", "export_quarterly", "export_quarterly_files", "export_quarterly_pdf",
           "period_kpis", "quarter_kpis", "quarterly_file_name", "quarterly_pdf_name"]


class _SessionDesk:
    """quarterly_files.QuarterDesk on a `Desk`: reads in `desk.db.read()`, audit rows through
    `context.audit` in `desk.db.write()`."""

    def __init__(self, desk: Desk):
        self.desk = desk

    @property
    def tz(self) -> tzinfo:
        return self.desk.tz

    def now(self) -> datetime:
        return self.desk.now()

    @contextmanager
    def read(self) -> Iterator[rr.Reads]:
        with self.desk.db.read() as s:
            yield session_reads(s)

    def audit(self, actor: Actor, action: str, new: dict[str, object]) -> None:
        with self.desk.db.write() as s:
            audit(s, actor, self.desk.now(), action, qf.REPORT_ENTITY, None, None, new)


def period_kpis(s: Session, start: datetime, end: datetime, tz: tzinfo, as_of: datetime,
                tick: Callable[[int], None] | None = None,
                also: Sequence[Callable[[KpiTicket], None]] = ()) -> QuarterKpis:
    """quarterly_files.period_kpis in the Session `s`'s transaction."""
    return qf.period_kpis(session_reads(s), start, end, tz, as_of, tick, also)


def quarter_kpis(desk: Desk, year: int, quarter: int) -> QuarterKpis:
    """The figures of one quarter (the window's KPI panel uses this too)."""
    tz = desk.tz
    start, end = quarter_bounds(year, quarter, tz)
    with desk.db.read() as s:
        return period_kpis(s, start, end, tz, desk.now())


def export_quarterly(desk: Desk, actor: Actor, year: int, quarter: int, out_dir: str | Path, *,
                     mask: bool = True, progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> Path:
    """Write 热线季度分析-YYYYQn.xlsx into `out_dir`; returns its path.

    mask=False needs a supervisor (or admin). `progress(done, total)` (console.util.progress) and
    `cancelled()` let a worker show progress and stop; a cancelled or failed
    export leaves no file behind (ExportCancelled / ExportFileError).
    """
    return qf.write_workbook(_SessionDesk(desk), actor, year, quarter, out_dir, mask, progress, cancelled).path


def export_quarterly_files(desk: Desk, actor: Actor, year: int, quarter: int, out_dir: str | Path, *,
                           mask: bool = True, progress: Progress | None = None,
                           cancelled: Cancelled | None = None,
                           on_file: Callable[[Path], None] | None = None) -> list[Path]:
    """The workbook, then the PDF of the same figures beside it (quarterly_files.write_quarter_files)."""
    return qf.write_quarter_files(_SessionDesk(desk), actor, year, quarter, out_dir, mask=mask, progress=progress,
                                  cancelled=cancelled, on_file=on_file)


def export_quarterly_pdf(desk: Desk, actor: Actor, year: int, quarter: int, out_dir: str | Path, *,
                         mask: bool = True, cancelled: Cancelled | None = None) -> Path:
    """Write 热线季度分析-YYYYQn.pdf (the quarter on paper) into `out_dir`.

    Same rules as the workbook: mask=False needs a supervisor (or admin);
    the file is written atomically (a cancelled or failed export leaves no
    file); the export is audited as "export_quarterly_pdf". (With the workbook,
    `export_quarterly_files` draws it from the workbook's figures instead.)
    """
    tz = desk.tz
    (start, end), _, (pstart, pend), folder = qf.prepare_quarter_export(tz, actor, year, quarter, out_dir, mask)
    now = desk.now()
    with desk.db.read() as s:
        kpis = period_kpis(s, start, end, tz, now)
        previous = period_kpis(s, pstart, pend, tz, now)
    return qf.write_quarter_pdf(_SessionDesk(desk), actor, year, quarter, folder, mask, kpis, previous, now,
                                cancelled)
