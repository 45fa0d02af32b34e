"""`backup`, `restore`, `check` and `migrate-data`: looking after the database (services.maintenance)."""
from __future__ import annotations

from pathlib import Path

from ..context import Ctx, not_a_regular_file, open_db, sqlite_path
from ..progress import Progress


def cmd_backup(args, ctx: Ctx) -> int:
    from ...services.maintenance import backup_desk

    db = open_db(ctx, migrate=False, must_exist=sqlite_path(ctx.target) is not None)
    try:
        path = backup_desk(db, Path(args.out) if args.out else None)
    finally:
        db.dispose()
    print(str(path), file=ctx.out, flush=True)
    return 0


def cmd_restore(args, ctx: Ctx) -> int:
    from ...services.maintenance import restore_desk

    src = Path(args.file).expanduser().absolute()
    odd = not_a_regular_file(src, "备份文件", "a backup file")
    if odd is not None:
        raise odd
    sqlite = sqlite_path(ctx.target) is not None
    # neither required to exist nor migrated: a damaged or missing desk file may be just what is restored
    db = open_db(ctx, migrate=False, must_exist=False)
    try:
        done = restore_desk(db, src)
    finally:
        db.dispose()
    ctx.say(f"已用备份 {src} 恢复数据库 {done.target}（结构版本 {done.revision}）。",
            f"Restored {done.target} from the backup {src} (schema {done.revision}).")
    if done.replaced and sqlite:
        ctx.say(f"被替换的数据库保留为 {done.replaced}", f"The database it replaced is kept as {done.replaced}")
    elif done.replaced:
        ctx.say(f"被替换的数据库已导出为 {done.replaced}", f"The database it replaced was dumped to {done.replaced}")
    open_db(ctx, migrate=True, must_exist=False).dispose()  # an older backup is brought to this schema
    return 0


def check_problems(ctx: Ctx) -> tuple[list, str | None]:
    """(problems, revision) of the database named by ctx; [] means healthy."""
    from ...services.maintenance import check_desk

    return check_desk(ctx.target)


def cmd_check(args, ctx: Ctx) -> int:
    problems, revision = check_problems(ctx)
    if problems:
        ctx.note(f"检查发现 {len(problems)} 个问题（{ctx.display}）：",
                 f"The check found {len(problems)} problem(s) ({ctx.display}):")
        for p in problems:
            print(f"  - {p.message(ctx.lang)}", file=ctx.err)
        ctx.err.flush()
        return 1
    if sqlite_path(ctx.target) is not None:
        ctx.say(f"检查通过：{ctx.display} 完整，外键一致，结构版本 {revision} 是最新的，每张未办结工单都有办结时限。",
                f"Check passed: {ctx.display} is intact, foreign keys hold, schema {revision} is the latest, "
                "every open ticket has its resolution deadline.")
    else:
        ctx.say(f"检查通过：{ctx.display} 结构版本 {revision} 是最新的，每张未办结工单都有办结时限。",
                f"Check passed: {ctx.display} has the latest schema {revision}; every open ticket has its "
                "resolution deadline.")
    return 0


def cmd_migrate_data(args, ctx: Ctx) -> int:
    """Copy a whole desk into an empty database (SQLite ↔ PostgreSQL), counts checked."""
    from ...services.maintenance import migrate_desk

    report = migrate_desk(args.source, args.dest, progress=Progress(ctx, "复制数据", "Copying"))
    ctx.say(f"已复制 {report.total} 行（{len(report.counts)} 张表，{report.seconds:.1f} 秒）："
            f"{report.source} → {report.target}，各表行数已核对。",
            f"Copied {report.total} rows ({len(report.counts)} tables, {report.seconds:.1f} s): "
            f"{report.source} → {report.target}; row counts verified.")
    return 0
