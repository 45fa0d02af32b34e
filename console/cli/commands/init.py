"""`init`: create or upgrade the database, with demo data if asked (services.maintenance.provision_desk)."""
from __future__ import annotations

from ...domain.errors import UserError
from ..context import Ctx, not_a_regular_file, sqlite_path
from ..progress import Progress


def _print_demo_summary(ctx: Ctx, summary) -> None:
    """How many tickets, and how to log in: the first thing a trainee needs."""
    n = getattr(summary, "tickets", None)
    if n is not None:
        ctx.say(f"已生成演示数据：{n} 张工单，{getattr(summary, 'units', '?')} 个承办单位。",
                f"Demo data built: {n} tickets, {getattr(summary, 'units', '?')} units.")
    accounts = getattr(summary, "accounts", ()) or ()
    password = getattr(summary, "password", None)
    if accounts and password:
        from ...domain.enums import Role

        def role(r: str) -> str:
            try:
                return Role(r).label(ctx.lang)
            except ValueError:
                return r

        names = ctx.t("、", ", ").join(f"{a.username}（{role(a.role)}）" if not ctx.en
                                        else f"{a.username} ({role(a.role)})" for a in accounts)
        ctx.say(f"演示账号：{names}；密码都是 {password}",
                f"Demo accounts: {names}; the password of each is {password}")


def create_database(ctx: Ctx, *, demo: bool = False, tickets: int | None = None, seed: int | None = None):
    """Create or migrate the database, seed reference data, and demo data if asked
    (services.maintenance.provision_desk), said on the terminal with progress."""
    from ...services.maintenance import provision_desk

    path = sqlite_path(ctx.target)
    odd = not_a_regular_file(path, "数据库文件", "a database file") if path is not None else None
    if odd is not None:
        raise odd
    if path is not None and not path.exists() and not path.parent.is_dir():
        raise UserError(f"文件夹不存在：{path.parent}", f"The folder does not exist: {path.parent}")
    progress = build_demo = None
    if demo:
        from ...demo.desk import PHASES, build_demo_desk

        build_demo = build_demo_desk
        progress = Progress(ctx, "生成演示数据…", "Building demo data…", total=tickets, phases=PHASES)
    try:
        done = provision_desk(ctx.target, demo=build_demo, tickets=tickets, seed=seed, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    for n in done.notes:
        ctx.note(n.message(ctx.lang), n.message(ctx.lang))
    if done.demo is not None:
        _print_demo_summary(ctx, done.demo)
    return done


def cmd_init(args, ctx: Ctx) -> int:
    from ...store.migrate import head_revision

    done = create_database(ctx, demo=args.init_demo, tickets=args.tickets, seed=args.seed)
    head = head_revision()
    if done.new:
        ctx.say(f"已创建数据库（结构 {head}）：{ctx.display}",
                f"Created the database (schema {head}): {ctx.display}")
    elif done.copy:
        ctx.say(f"已把数据库升级到结构 {head}：{ctx.display}；升级前的副本保存在 {done.copy}",
                f"Upgraded the database to schema {head}: {ctx.display}; the copy from before is {done.copy}")
    else:
        ctx.say(f"数据库已是最新结构（{head}）：{ctx.display}",
                f"The database is up to date (schema {head}): {ctx.display}")
    return 0
