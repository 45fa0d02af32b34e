"""`import units|tickets|street`: read a spreadsheet, report its bad rows by row number."""
from __future__ import annotations

from pathlib import Path

from ...domain.errors import UserError
from ..acting import actor_for
from ..context import Ctx, not_a_regular_file, open_desk
from ..progress import Progress


def cmd_import_units(args, ctx: Ctx) -> int:
    from ...services.imports.units import import_units_file

    return run_import(args, ctx, import_units_file, "单位", "units")


def run_import(args, ctx: Ctx, importer, what_zh: str, what_en: str) -> int:
    """Run an importer, as the user named by --user, and report its bad rows (row number and reason)."""
    path = Path(args.file).expanduser()
    odd = not_a_regular_file(path, "表格文件", "a spreadsheet file")
    if odd is not None:
        raise odd
    if not path.is_file():
        raise UserError(f"文件不存在：{path}", f"The file does not exist: {path}")
    desk = open_desk(ctx)
    try:
        actor = actor_for(ctx, desk, args)
    except BaseException:
        desk.db.dispose()
        raise
    kw = {}
    import inspect  # here, not at the top: ≈ 10 ms the window's start need not pay

    params = inspect.signature(importer).parameters
    if "progress" in params:  # a big sheet takes minutes: show it moving
        kw["progress"] = Progress(ctx, f"导入{what_zh}", f"Importing {what_en}", phases={
            "read": ("读取并检查表格", "reading and checking the sheet"),
            "stage": ("准备要写入的数据（其他席位照常保存）", "preparing the rows (other seats keep saving)"),
            "write": ("写入数据库", "writing to the database")})
    if getattr(args, "add_missing", False):
        kw["add_missing"] = True
    if "before_write" in params:  # what --add-missing will create, said before anything is written
        def before_write(plan) -> None:
            text = plan.missing.summary(ctx.lang) if getattr(plan, "missing", None) else ""
            if text:
                print(text, file=ctx.out, flush=True)
        kw["before_write"] = before_write
    try:
        report = importer(desk, actor, path, good_rows_only=args.good_rows, **kw)
    finally:
        if "progress" in kw:
            kw["progress"].finish()
        desk.db.dispose()
    return print_import_report(ctx, report, args.good_rows, what_zh, what_en)


def print_import_report(ctx: Ctx, report, good_rows: bool, what_zh: str, what_en: str) -> int:
    """The importer's summary and its bad rows (row number and reason), one per line.

    Exit 1 when the file had errors and --good-rows was not given (then
    nothing was imported); the summary goes to stderr in that case.
    """
    bad = list(getattr(report, "errors", None) or [])
    failed = bool(bad) and not good_rows
    message = getattr(report, "message", None)
    if callable(message):
        text = message(ctx.lang)
    else:
        lines = [e.message(ctx.lang) if hasattr(e, "message") else str(e) for e in bad]
        text = "\n".join([ctx.t(f"导入完成：{what_zh}。", f"Import finished: {what_en}."), *lines])
    print(text, file=ctx.err if failed else ctx.out, flush=True)
    if any(getattr(e, "missing", False) for e in bad):
        ctx.note("文件中提到的社区、单位或分类本台还没有：加 --add-missing 可在导入时一并新建（先列出，同一事务）。",
                 "The file names communities, units or categories this desk lacks: add --add-missing to "
                 "create them with the import (listed first, one transaction).")
    if failed:
        ctx.note("改正后重试，或加 --good-rows 只导入正确的行。",
                 "Fix the rows and try again, or add --good-rows to import only the good rows.")
    return 1 if failed else 0


def cmd_import_tickets(args, ctx: Ctx) -> int:
    from ...services.imports.tickets import import_tickets_file

    return run_import(args, ctx, import_tickets_file, "热线单", "tickets")


def cmd_import_street(args, ctx: Ctx) -> int:
    from ...services.imports.street import import_street_file

    return run_import(args, ctx, import_street_file, "社区和网格", "communities and grids")
