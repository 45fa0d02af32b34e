"""The monthly and quarterly bulletin (月报 / 季报): its figures, and the workbook and PDF a supervisor sends on.

One use case for the window and the command line alike. The figures are
console.domain.bulletin's, from three passes over the tickets — the period,
the one before (环比) and the same period a year earlier (同比) — each pass
also counting the bulletin's own figures (提前办结, the hot-spot matrix).
A bulletin holds no personal data (counts and rates only), so there is
nothing to mask; it is audited like every export.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ..domain.bulletin import MIN_SAMPLE, Bulletin, ExtrasBuilder, Period, PeriodFigures, returned_tickets
from ..domain.kpi_builder import unit_step_counts
from ..store import report_queries as rq
from ..util.progress import Progress
from .context import Actor, Desk, audit, get_setting
from .exports import Cancelled, period_kpis


@dataclass(frozen=True)
class BulletinFiles:
    workbook: Path
    pdf: Path


def _figures(s: Session, desk: Desk, period: Period, tick: Callable[[int], None] | None = None) -> PeriodFigures:
    from .desk_settings import limit

    tz = desk.tz
    start, end = period.bounds(tz)
    extras = ExtrasBuilder(start, end, limit(s, "early_percent") / 100.0)
    kpis = period_kpis(s, start, end, tz, desk.now(), tick, also=(extras.add,))
    steps = list(rq.period_unit_steps(s, start, end))
    return PeriodFigures(period, kpis, extras.result(unit_step_counts(steps), returned_tickets(steps)))


def bulletin_figures(desk: Desk, period: Period, *, min_sample: int = MIN_SAMPLE,
                     progress: Progress | None = None, cancelled: Cancelled | None = None) -> Bulletin:
    """The bulletin of `period`: its figures beside the period before and the same period a year earlier.

    `progress(done, total)` runs over the three passes (a unit a ticket); `cancelled()` stops between
    rows (reports.ExportCancelled)."""
    from ..reports import ExportCancelled

    periods = (period, period.previous(), period.year_ago())
    tz = desk.tz
    with desk.db.read() as s:
        sizes = [rq.count_tickets(s, *p.bounds(tz), include_void=True) for p in periods]
        total, done_before = max(sum(sizes), 1), 0
        figures = []
        for p, size in zip(periods, sizes, strict=True):
            def tick(i: int, base: int = done_before) -> None:
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                if progress is not None:
                    progress(base + i, total)

            figures.append(_figures(s, desk, p, tick))
            done_before += size
            tick(0, done_before)  # a pass shorter than the ticking interval still hears Cancel
    return Bulletin(figures[0], figures[1], figures[2], min_sample)


def export_bulletin(desk: Desk, actor: Actor, period: Period, out_dir: str | Path, *,
                    progress: Progress | None = None, cancelled: Cancelled | None = None,
                    lang: str = "zh_CN") -> BulletinFiles:
    """Write 热线月报-YYYY-MM (or 热线季报-YYYYQn) .xlsx and .pdf into `out_dir`: both or neither (a cancelled or
    failed export leaves no file), audited once. `lang`: the user's; an English user gets the bulletin's
    words and file names in English (hotline-bulletin-…), the desk's own names as entered."""
    from ..reports.atomic_file import atomic_write, ensure_folder
    from ..reports.bulletin_pdf import build_bulletin_pdf
    from ..reports.bulletin_xlsx import BulletinInfo, write_bulletin_xlsx
    from .reference_data import DEFAULT_DESK_NAME

    folder = Path(out_dir).expanduser()
    ensure_folder(folder)
    bulletin = bulletin_figures(desk, period, progress=progress, cancelled=cancelled)
    with desk.db.read() as s:
        name = get_setting(s, "desk_name", "").strip() or DEFAULT_DESK_NAME
        street = get_setting(s, "street_name", "").strip()
    info = BulletinInfo(desk_name=name, street=street, tz=desk.tz, as_of=desk.now(),
                        generated_by=actor.display_name, lang=lang)
    stem = period.file_stem_in(lang)
    workbook, pdf = folder / f"{stem}.xlsx", folder / f"{stem}.pdf"
    # both or neither: the workbook is put in place only once the PDF is written too
    with atomic_write(workbook) as book_fh, atomic_write(pdf) as pdf_fh:
        write_bulletin_xlsx(book_fh, bulletin, info)
        pages = build_bulletin_pdf(bulletin, info, pdf_fh, cancelled=cancelled)
    with desk.db.write() as s:
        audit(s, actor, desk.now(), "export_bulletin", "report", None, None,
              {"period": period.label, "files": [workbook.name, pdf.name], "tickets": bulletin.current.kpis.received,
               "pages": pages})
    return BulletinFiles(workbook, pdf)
