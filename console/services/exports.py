"""Export use cases: the quarterly analysis workbook and its PDF.

One function per export, usable from the CLI (progress on the terminal),
the window (a worker with progress and a cancel button) and tests alike.
Phone numbers are masked unless a supervisor asks otherwise; every export
is written to the audit trail with its masking flag.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import cast

from sqlalchemy.orm import Session

from ..domain.kpi import KpiTicket, QuarterKpis
from ..domain.kpi_builder import KpiBuilder, unit_step_counts
from ..domain.kpi_summary import quarter_label
from ..domain.permissions import require
from ..domain.report_rows import ReportTicket
from ..domain.timeutil import Interval, previous_quarter, quarter_bounds
from ..store import report_queries as rq
from ..util.progress import Progress
from .context import Actor, Desk, audit

Cancelled = Callable[[], bool]
TICK_EVERY = 500


def quarterly_file_name(year: int, quarter: int, *, mask: bool = True) -> str:
    """热线季度分析-2026Q3.xlsx; an unmasked file says so in its name, so it
    is not passed around by mistake."""
    return f"热线季度分析-{year}Q{quarter}{'' if mask else '-未打码'}.xlsx"


def period_kpis(s: Session, start: datetime, end: datetime, tz: tzinfo, as_of: datetime,
                tick: Callable[[int], None] | None = None,
                also: Sequence[Callable[[KpiTicket], None]] = ()) -> QuarterKpis:
    """The figures of tickets received in [start, end), in one pass over the rows; each row is also handed to
    every callable in `also` (the bulletin counts its own figures in the same pass). `tick(rows)` every few
    hundred rows (progress, cancel)."""
    # A function of its own so the builder (with its per-phone index) is
    # freed before the next pass starts.
    b = KpiBuilder(start, end, tz, as_of)
    for i, t in enumerate(rq.period_tickets(s, start, end, detail=False), 1):
        b.add(t)
        for other in also:
            other(t)
        if tick is not None and i % TICK_EVERY == 0:
            tick(i)
    for m in rq.period_missed_calls(s, start, end):
        b.add_missed(m)
    for c in rq.period_added_calls(s, start, end):
        b.add_call(c)
    b.add_unit_steps(unit_step_counts(rq.period_unit_steps(s, start, end)))
    return b.result()


def quarter_kpis(desk: Desk, year: int, quarter: int) -> QuarterKpis:
    """The figures of one quarter (the window's KPI panel uses this too)."""
    tz = desk.tz
    start, end = quarter_bounds(year, quarter, tz)
    with desk.db.read() as s:
        return period_kpis(s, start, end, tz, desk.now())


def _prepare_quarter_export(desk: Desk, actor: Actor, year: int, quarter: int, out_dir: str | Path,
                            mask: bool) -> tuple[Interval, tuple[int, int], Interval, Path]:
    """The checks both quarterly exports make before reading anything, in the
    order a user meets them: may this actor unmask, is the quarter valid, is
    `out_dir` a folder we can create. Returns the quarter's bounds, the
    previous quarter (year, quarter) and its bounds, and the output folder."""
    from ..reports.atomic_file import ensure_folder

    if not mask:
        require(actor.role, "export_unmasked")
    tz = desk.tz
    start, end = quarter_bounds(year, quarter, tz)  # ValidationError for a bad quarter
    py, pq = previous_quarter(year, quarter)
    pstart, pend = quarter_bounds(py, pq, tz)
    folder = Path(out_dir).expanduser()
    ensure_folder(folder)
    return (start, end), (py, pq), (pstart, pend), folder


def export_quarterly(desk: Desk, actor: Actor, year: int, quarter: int, out_dir: str | Path, *,
                     mask: bool = True, progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> Path:
    """Write 热线季度分析-YYYYQn.xlsx into `out_dir`; returns its path.

    mask=False needs a supervisor (or admin). `progress(done, total)` (console.util.progress) and
    `cancelled()` let a worker show progress and stop; a cancelled or failed
    export leaves no file behind (ExportCancelled / ExportFileError).
    """
    return _export_workbook(desk, actor, year, quarter, out_dir, mask, progress, cancelled).path


def export_quarterly_files(desk: Desk, actor: Actor, year: int, quarter: int, out_dir: str | Path, *,
                           mask: bool = True, progress: Progress | None = None,
                           cancelled: Cancelled | None = None,
                           on_file: Callable[[Path], None] | None = None) -> list[Path]:
    """The workbook, then the PDF of the same figures beside it; returns both paths, the workbook's first.

    One pass over the quarter (the workbook's) and one over the previous quarter: the PDF is drawn from
    the figures the workbook counted, never from a second pass. Progress runs over both files; the same
    rules as each export alone (masking, atomic files, one audit entry per file). `on_file(path)` is
    called as each file is in place (the workbook stands even if the PDF then fails)."""
    def on_workbook(done: int, total: int, phase: str = "") -> None:  # the PDF's share: the last 1/30
        if progress is not None:
            progress(done, total + max(total // 30, 1))

    wb = _export_workbook(desk, actor, year, quarter, out_dir, mask, on_workbook if progress else None, cancelled)
    if on_file is not None:
        on_file(wb.path)
    pdf = _write_quarter_pdf(desk, actor, year, quarter, wb.path.parent, mask, wb.kpis, wb.previous, wb.as_of,
                             cancelled)
    if on_file is not None:
        on_file(pdf)
    if progress is not None:
        progress(1, 1)
    return [wb.path, pdf]


@dataclass(frozen=True)
class _Written:
    path: Path
    kpis: QuarterKpis
    previous: QuarterKpis
    as_of: datetime


def _export_workbook(desk: Desk, actor: Actor, year: int, quarter: int, out_dir: str | Path, mask: bool,
                     progress: Progress | None, cancelled: Cancelled | None) -> _Written:
    from ..reports import ExportCancelled
    from ..reports.atomic_file import atomic_write
    from ..reports.quarterly_xlsx import QuarterlyInfo, write_quarterly_xlsx

    tz = desk.tz
    (start, end), (py, pq), (pstart, pend), folder = _prepare_quarter_export(desk, actor, year, quarter,
                                                                             out_dir, mask)
    final = folder / quarterly_file_name(year, quarter, mask=mask)
    now = desk.now()
    info = QuarterlyInfo(year=year, quarter=quarter, start=start, end=end, tz=tz, as_of=now,
                         generated_by=actor.display_name, mask=mask,
                         previous_label=quarter_label(py, pq), **_list_labels(desk))
    with desk.db.read() as s:
        # Progress runs over both passes: the previous quarter's figures
        # (one unit a ticket), then the workbook (see write_quarterly_xlsx).
        prev_n = rq.count_tickets(s, pstart, pend, include_void=True)
        total = rq.count_tickets(s, start, end)
        overall = prev_n + total + max(total // 4, 1)

        def tick(i: int) -> None:
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if progress is not None:
                progress(min(i, prev_n), overall)

        def shifted(done: int, total: int, phase: str = "") -> None:  # the Progress protocol's names
            if progress is not None:
                progress(prev_n + done, prev_n + total)  # one stage: the workbook has no phases

        if progress is not None:
            progress(0, overall)
        previous = period_kpis(s, pstart, pend, tz, now, tick)
        missed = rq.period_missed_calls(s, start, end)
        rows = cast("Iterator[ReportTicket]", rq.period_tickets(s, start, end))  # detail=True: full rows
        workbook_progress: Progress | None = shifted if progress is not None else None
        with atomic_write(final) as fh:
            kpis = write_quarterly_xlsx(fh, info, rows, missed, previous,
                                        total=total, progress=workbook_progress, cancelled=cancelled,
                                        unit_steps=unit_step_counts(rq.period_unit_steps(s, start, end)),
                                        calls=rq.period_added_calls(s, start, end))
    with desk.db.write() as s:
        audit(s, actor, desk.now(), "export_quarterly", "report", None, None,
              {"year": year, "quarter": quarter, "mask": mask, "file": final.name,
               "tickets": kpis.received})
    return _Written(final, kpis, previous, now)


def quarterly_pdf_name(year: int, quarter: int, *, mask: bool = True) -> str:
    """热线季度分析-2026Q3.pdf, beside the workbook of the same name."""
    return quarterly_file_name(year, quarter, mask=mask).removesuffix(".xlsx") + ".pdf"


def export_quarterly_pdf(desk: Desk, actor: Actor, year: int, quarter: int, out_dir: str | Path, *,
                         mask: bool = True, cancelled: Cancelled | None = None) -> Path:
    """Write 热线季度分析-YYYYQn.pdf (the quarter on paper) into `out_dir`.

    Same rules as the workbook: mask=False needs a supervisor (or admin);
    the file is written atomically (a cancelled or failed export leaves no
    file); the export is audited as "export_quarterly_pdf". (With the workbook,
    `export_quarterly_files` draws it from the workbook's figures instead.)
    """
    tz = desk.tz
    (start, end), _, (pstart, pend), folder = _prepare_quarter_export(desk, actor, year, quarter, out_dir, mask)
    now = desk.now()
    with desk.db.read() as s:
        kpis = period_kpis(s, start, end, tz, now)
        previous = period_kpis(s, pstart, pend, tz, now)
    return _write_quarter_pdf(desk, actor, year, quarter, folder, mask, kpis, previous, now, cancelled)


def _write_quarter_pdf(desk: Desk, actor: Actor, year: int, quarter: int, folder: Path, mask: bool,
                       kpis: QuarterKpis, previous: QuarterKpis, now: datetime,
                       cancelled: Cancelled | None) -> Path:
    from ..reports.atomic_file import atomic_write
    from ..reports.quarterly_pdf import QuarterlyPdfInfo, build_quarterly_pdf
    from .context import get_setting
    from .reference_data import DEFAULT_DESK_NAME

    final = folder / quarterly_pdf_name(year, quarter, mask=mask)
    with desk.db.read() as s:
        name = get_setting(s, "desk_name", "").strip() or DEFAULT_DESK_NAME
    info = QuarterlyPdfInfo(desk_name=name, year=year, quarter=quarter, tz=desk.tz, as_of=now,
                            generated_by=actor.display_name, mask=mask)
    with atomic_write(final) as fh:
        pages = build_quarterly_pdf(kpis, info, fh, previous=previous, cancelled=cancelled)
    with desk.db.write() as s:
        audit(s, actor, desk.now(), "export_quarterly_pdf", "report", None, None,
              {"year": year, "quarter": quarter, "mask": mask, "file": final.name,
               "tickets": kpis.received, "pages": pages})
    return final


def _list_labels(desk: Desk) -> dict[str, dict[str, str]]:
    """The desk's category codes and request-type names, for the workbook's labels."""
    from .categories import category_codes
    from .request_types import request_type_names

    return {"category_codes": category_codes(desk),
            "request_type_names": request_type_names(desk)}
