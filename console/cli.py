"""The command line: `hotline-console <command> …` (DESIGN.md, "Command line").

Scripts and tests rely on this contract: exit 0 on success, 1 with a
one-line message on a user error, 2 on bad usage (argparse). Messages are
Chinese unless `--lang en`. Nothing here catches unexpected exceptions:
console.app.main is the one place that turns them into a log entry and one
line for the user.

Every command works through the services (console.services.*) and the
store's queries, like the window does, so the answers are the same.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from .domain.errors import UserError, ValidationError

ROLES = ("operator", "supervisor", "admin")


# --- output --------------------------------------------------------------------


@dataclass
class Ctx:
    """What a command needs besides its arguments: language, streams, the database named."""

    lang: str = "zh_CN"
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    target: str = ""   # the database as given (path or URL); never printed when a URL
    display: str = ""  # the database for messages: the path, or the URL without password

    @property
    def en(self) -> bool:
        return self.lang.startswith("en")

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh

    def say(self, zh: str, en: str) -> None:
        print(self.t(zh, en), file=self.out, flush=True)

    def note(self, zh: str, en: str) -> None:
        print(self.t(zh, en), file=self.err, flush=True)


def lang_type(value: str) -> str:
    v = (value or "").strip()
    if v.lower().startswith("en"):
        return "en"
    if v.lower().startswith("zh"):
        return "zh_CN"
    raise argparse.ArgumentTypeError(f"unknown language {value!r} (zh_CN or en)")


# --- which database ---------------------------------------------------------------


def resolve_target(cli_db: str | None, demo: bool = False) -> str:
    """--db, else HOTLINE_DB, else the demo or the default database in the data folder."""
    from . import paths

    for t in (cli_db, os.environ.get("HOTLINE_DB")):
        if t and t.strip():
            t = t.strip()
            if is_url(t):
                t = checked_url(t)  # a sqlite:/// URL comes back as its path, checked like one
            return t if is_url(t) else str(Path(t).expanduser().absolute())
    return str(paths.demo_db_path() if demo else paths.default_db_path())


def checked_url(target: str) -> str:
    """A database URL this program can open, or a UserError saying what to write instead.

    PostgreSQL through psycopg is the only server; a ``sqlite:///PATH`` URL is
    returned as PATH, so the checks a path gets (must exist, not a folder, not
    empty) apply to it too. Without this a typo or another driver reached the
    user as "Something went wrong: ModuleNotFoundError …" and a sqlite URL to
    a missing file silently made a new, empty desk.
    """
    from .store.database import masked_url

    shown = masked_url(target)
    usage_zh = "请写数据库文件的路径，或 postgresql+psycopg://用户名:密码@主机:端口/数据库名"
    usage_en = "give a database file path, or postgresql+psycopg://user:password@host:port/database"
    try:
        from sqlalchemy.engine import make_url

        url = make_url(target)
        url.port  # noqa: B018 - a malformed port only shows when read
    except Exception:  # noqa: BLE001 - any parse failure is the same mistake for the user
        raise UserError(f"数据库地址格式不对：{shown}。{usage_zh}。",
                        f"The database URL is malformed: {shown}; {usage_en}.") from None
    backend, _, driver = url.drivername.lower().partition("+")
    if backend in ("postgresql", "postgres") and driver in ("", "psycopg"):
        return target
    if backend == "sqlite" and driver in ("", "pysqlite"):
        db = url.database or ""
        if not db or db == ":memory:" or db.startswith("file:"):
            raise UserError(f"数据库地址没有指明文件：{shown}。{usage_zh}。",
                            f"The database URL names no file: {shown}; {usage_en}.")
        return target if url.query else db
    raise UserError(f"不支持这种数据库地址：{shown}。{usage_zh}。",
                    f"This kind of database URL is not supported: {shown}; {usage_en}.")


def is_url(target: str) -> bool:
    """Same rule as console.store.database.is_url, without loading SQLAlchemy for every command."""
    return "://" in target


def set_target(ctx: Ctx, target: str) -> None:
    display = target
    if is_url(target):
        from .store.database import masked_url

        display = masked_url(target)
    ctx.target, ctx.display = target, display


def sqlite_path(target: str) -> Path | None:
    if is_url(target):
        return None
    return Path(target).expanduser().absolute()


def not_a_regular_file(p: Path, zh_what: str, en_what: str) -> UserError | None:
    """A message when `p` exists but is a folder or a device rather than a file (else None).

    "does not exist" for a folder sends the operator looking for something
    that is plainly there.
    """
    if p.is_dir():
        return UserError(f"“{p}”是一个文件夹，不是{zh_what}。请写出文件夹里的文件名。",
                         f"'{p}' is a folder, not {en_what}; name the file inside it.")
    if p.exists() and not p.is_file():
        return UserError(f"“{p}”不是普通文件，不能用作{zh_what}。",
                         f"'{p}' is not a regular file and cannot be used as {en_what}.")
    return None


def require_existing(ctx: Ctx) -> None:
    """The SQLite file named exists and is a non-empty regular file (a UserError saying what it is otherwise)."""
    p = sqlite_path(ctx.target)
    if p is None:
        return
    odd = not_a_regular_file(p, "数据库文件", "a database file")
    if odd is not None:
        raise odd
    if not p.is_file():
        raise UserError(
            f"数据库文件不存在：{p}。请先运行 hotline-console init，或用 --db 指定数据库。",
            f"The database file does not exist: {p}. Run hotline-console init first, "
            "or name the database with --db.")
    try:
        empty = p.stat().st_size == 0
    except OSError:
        empty = False  # unreadable: opening it gives the precise message
    if empty:  # e.g. a copy that failed half-way; only `init` may turn it into a new desk
        raise UserError(
            f"数据库文件是空的（0 字节）：{p}。新建值班台请运行 hotline-console init；"
            "如果这里原本有数据，请用 hotline-console restore 从备份恢复。未做任何改动。",
            f"The database file is empty (0 bytes): {p}. To start a new desk run hotline-console init; "
            "if it held data, bring back a backup with hotline-console restore. Nothing was changed.")


def open_db(ctx: Ctx, *, migrate: bool = True, must_exist: bool = True):
    """The Database named by ctx, brought to the current schema (with a copy first)."""
    if must_exist:
        require_existing(ctx)
    from .store.database import Database
    from .store.migrate import ensure_schema

    db = Database(ctx.target)
    if migrate:
        try:
            copy = ensure_schema(db)
        except BaseException:
            db.dispose()
            raise
        if copy:
            ctx.note(f"已升级数据库结构；升级前的副本保存在 {copy}",
                     f"The database schema was upgraded; the copy from before is {copy}")
    return db


def open_desk(ctx: Ctx, **kw):
    from .services.context import Desk

    return Desk(open_db(ctx, **kw))


# --- progress on the terminal ---------------------------------------------------


class Progress:
    """A progress callback for long jobs: one updating line on a terminal, every 10 % otherwise.

    Called as the one progress protocol, `progress(done, total, phase="")`
    (console.util.progress); phase codes are shown by their `phases` label.
    """

    def __init__(self, ctx: Ctx, label_zh: str, label_en: str, total: int | None = None,
                 stream: TextIO | None = None, phases: dict[str, tuple[str, str]] | None = None):
        self.stream = stream or ctx.err
        self.label = ctx.t(label_zh, label_en)
        self.total = total
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.phases = {k: ctx.t(*v) for k, v in (phases or {}).items()}  # phase code -> label
        self._last_decile = -1
        self._last_phase = None
        self._last_shown = ""
        self._open_line = False
        self._last_time = 0.0  # when a line without a fraction was last printed (not a terminal)

    def __call__(self, done: int, total: int = 0, phase: str = "") -> None:
        total = total or self.total or 0  # 0: the job does not know; the constructor's hint may
        label: str | None = phase or None
        if label != self._last_phase:  # a new phase counts its own 0–100 %
            self._last_phase, self._last_decile = label, -1
        label = self.phases.get(label, label) if label is not None else None
        frac = None if not total else max(0.0, min(1.0, done / total))
        pct = "" if frac is None else f"{frac * 100:3.0f}%"
        count = f" ({done}/{total})" if total else f" ({done})"
        text = f"{self.label} {pct}{count}" + (f" {label}" if label else "")
        try:
            if self.tty:
                if text != self._last_shown:  # spaces, not ANSI codes: old Windows consoles show those raw
                    pad = max(0, _display_width(self._last_shown) - _display_width(text))
                    self.stream.write("\r" + text + " " * pad)
                    self.stream.flush()
                    self._open_line = True
            else:
                decile = -1 if frac is None else int(frac * 10 + 1e-9)
                if decile > self._last_decile:
                    self._last_decile = decile
                    print(text, file=self.stream, flush=True)
                elif frac is None and time.monotonic() - self._last_time >= 5:
                    print(text, file=self.stream, flush=True)  # no total known: a count every 5 s
                    self._last_time = time.monotonic()
        except (OSError, ValueError):
            pass  # a closed terminal must not stop the job
        self._last_shown = text

    def finish(self) -> None:
        if self.tty and self._open_line:
            try:
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self._open_line = False


# --- init ---------------------------------------------------------------------------


def _print_demo_summary(ctx: Ctx, summary) -> None:
    """How many tickets, and how to log in: the first thing a trainee needs."""
    n = getattr(summary, "tickets", None)
    if n is not None:
        ctx.say(f"已生成演示数据：{n} 张工单，{getattr(summary, 'units', '?')} 个承办单位。",
                f"Demo data built: {n} tickets, {getattr(summary, 'units', '?')} units.")
    accounts = getattr(summary, "accounts", ()) or ()
    password = getattr(summary, "password", None)
    if accounts and password:
        from .domain.enums import Role

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
    from .services.maintenance import provision_desk

    path = sqlite_path(ctx.target)
    odd = not_a_regular_file(path, "数据库文件", "a database file") if path is not None else None
    if odd is not None:
        raise odd
    if path is not None and not path.exists() and not path.parent.is_dir():
        raise UserError(f"文件夹不存在：{path.parent}", f"The folder does not exist: {path.parent}")
    progress = build_demo = None
    if demo:
        from .demo.desk import PHASES, build_demo_desk

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
    from .store.migrate import head_revision

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


def _check_count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def _check_id(value: str) -> int:
    """A row id (--shift): a whole number SQLite can hold; a huge one is "no such shift", not a crash."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not -2 ** 63 <= n <= 2 ** 63 - 1:
        raise argparse.ArgumentTypeError(f"no shift has the number {value}")
    return n


