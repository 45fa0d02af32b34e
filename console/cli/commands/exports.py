"""`export quarterly|shift-log|street|open311`: the reports and sheets, each path printed on its own line."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ...domain.errors import ValidationError
from ..acting import actor_for, system_actor
from ..context import Ctx, open_desk, require_existing, sqlite_path
from ..progress import Progress


def cmd_export_street(args, ctx: Ctx) -> int:
    """The street sheet (社区, 网格, 网格员, 网格员电话), for another desk's `import street`."""
    from ...services.imports.street import export_street_xlsx
    from ...services.shift_log import default_exports_dir

    out = Path(args.out).expanduser() if args.out else Path(default_exports_dir()) / "street.xlsx"
    desk = open_desk(ctx)
    try:
        n = export_street_xlsx(desk, out)
    finally:
        desk.db.dispose()
    print(out, file=ctx.out, flush=True)
    ctx.note(f"已写入 {n} 行。", f"{n} row(s) written.")
    return 0


def cmd_export_quarterly(args, ctx: Ctx) -> int:
    if not 1 <= args.quarter <= 4:
        raise ValidationError(f"季度必须是 1 到 4，不是 {args.quarter}。",
                              f"The quarter must be 1 to 4, not {args.quarter}.")
    if not 2000 <= args.year <= 2100:
        raise ValidationError(f"年份 {args.year} 不对：应在 2000 到 2100 之间。",
                              f"The year {args.year} is not valid: it must be 2000 to 2100.")
    from ...services.shift_log_files import default_exports_dir

    out = args.out or default_exports_dir()
    progress = Progress(ctx, "导出季度分析", "Exporting")
    if not args.no_mask and not (getattr(args, "user", None) or "").strip():
        paths = _quarterly_lite(args, ctx, out, progress)
        if paths is not None:
            return 0
    from ...services.exports import export_quarterly_files

    desk = open_desk(ctx)
    try:
        actor = actor_for(ctx, desk, args, needs_user=args.no_mask)
        # one pass over the quarter for both files; each path printed as its file is in place
        # (the workbook stands there even if the PDF then fails)
        export_quarterly_files(desk, actor, args.year, args.quarter, out, mask=not args.no_mask,
                               progress=progress, on_file=lambda p: print(p, file=ctx.out, flush=True))
    finally:
        desk.db.dispose()
    return 0


def _quarterly_lite(args, ctx: Ctx, out: str | Path, progress: Progress) -> list[Path] | None:
    """A masked export acting as the system, on a SQLite desk at the schema head: written without importing
    SQLAlchemy (services.quarterly_lite; the same files and audit rows); None when the desk is anything else."""
    p = sqlite_path(ctx.target)
    if p is None:
        return None
    require_existing(ctx)  # a missing or empty file: today's message, before anything is opened
    from ...domain.clock import SystemClock
    from ...services.quarterly_lite import export_quarterly_files_lite

    return export_quarterly_files_lite(p, ctx.display, system_actor(), SystemClock(), args.year, args.quarter, out,
                                       progress=progress, on_file=lambda f: print(f, file=ctx.out, flush=True))


def cmd_export_bulletin(args, ctx: Ctx) -> int:
    """The monthly or quarterly bulletin: workbook and PDF, each path on its own line."""
    from ...domain.bulletin import Period
    from ...services.bulletins import export_bulletin
    from ...services.shift_log import default_exports_dir

    period = Period(args.year, args.month, args.quarter)  # a bad month or quarter: one line, nothing read
    desk = open_desk(ctx)
    try:
        files = export_bulletin(desk, actor_for(ctx, desk, args, needs_user=False), period,
                                args.out or default_exports_dir(),
                                progress=Progress(ctx, f"导出{period.kind_zh}", "Exporting the bulletin"),
                                lang=ctx.lang)
    finally:
        desk.db.dispose()
    print(files.workbook, file=ctx.out, flush=True)
    print(files.pdf, file=ctx.out, flush=True)
    return 0


def cmd_export_shift_log(args, ctx: Ctx) -> int:
    if args.date is not None:
        try:
            date.fromisoformat(args.date)
        except ValueError:
            raise ValidationError(f"日期“{args.date}”不对，应写成 YYYY-MM-DD。",
                                  f"The date {args.date!r} is not valid; write YYYY-MM-DD.") from None
    if not args.no_mask and not (getattr(args, "user", None) or "").strip():
        path = _shift_log_lite(args, ctx)
        if path is not None:
            print(path, file=ctx.out, flush=True)
            return 0
    from ...services.shift_log import export_shift_log

    desk = open_desk(ctx)
    try:
        actor = actor_for(ctx, desk, args, needs_user=args.no_mask)
        if args.shift is not None:
            path = export_shift_log(desk, actor, shift_id=args.shift, out=args.out,
                                    mask=not args.no_mask, full_backlog=args.full_backlog)
        else:
            path = export_shift_log(desk, actor, day=date.fromisoformat(args.date), night=bool(args.night),
                                    out=args.out, mask=not args.no_mask, full_backlog=args.full_backlog)
    finally:
        desk.db.dispose()
    print(path, file=ctx.out, flush=True)
    return 0


def _shift_log_lite(args, ctx: Ctx) -> Path | None:
    """A masked log acting as the system, on a SQLite desk at the schema head: written without importing
    SQLAlchemy (services.shift_log_lite; the same PDF and audit row); None when the desk is anything else."""
    p = sqlite_path(ctx.target)
    if p is None:
        return None
    require_existing(ctx)  # a missing or empty file: today's message, before anything is opened
    from ...domain.clock import SystemClock
    from ...services.shift_log_lite import export_shift_log_lite

    day = date.fromisoformat(args.date) if args.shift is None else None
    return export_shift_log_lite(p, ctx.display, system_actor(), SystemClock(), shift_id=args.shift, day=day,
                                 night=bool(args.night), out=args.out, full_backlog=args.full_backlog)


def _day(text: str, what_zh: str, what_en: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{what_zh}“{text}”不对，应写成 YYYY-MM-DD。",
                              f"The {what_en} {text!r} is not valid; write YYYY-MM-DD.") from None


def cmd_export_open311(args, ctx: Ctx) -> int:
    """The period's requests as Open311 GeoReport v2 JSON (console.services.open311)."""
    from ...domain.open311 import period_days

    first, last = period_days(_day(args.first, "开始日期", "start date"), _day(args.last, "结束日期", "end date"))
    from ...services.open311 import export_open311

    desk = open_desk(ctx)
    try:
        actor = actor_for(ctx, desk, args, needs_user=args.no_mask)
        done = export_open311(desk, actor, first, last, args.out, mask=not args.no_mask,
                              progress=Progress(ctx, "导出开放数据", "Exporting"))
    finally:
        desk.db.dispose()
    print(done.path, file=ctx.out, flush=True)
    ctx.note(f"已写入 {done.requests} 条服务请求。", f"{done.requests} service request(s) written.")
    return 0
