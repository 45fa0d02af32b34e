"""`backup`, `restore`, `check` and `migrate-data`: looking after the database (services.maintenance)."""
from __future__ import annotations

import logging
from pathlib import Path

from ..context import Ctx, not_a_regular_file, open_db, open_desk, resolve_target, sqlite_path
from ..progress import Progress

log = logging.getLogger(__name__)


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
    actor = _restorer(args, ctx)
    # neither required to exist nor migrated: a damaged or missing desk file may be just what is restored
    db = open_db(ctx, migrate=False, must_exist=False)
    try:
        done = restore_desk(db, src, actor)
    finally:
        db.dispose()
    ctx.say(f"已用备份 {src} 恢复数据库 {done.target}（结构版本 {done.revision}）。",
            f"Restored {done.target} from the backup {src} (schema {done.revision}).")
    if done.replaced and sqlite:
        ctx.say(f"被替换的数据库保留为 {done.replaced}", f"The database it replaced is kept as {done.replaced}")
    elif done.replaced:
        ctx.say(f"被替换的数据库已导出为 {done.replaced}", f"The database it replaced was dumped to {done.replaced}")
    if done.upgraded_copy:
        ctx.note(f"备份的数据库结构较旧，已升级；升级前的副本保存在 {done.upgraded_copy}",
                 f"The backup's schema was older and was upgraded; the copy from before is {done.upgraded_copy}")
    return 0


def _restorer(args, ctx: Ctx):
    """Who restores: an administrator of the desk being replaced, checked against it — unless that desk cannot
    be read at all (missing, empty, damaged: just what a restore is for), when nobody can be checked and the
    restore runs as the system, the operating-system account noted in the restored desk's audit trail."""
    from ..acting import actor_for, system_actor

    try:
        desk = open_desk(ctx, migrate=False)
        desk.local_now()  # reads the desk's settings: a damaged file fails here, not in the check below
    except Exception:  # noqa: BLE001 - any reason the desk cannot be read is one the restore is for
        log.info("the desk to be replaced cannot be read; restoring as the system", exc_info=True)
        ctx.note("当前数据库无法读取，无法核对用户；以系统身份恢复（操作日志记下操作系统账号）。",
                 "The current database cannot be read, so no user can be checked; restoring as the system "
                 "(the audit trail notes the operating-system account).")
        return system_actor()
    try:
        return actor_for(ctx, desk, args)
    finally:
        desk.db.dispose()


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

    actor = _mover(args, ctx)
    report = migrate_desk(args.source, args.dest, actor, progress=Progress(ctx, "复制数据", "Copying"))
    ctx.say(f"已复制 {report.total} 行（{len(report.counts)} 张表，{report.seconds:.1f} 秒）："
            f"{report.source} → {report.target}，各表行数已核对。",
            f"Copied {report.total} rows ({len(report.counts)} tables, {report.seconds:.1f} s): "
            f"{report.source} → {report.target}; row counts verified.")
    return 0


def _mover(args, ctx: Ctx):
    """Who moves the desk: an administrator of the source desk (--user), checked against it. A source that does
    not exist or cannot be opened is left for migrate_desk to refuse in its own words."""
    from ...services.context import Desk
    from ...store.database import Database
    from ..acting import actor_for, system_actor

    source = resolve_target(args.source)
    if sqlite_path(source) is not None and not Path(source).is_file():
        return system_actor()  # refused by migrate_desk: "the source database does not exist"
    db = Database(source)
    try:
        return actor_for(ctx, Desk(db), args)
    finally:
        db.dispose()
