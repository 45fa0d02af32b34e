"""The quarterly workbook and its PDF: the one sequence that reads a quarter, writes the files and audits
them, whichever way the desk is read (issue 21, session 12).

Imports nothing of SQLAlchemy. Today's export (console.services.exports: a `Desk`, through its Sessions, any
engine) and the SQLAlchemy-free one (console.services.quarterly_lite: a SQLite desk at the schema head, its
statements frozen) both run `write_quarter_files` on a `QuarterDesk` — how to read (`read()`, the store's
report_reads on a cursor of one read transaction), what time it is, and how to append one audit row in a
write transaction of its own. So the checks (who may unmask, a valid quarter, a folder we can create), the
progress, the atomic files and the audit rows written *after* each file is in place are one sequence.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Protocol

from ..domain.kpi import KpiTicket, QuarterKpis
from ..domain.kpi_builder import KpiBuilder, unit_step_counts
from ..domain.kpi_summary import quarter_label
from ..domain.permissions import require
from ..domain.timeutil import Interval, previous_quarter, quarter_bounds
from ..store import report_reads as rr
from ..store.shift_log_queries import DEFAULT_DESK_NAME
from ..util.progress import Progress
from .actor import Actor

Cancelled = Callable[[], bool]
TICK_EVERY = 500

REPORT_ENTITY = "report"


class QuarterDesk(Protocol):
    """What the sequence needs of a desk."""

    @property
    def tz(self) -> tzinfo: ...

    def now(self) -> datetime:
        """The clock's time, refused outside the years the desk counts in (domain.clock.checked_now)."""
        ...

    def read(self) -> AbstractContextManager[rr.Reads]:
        """One read transaction; inside it, how report_reads opens a cursor on it."""
        ...

    def audit(self, actor: Actor, action: str, new: dict[str, object]) -> None:
        """One audit row (entity "report", no id, no old side) in a write transaction of its own, at now()."""
        ...


def quarterly_file_name(year: int, quarter: int, *, mask: bool = True) -> str:
    """热线季度分析-2026Q3.xlsx; an unmasked file says so in its name, so it
    is not passed around by mistake."""
    return f"热线季度分析-{year}Q{quarter}{'' if mask else '-未打码'}.xlsx"


def quarterly_pdf_name(year: int, quarter: int, *, mask: bool = True) -> str:
    """热线季度分析-2026Q3.pdf, beside the workbook of the same name."""
    return quarterly_file_name(year, quarter, mask=mask).removesuffix(".xlsx") + ".pdf"


def period_kpis(reads: rr.Reads, start: datetime, end: datetime, tz: tzinfo, as_of: datetime,
                tick: Callable[[int], None] | None = None,
                also: Sequence[Callable[[KpiTicket], None]] = ()) -> QuarterKpis:
    """The figures of tickets received in [start, end), in one pass over the rows; each row is also handed to
    every callable in `also` (the bulletin counts its own figures in the same pass). `tick(rows)` every few
    hundred rows (progress, cancel)."""
    # A function of its own so the builder (with its per-phone index) is
    # freed before the next pass starts.
    b = KpiBuilder(start, end, tz, as_of)
    for i, t in enumerate(rr.period_tickets(reads, start, end, detail=False), 1):
        b.add(t)
        for other in also:
            other(t)
        if tick is not None and i % TICK_EVERY == 0:
            tick(i)
    for m in rr.period_missed_calls(reads, start, end):
        b.add_missed(m)
    for c in rr.period_added_calls(reads, start, end):
        b.add_call(c)
    b.add_unit_steps(unit_step_counts(rr.period_unit_steps(reads, start, end)))
    return b.result()


def prepare_quarter_export(tz: tzinfo, actor: Actor, year: int, quarter: int, out_dir: str | Path,
                           mask: bool) -> tuple[Interval, tuple[int, int], Interval, Path]:
    """The checks both quarterly exports make before reading anything, in the
    order a user meets them: may this actor unmask, is the quarter valid, is
    `out_dir` a folder we can create. Returns the quarter's bounds, the
    previous quarter (year, quarter) and its bounds, and the output folder."""
    from ..reports.atomic_file import ensure_folder

    if not mask:
        require(actor.role, "export_unmasked")
    start, end = quarter_bounds(year, quarter, tz)  # ValidationError for a bad quarter
    py, pq = previous_quarter(year, quarter)
    pstart, pend = quarter_bounds(py, pq, tz)
    folder = Path(out_dir).expanduser()
    ensure_folder(folder)
    return (start, end), (py, pq), (pstart, pend), folder