# --- due ------------------------------------------------------------------------------


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))


def _duration(ctx: Ctx, minutes: int) -> str:
    d, rest = divmod(minutes, 1440)
    h, m = divmod(rest, 60)
    if ctx.en:
        parts = [f"{d} d" if d else "", f"{h} h" if h else "", f"{m} min" if m or not (d or h) else ""]
        return " ".join(p for p in parts if p)
    parts = [f"{d} 天" if d else "", f"{h} 小时" if h else "", f"{m} 分钟" if m or not (d or h) else ""]
    return " ".join(p for p in parts if p)


def due_rows(desk, now: datetime) -> list[dict]:
    """The due queue as plain dicts (the --json objects)."""
    from .domain.enums import DeadlineKind
    from .domain.phone import mask_phone
    from .store.queries import due_queue

    with desk.db.read() as s:
        items = due_queue(s, now)
    rows = []
    for it in items:
        seconds = (now - it.due_at).total_seconds()
        overdue = seconds >= 0
        try:
            kind = DeadlineKind(it.kind)
            labels = (kind.zh, kind.en)
        except ValueError:
            labels = (it.kind, it.kind)
        snoozed = it.snoozed_until if it.snoozed_until and it.snoozed_until > now else None
        rows.append({
            "deadline_id": it.deadline_id,
            "kind": it.kind,
            "kind_zh": labels[0],
            "kind_en": labels[1],
            "ticket": it.ticket_number,
            "ticket_id": it.ticket_id,
            "missed_call_id": it.missed_call_id,
            "due_at": desk.local(it.due_at).isoformat(timespec="seconds"),
            "overdue": overdue,
            "overdue_minutes": int(seconds // 60) if overdue else 0,
            "minutes_left": 0 if overdue else math.ceil(-seconds / 60),
            "snoozed_until": desk.local(snoozed).isoformat(timespec="seconds") if snoozed else None,
            "unit": it.unit,
            "category": it.category,
            "caller": mask_phone(it.phone) if it.phone else "",
        })
    return rows


def cmd_due(args, ctx: Ctx) -> int:
    desk = open_desk(ctx)
    try:
        now = desk.now()
        rows = due_rows(desk, now)
        if args.json:
            import json  # here, not at the top: the window starts through this module too

            print(json.dumps(rows, ensure_ascii=False, indent=2), file=ctx.out, flush=True)
            return 0
        if not rows:
            ctx.say("现在没有到期或一小时内到期的事项。", "Nothing is due or overdue in the next hour.")
            return 0
        head = [ctx.t("工单号", "Ticket"), ctx.t("类型", "Kind"), ctx.t("到期时间", "Due"),
                ctx.t("状态", "State"), ctx.t("承办单位", "Unit"), ctx.t("来电号码", "Caller")]
        table = [head]
        for r in rows:
            if r["overdue"]:
                state = (ctx.t("刚到期", "just due") if r["overdue_minutes"] == 0 else
                         ctx.t(f"逾期 {_duration(ctx, r['overdue_minutes'])}",
                               f"{_duration(ctx, r['overdue_minutes'])} overdue"))
            else:
                state = ctx.t(f"还有 {_duration(ctx, r['minutes_left'])}",
                              f"in {_duration(ctx, r['minutes_left'])}")
            if r["snoozed_until"]:
                until = datetime.fromisoformat(r["snoozed_until"]).strftime("%H:%M")
                state += ctx.t(f"（暂缓至 {until}）", f" (snoozed to {until})")
            table.append([
                r["ticket"] or ctx.t("未接来电", "missed call"),
                r["kind_en"] if ctx.en else r["kind_zh"],
                datetime.fromisoformat(r["due_at"]).strftime("%m-%d %H:%M"),
                state,
                r["unit"] or "—",
                r["caller"] or "—",
            ])
        widths = [max(_display_width(row[i]) for row in table) for i in range(len(head))]
        for row in table:
            print("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=False)).rstrip(), file=ctx.out)
        ctx.out.flush()
        return 0
    finally:
        desk.db.dispose()


# --- user add ---------------------------------------------------------------------------


def read_password(ctx: Ctx, stdin: TextIO | None = None,
                  getpass: Callable[[str], str] | None = None) -> str:
    """Asked twice on a terminal; one line from stdin otherwise (scripts, tests)."""
    stdin = stdin or sys.stdin
    if stdin is not None and getattr(stdin, "isatty", lambda: False)():
        if getpass is None:
            from getpass import getpass
        first = getpass(ctx.t("新密码：", "New password: "))
        second = getpass(ctx.t("再输入一次：", "Repeat it: "))
        if first != second:
            raise ValidationError("两次输入的密码不一致，未添加用户。",
                                  "The two passwords differ; no user was added.")
        return first
    try:
        line = stdin.readline() if stdin is not None else ""
        line.encode("utf-8")  # undecodable bytes arrive as surrogates and fail only when hashed
    except UnicodeError:
        raise ValidationError("读到的密码不是 UTF-8 编码的文字，未添加用户：请用 UTF-8 送入密码，或在终端中运行。",
                              "The password read is not UTF-8 text; no user was added. Pipe it as UTF-8, "
                              "or run this in a terminal.") from None
    if not line:
        raise ValidationError("没有读到密码：请在终端中运行，或从标准输入送入一行密码。",
                              "No password was read: run this in a terminal, or pipe one line with "
                              "the password into standard input.")
    return line.rstrip("\r\n")


def cmd_user_add(args, ctx: Ctx) -> int:
    from .domain.enums import Role
    from .services.accounts import add_user
    from .services.context import Actor

    desk = open_desk(ctx)
    try:
        password = read_password(ctx)
        add_user(desk, Actor.system(), args.name, password, args.role, args.display_name or "")
        role = Role(args.role)
        ctx.say(f"已添加用户 {args.name.strip()}（{role.zh}）。",
                f"Added user {args.name.strip()} ({role.en}).")
        return 0
    finally:
        desk.db.dispose()


# --- backup, restore, check ---------------------------------------------------------------


def cmd_backup(args, ctx: Ctx) -> int:
    from .services.maintenance import backup_desk

    db = open_db(ctx, migrate=False, must_exist=sqlite_path(ctx.target) is not None)
    try:
        path = backup_desk(db, Path(args.out) if args.out else None)
    finally:
        db.dispose()
    print(str(path), file=ctx.out, flush=True)
    return 0


def cmd_restore(args, ctx: Ctx) -> int:
    from .services.maintenance import restore_desk

    src = Path(args.file).expanduser().absolute()
    odd = not_a_regular_file(src, "备份文件", "a backup file")
    if odd is not None:
        raise odd
    sqlite = sqlite_path(ctx.target) is not None
    if sqlite:  # not through open_db: a damaged or missing desk file may be just what is restored
        from .store.database import Database

        db = Database(ctx.target)
    else:
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
    from .services.maintenance import check_desk

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
        ctx.say(f"检查通过：{ctx.display} 完整，外键一致，结构版本 {revision} 是最新的。",
                f"Check passed: {ctx.display} is intact, foreign keys hold, schema {revision} is the latest.")
    else:
        ctx.say(f"检查通过：{ctx.display} 结构版本 {revision} 是最新的。",
                f"Check passed: {ctx.display} has the latest schema {revision}.")
    return 0


# --- later issues: the argument shapes are fixed now ---------------------------------------


def cmd_import_units(args, ctx: Ctx) -> int:
    from .services.imports.units import import_units_file

    return run_import(args, ctx, import_units_file, "单位", "units")


def run_import(args, ctx: Ctx, importer, what_zh: str, what_en: str) -> int:
    """Run an importer and report its bad rows (row number and reason)."""
    from .services.context import Actor

    path = Path(args.file).expanduser()
    odd = not_a_regular_file(path, "表格文件", "a spreadsheet file")
    if odd is not None:
        raise odd
    if not path.is_file():
        raise UserError(f"文件不存在：{path}", f"The file does not exist: {path}")
    desk = open_desk(ctx)
    kw = {}
    import inspect  # here, not at the top: ≈ 10 ms the window's start need not pay

    params = inspect.signature(importer).parameters
    if "progress" in params:  # a big sheet takes minutes: show it moving
        kw["progress"] = Progress(ctx, f"导入{what_zh}", f"Importing {what_en}", phases={
            "read": ("读取并检查表格", "reading and checking the sheet"),
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
        report = importer(desk, Actor.system(), path, good_rows_only=args.good_rows, **kw)
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
    from .services.imports.tickets import import_tickets_file

    return run_import(args, ctx, import_tickets_file, "热线单", "tickets")


def cmd_import_street(args, ctx: Ctx) -> int:
    from .services.imports.street import import_street_file

    return run_import(args, ctx, import_street_file, "社区和网格", "communities and grids")


def cmd_export_street(args, ctx: Ctx) -> int:
    """The street sheet (社区, 网格, 网格员, 网格员电话), for another desk's `import street`."""
    from .services.imports.street import export_street_xlsx
    from .services.shift_log import default_exports_dir

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
    from .services.context import Actor
    from .services.exports import export_quarterly, export_quarterly_pdf
    from .services.shift_log import default_exports_dir

    desk = open_desk(ctx)
    out = args.out or default_exports_dir()
    try:
        path = export_quarterly(desk, Actor.system(), args.year, args.quarter, out,
                                mask=not args.no_mask,
                                progress=Progress(ctx, "导出季度分析", "Exporting"))
        print(path, file=ctx.out, flush=True)  # it stands there even if the PDF then fails
        pdf = export_quarterly_pdf(desk, Actor.system(), args.year, args.quarter, out,
                                   mask=not args.no_mask)
    finally:
        desk.db.dispose()
    print(pdf, file=ctx.out, flush=True)
    return 0


def cmd_export_shift_log(args, ctx: Ctx) -> int:
    if args.date is not None:
        try:
            date.fromisoformat(args.date)
        except ValueError:
            raise ValidationError(f"日期“{args.date}”不对，应写成 YYYY-MM-DD。",
                                  f"The date {args.date!r} is not valid; write YYYY-MM-DD.") from None
    from .services.context import Actor
    from .services.shift_log import export_shift_log

    desk = open_desk(ctx)
    try:
        if args.shift is not None:
            path = export_shift_log(desk, Actor.system(), shift_id=args.shift, out=args.out,
                                    mask=not args.no_mask)
        else:
            path = export_shift_log(desk, Actor.system(), day=date.fromisoformat(args.date),
                                    night=bool(args.night), out=args.out, mask=not args.no_mask)
    finally:
        desk.db.dispose()
    print(path, file=ctx.out, flush=True)
    return 0


def cmd_migrate_data(args, ctx: Ctx) -> int:
    """Copy a whole desk into an empty database (SQLite ↔ PostgreSQL), counts checked."""
    from .store.database import Database, is_url
    from .store.transfer import transfer

    src_target, dst_target = args.source, args.dest
    if not is_url(src_target) and not Path(src_target).expanduser().is_file():
        raise UserError(f"源数据库不存在：{src_target}", f"The source database does not exist: {src_target}")
    src, dst = Database(src_target), Database(dst_target)
    try:
        report = transfer(src, dst, progress=Progress(ctx, "复制数据", "Copying"))
    finally:
        src.dispose()
        dst.dispose()
    ctx.say(f"已复制 {report.total} 行（{len(report.counts)} 张表，{report.seconds:.1f} 秒）："
            f"{report.source} → {report.target}，各表行数已核对。",
            f"Copied {report.total} rows ({len(report.counts)} tables, {report.seconds:.1f} s): "
            f"{report.source} → {report.target}; row counts verified.")
    return 0


# --- the parser ---------------------------------------------------------------------------


class _VersionAction(argparse.Action):
    """--version: computed only when asked (reading the migrations costs a little)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text(), flush=True)
        parser.exit(0)


def version_text() -> str:
    from . import __version__
    from .store.migrate import head_revision

    return f"hotline-console {__version__} (schema {head_revision()})"


def _common(p: argparse.ArgumentParser, top: bool, demo: bool = True) -> None:
    """--db, --lang and --demo, accepted before and after the command word.

    (`init` has its own --demo, which also fills the new desk with demo data.)
    """
    d = None if top else argparse.SUPPRESS
    p.add_argument("--db", metavar="PATH_OR_URL", default=d,
                   help="database: a file path (SQLite) or a URL postgresql+psycopg://… "
                        "(default: $HOTLINE_DB, else the data folder) / 数据库文件或地址")
    p.add_argument("--lang", type=lang_type, metavar="zh_CN|en", default="zh_CN" if top else argparse.SUPPRESS,
                   help="language of messages: zh_CN (default) or en / 提示语言")
    if demo:
        p.add_argument("--demo", action="store_true", default=False if top else argparse.SUPPRESS,
                       help="the demo desk in the data folder (created on first use by the window or "
                            "`init --demo`) / 演示数据")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line in the user's language, as every other
    refusal is (argparse prints a usage block and an English sentence)."""

    lang = "zh_CN"  # set by parse_args from --lang before parsing

    def error(self, message: str):  # noqa: D401 - argparse's hook
        if self.lang.startswith("en"):
            line = f"Bad usage: {message}. See {self.prog} --help."
        else:
            line = f"命令行用法有误：{message}。用法见 {self.prog} --help。"
        self.exit(2, line + "\n")


def lang_in_argv(argv: list[str]) -> str:
    """The --lang given (zh_CN unless it starts with en), for messages before a full parse."""
    for i, a in enumerate(argv):
        v = argv[i + 1] if a == "--lang" and i + 1 < len(argv) else (a.split("=", 1)[1] if a.startswith("--lang=") else None)
        if v is not None:
            return "en" if v.lower().startswith("en") else "zh_CN"
    return "zh_CN"


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="hotline-console",
        description="社区服务热线值班台 — the duty-desk console of a community service hotline. "
                    "Without a command, opens the console window. / 不带命令时打开值班台窗口。",
        epilog="Exit status: 0 success, 1 a problem explained in one line, 2 bad usage.",
    )
    _common(p, top=True)
    p.add_argument("--version", action=_VersionAction, help="print version and schema head / 版本")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, help_text, func, **kw):
        sp = sub.add_parser(name, help=help_text, description=help_text, **kw)
        _common(sp, top=False, demo=name != "init")
        sp.set_defaults(func=func)
        return sp

    sp = add("init", "create or upgrade the database; demo data / 创建或升级数据库", cmd_init)
    sp.add_argument("--demo", dest="init_demo", action="store_true",
                    help="fill a new database with demo data (without --db/$HOTLINE_DB: the demo "
                         "database in the data folder) / 生成演示数据")
    sp.add_argument("--tickets", type=_check_count, metavar="N", help="number of demo tickets / 演示工单数")
    sp.add_argument("--seed", type=int, metavar="S", help="random seed of the demo data / 随机种子")

    sp = add("due", "what is due or overdue now (and within the hour) / 到期和逾期事项", cmd_due)
    sp.add_argument("--json", action="store_true", help="print JSON objects instead of a table")

    sp_user = add("user", "accounts / 用户", None)
    user_sub = sp_user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    sp = user_sub.add_parser(
        "add", help="add a user / 添加用户",
        description="Add a user. The password is asked twice on a terminal and never taken from the "
                    "command line; when standard input is not a terminal, one line is read from it "
                    "(echo \"$PW\" | hotline-console user add NAME --role operator). "
                    "密码在终端中输入两次；标准输入不是终端时从中读取一行。")
    _common(sp, top=False)
    sp.set_defaults(func=cmd_user_add)
    sp.add_argument("name", metavar="NAME", help="user name (login) / 用户名")
    sp.add_argument("--role", required=True, choices=ROLES, help="operator | supervisor | admin")
    sp.add_argument("--display-name", metavar="X", help="name shown in the window / 显示名")

    sp = add("backup", "copy the SQLite database safely / 备份数据库", cmd_backup)
    sp.add_argument("--out", metavar="FILE",
                    help="where to write (default: backups/ in the data folder, timestamped; "
                         "the last 30 are kept there)")

    sp = add("restore", "put a backup in place of the database (the old one is kept) / 从备份恢复",
             cmd_restore)
    sp.add_argument("file", metavar="FILE", help="the backup file")

    add("check", "integrity, foreign keys and schema version / 检查数据库", cmd_check)

    sp_imp = add("import", "read a spreadsheet / 导入", None)
    imp_sub = sp_imp.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    for name, func, text in (("units", cmd_import_units, "phonebook of units / 承办单位通讯录"),
                             ("tickets", cmd_import_tickets, "old hotline sheets / 历史热线单"),
                             ("street", cmd_import_street,
                              "communities, grids, grid workers (社区, 网格, 网格员, 网格员电话) / 社区和网格")):
        sp = imp_sub.add_parser(name, help=text, description=text)
        _common(sp, top=False)
        sp.set_defaults(func=func)
        sp.add_argument("file", metavar="FILE.xlsx")
        sp.add_argument("--good-rows", action="store_true",
                        help="import the good rows even if some rows have errors / 只导入正确的行")
        if name != "street":
            sp.add_argument("--add-missing", action="store_true",
                            help="create the communities, units and categories the file names and the desk "
                                 "lacks (listed first; same transaction) / 新建文件中提到而本台没有的社区、单位和分类")

    sp_exp = add("export", "reports / 导出报表", None)
    exp_sub = sp_exp.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    sp = exp_sub.add_parser("quarterly", help="quarterly analysis (Excel and PDF) / 季度分析")
    _common(sp, top=False)
    sp.set_defaults(func=cmd_export_quarterly)
    sp.add_argument("--year", type=int, required=True, metavar="Y")
    sp.add_argument("--quarter", type=int, required=True, metavar="Q", help="1–4")
    sp.add_argument("--out", metavar="DIR")
    sp.add_argument("--no-mask", action="store_true", help="show full phone numbers (supervisors)")
    sp = exp_sub.add_parser("shift-log", help="shift log PDF / 值班记录")
    _common(sp, top=False)
    sp.set_defaults(func=cmd_export_shift_log)
    which = sp.add_mutually_exclusive_group(required=True)
    which.add_argument("--shift", type=_check_id, metavar="ID")
    which.add_argument("--date", metavar="YYYY-MM-DD")
    part = sp.add_mutually_exclusive_group()
    part.add_argument("--night", action="store_true", help="the night shift starting on --date (desk's shift hours)")
    part.add_argument("--day", action="store_true", help="the day shift of --date (desk's shift hours)")
    sp.add_argument("--out", metavar="FILE")
    sp.add_argument("--no-mask", action="store_true", help="show full phone numbers (supervisors)")
    sp = exp_sub.add_parser("street", help="communities and grids, the sheet `import street` reads / 社区和网格")
    _common(sp, top=False)
    sp.set_defaults(func=cmd_export_street)
    sp.add_argument("--out", metavar="FILE", help="default: street.xlsx in the exports folder")

    sp = add("migrate-data", "move a desk between SQLite and PostgreSQL / 迁移数据", cmd_migrate_data)
    sp.add_argument("--from", dest="source", required=True, metavar="SRC")
    sp.add_argument("--to", dest="dest", required=True, metavar="DST")
    return p


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse, with the checks argparse cannot express (exit 2 on bad usage)."""
    _Parser.lang = lang_in_argv(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "db", None) is not None and not args.db.strip():
        # `--db "$DESK"` with DESK unset must not quietly use the default desk instead
        parser.error("--db is empty (name a database file or URL) / --db 为空")
    if getattr(args, "command", None) == "init":
        args.init_demo = args.init_demo or args.demo  # `--demo init` means `init --demo`
    if getattr(args, "export_command", None) == "shift-log" and (args.night or args.day) and args.date is None:
        parser.error("--night/--day go with --date")
    return args


def run(args: argparse.Namespace, ctx: Ctx) -> int:
    """Run the command named in args (the window is console.app's business)."""
    set_target(ctx, resolve_target(getattr(args, "db", None),
                                   demo=bool(getattr(args, "init_demo", False) or args.demo)))
    return int(args.func(args, ctx) or 0)