def write_quarter_files(desk: QuarterDesk, actor: Actor, year: int, quarter: int, out_dir: str | Path, *,
                        mask: bool = True, progress: Progress | None = None, cancelled: Cancelled | None = None,
                        on_file: Callable[[Path], None] | None = None) -> list[Path]:
    """The workbook, then the PDF of the same figures beside it; returns both paths, the workbook's first.

    One pass over the quarter (the workbook's) and one over the previous quarter: the PDF is drawn from
    the figures the workbook counted, never from a second pass. Progress runs over both files; the same
    rules as each export alone (masking, atomic files, one audit entry per file). `on_file(path)` is
    called as each file is in place (the workbook stands even if the PDF then fails)."""
    def on_workbook(done: int, total: int, phase: str = "") -> None:  # the PDF's share: the last 1/30
        if progress is not None:
            progress(done, total + max(total // 30, 1))

    wb = write_workbook(desk, actor, year, quarter, out_dir, mask, on_workbook if progress else None, cancelled)
    if on_file is not None:
        on_file(wb.path)
    pdf = write_quarter_pdf(desk, actor, year, quarter, wb.path.parent, mask, wb.kpis, wb.previous, wb.as_of,
                            cancelled)
    if on_file is not None:
        on_file(pdf)
    if progress is not None:
        progress(1, 1)
    return [wb.path, pdf]


@dataclass(frozen=True)
class Written:
    path: Path
    kpis: QuarterKpis
    previous: QuarterKpis
    as_of: datetime


def write_workbook(desk: QuarterDesk, actor: Actor, year: int, quarter: int, out_dir: str | Path, mask: bool,
                   progress: Progress | None, cancelled: Cancelled | None) -> Written:
    """热线季度分析-YYYYQn.xlsx in `out_dir`, then its audit row ("export_quarterly")."""
    from ..reports import ExportCancelled
    from ..reports.atomic_file import atomic_write
    from ..reports.quarterly_xlsx import QuarterlyInfo, write_quarterly_xlsx

    tz = desk.tz
    (start, end), (py, pq), (pstart, pend), folder = prepare_quarter_export(tz, actor, year, quarter, out_dir,
                                                                            mask)
    final = folder / quarterly_file_name(year, quarter, mask=mask)
    now = desk.now()
    with desk.read() as reads:
        info = QuarterlyInfo(year=year, quarter=quarter, start=start, end=end, tz=tz, as_of=now,
                             generated_by=actor.display_name, mask=mask, previous_label=quarter_label(py, pq),
                             category_codes=rr.desk_category_codes(reads),
                             request_type_names=rr.request_type_names(reads))
        # Progress runs over both passes: the previous quarter's figures
        # (one unit a ticket), then the workbook (see write_quarterly_xlsx).
        prev_n = rr.count_tickets(reads, pstart, pend, include_void=True)
        total = rr.count_tickets(reads, start, end)
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
        previous = period_kpis(reads, pstart, pend, tz, now, tick)
        workbook_progress: Progress | None = shifted if progress is not None else None
        with atomic_write(final) as fh:
            kpis = write_quarterly_xlsx(fh, info, rr.period_tickets(reads, start, end),  # type: ignore[arg-type]
                                        rr.period_missed_calls(reads, start, end), previous,
                                        total=total, progress=workbook_progress, cancelled=cancelled,
                                        unit_steps=unit_step_counts(rr.period_unit_steps(reads, start, end)),
                                        calls=rr.period_added_calls(reads, start, end))
    desk.audit(actor, "export_quarterly", {"year": year, "quarter": quarter, "mask": mask, "file": final.name,
                                           "tickets": kpis.received})
    return Written(final, kpis, previous, now)


def write_quarter_pdf(desk: QuarterDesk, actor: Actor, year: int, quarter: int, folder: Path, mask: bool,
                      kpis: QuarterKpis, previous: QuarterKpis, now: datetime, cancelled: Cancelled | None) -> Path:
    """热线季度分析-YYYYQn.pdf in `folder` from figures already counted, then its audit row
    ("export_quarterly_pdf")."""
    from ..reports.atomic_file import atomic_write
    from ..reports.quarterly_pdf import QuarterlyPdfInfo, build_quarterly_pdf

    final = folder / quarterly_pdf_name(year, quarter, mask=mask)
    with desk.read() as reads:
        name = rr.setting(reads, "desk_name", "").strip() or DEFAULT_DESK_NAME
    info = QuarterlyPdfInfo(desk_name=name, year=year, quarter=quarter, tz=desk.tz, as_of=now,
                            generated_by=actor.display_name, mask=mask)
    with atomic_write(final) as fh:
        pages = build_quarterly_pdf(kpis, info, fh, previous=previous, cancelled=cancelled)
    desk.audit(actor, "export_quarterly_pdf", {"year": year, "quarter": quarter, "mask": mask, "file": final.name,
                                               "tickets": kpis.received, "pages": pages})
    return final
