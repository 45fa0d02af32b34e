"""The command line's grammar: commands, options, and a usage mistake as one line in the user's language.

--db, --lang and --demo are accepted before and after the command word;
`--demo init` means `init --demo`. --version is worked out only when asked.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import Ctx


ROLES = ("operator", "supervisor", "admin")


def _handler(name: str) -> Callable[[argparse.Namespace, Ctx], int]:
    """The handler `name` of console.cli.commands, imported when its command runs.

    Every start parses the command line, the window's too; naming the
    handlers instead of importing them keeps the command modules (and what
    they import) out of that start and out of --version.
    """

    def call(args: argparse.Namespace, ctx: Ctx) -> int:
        from . import commands

        return getattr(commands, name)(args, ctx)

    call.__name__ = call.__qualname__ = name
    return call


def lang_type(value: str) -> str:
    v = (value or "").strip()
    if v.lower().startswith("en"):
        return "en"
    if v.lower().startswith("zh"):
        return "zh_CN"
    raise argparse.ArgumentTypeError(f"unknown language {value!r} (zh_CN or en)")


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


class _VersionAction(argparse.Action):
    """--version: worked out only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text(), flush=True)
        parser.exit(0)


def version_text() -> str:
    """The version and the schema head — named by store.quick_probe.SCHEMA_HEAD (a test holds it to the newest
    Alembic revision), so --version does not import Alembic and SQLAlchemy (≈ 1 s) to name it."""
    from .. import __version__
    from ..store.quick_probe import SCHEMA_HEAD

    return f"hotline-console {__version__} (schema {SCHEMA_HEAD})"


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


def _acts_as(p: argparse.ArgumentParser) -> None:
    """--user: who a command that changes the desk or unmasks acts as (console.cli.acting)."""
    p.add_argument("--user", metavar="NAME",
                   help="act as this user of the desk; the password is asked on the terminal, or read from "
                        "$HOTLINE_PASSWORD in unattended scripts / 以哪个用户身份执行（终端中询问密码）")


def _unmasks(p: argparse.ArgumentParser, what: str = "show full phone numbers (supervisors; with --user)") -> None:
    """--no-mask, and --user: unmasking names who does it (console.cli.acting)."""
    p.add_argument("--no-mask", action="store_true", help=what)
    _acts_as(p)


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

    sp = add("init", "create or upgrade the database; demo data / 创建或升级数据库", _handler("cmd_init"))
    sp.add_argument("--demo", dest="init_demo", action="store_true",
                    help="fill a new database with demo data (without --db/$HOTLINE_DB: the demo "
                         "database in the data folder) / 生成演示数据")
    sp.add_argument("--tickets", type=_check_count, metavar="N", help="number of demo tickets / 演示工单数")
    sp.add_argument("--seed", type=int, metavar="S", help="random seed of the demo data / 随机种子")

    sp = add("due", "what is due or overdue now (and within the hour) / 到期和逾期事项", _handler("cmd_due"))
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
    sp.set_defaults(func=_handler("cmd_user_add"))
    sp.add_argument("name", metavar="NAME", help="user name (login) / 用户名")
    sp.add_argument("--role", required=True, choices=ROLES, help="operator | supervisor | admin")
    sp.add_argument("--display-name", metavar="X", help="name shown in the window / 显示名")
    _acts_as(sp)

    sp = add("backup", "copy the SQLite database safely / 备份数据库", _handler("cmd_backup"))
    sp.add_argument("--out", metavar="FILE",
                    help="where to write (default: backups/ in the data folder, timestamped; "
                         "the last 30 are kept there)")

    sp = add("restore", "put a backup in place of the database (the old one is kept) / 从备份恢复",
             _handler("cmd_restore"))
    sp.add_argument("file", metavar="FILE", help="the backup file")
    _acts_as(sp)

    add("check", "integrity, foreign keys and schema version / 检查数据库", _handler("cmd_check"))

    sp_imp = add("import", "read a spreadsheet / 导入", None)
    imp_sub = sp_imp.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    for name, func, text in (("units", _handler("cmd_import_units"), "phonebook of units / 承办单位通讯录"),
                             ("tickets", _handler("cmd_import_tickets"), "old hotline sheets / 历史热线单"),
                             ("street", _handler("cmd_import_street"),
                              "communities, grids, grid workers (社区, 网格, 网格员, 网格员电话) / 社区和网格")):
        sp = imp_sub.add_parser(name, help=text, description=text)
        _common(sp, top=False)
        sp.set_defaults(func=func)
        sp.add_argument("file", metavar="FILE.xlsx")
        _acts_as(sp)
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
    sp.set_defaults(func=_handler("cmd_export_quarterly"))
    sp.add_argument("--year", type=int, required=True, metavar="Y")
    sp.add_argument("--quarter", type=int, required=True, metavar="Q", help="1–4")
    sp.add_argument("--out", metavar="DIR")
    _unmasks(sp)
    sp = exp_sub.add_parser("bulletin", help="monthly or quarterly bulletin with 环比 and 同比 (Excel and PDF) / 月报、季报")
    _common(sp, top=False)
    sp.set_defaults(func=_handler("cmd_export_bulletin"))
    sp.add_argument("--year", type=int, required=True, metavar="Y")
    span = sp.add_mutually_exclusive_group(required=True)
    span.add_argument("--month", type=int, metavar="M", help="1–12: the monthly bulletin / 月报")
    span.add_argument("--quarter", type=int, metavar="Q", help="1–4: the quarterly bulletin / 季报")
    sp.add_argument("--out", metavar="DIR", help="default: the exports folder")
    sp = exp_sub.add_parser("shift-log", help="shift log PDF / 值班记录")
    _common(sp, top=False)
    sp.set_defaults(func=_handler("cmd_export_shift_log"))
    which = sp.add_mutually_exclusive_group(required=True)
    which.add_argument("--shift", type=_check_id, metavar="ID")
    which.add_argument("--date", metavar="YYYY-MM-DD")
    part = sp.add_mutually_exclusive_group()
    part.add_argument("--night", action="store_true", help="the night shift starting on --date (desk's shift hours)")
    part.add_argument("--day", action="store_true", help="the day shift of --date (desk's shift hours)")
    sp.add_argument("--out", metavar="FILE")
    sp.add_argument("--full-backlog", action="store_true",
                    help="list every older open ticket, not only the table by unit and age / 列出全部积压工单")
    _unmasks(sp)
    sp = exp_sub.add_parser("open311", help="a period's requests as Open311 GeoReport v2 JSON (open data) / 开放数据",
                            description="A period's requests as Open311 GeoReport v2 service requests, one JSON "
                                        "array; phone and ID numbers masked unless --no-mask. / 开放数据（Open311）")
    _common(sp, top=False)
    sp.set_defaults(func=_handler("cmd_export_open311"))
    sp.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD", help="first day (included)")
    sp.add_argument("--to", dest="last", required=True, metavar="YYYY-MM-DD", help="last day (included)")
    sp.add_argument("--out", metavar="FILE.json",
                    help="a .json file in an existing folder, or a folder (default: the exports folder)")
    _unmasks(sp, "numbers in the texts and whole addresses unmasked (supervisors; with --user)")
    sp = exp_sub.add_parser("street", help="communities and grids, the sheet `import street` reads / 社区和网格")
    _common(sp, top=False)
    sp.set_defaults(func=_handler("cmd_export_street"))
    sp.add_argument("--out", metavar="FILE", help="default: street.xlsx in the exports folder")

    sp_calls = add("calls", "the telephone link / 电话链路", None)
    calls_sub = sp_calls.add_subparsers(dest="calls_command", metavar="ACTION", required=True)
    sp = calls_sub.add_parser(
        "listen", help="run the telephone link without a window, one line per event / 无窗口运行电话链路",
        description="Hear the desk's telephone: baresip's ctrl_tcp (--baresip) and/or generic CTI events "
                    "posted to http://HOST:PORT/api/v1/cti/TOKEN (--cti-http, --cti-token); calls that end "
                    "unanswered are recorded as missed calls. Ctrl+C stops. / 接听电话链路，未接来电自动登记。")
    _common(sp, top=False)
    sp.set_defaults(func=_handler("cmd_calls_listen"))
    sp.add_argument("--baresip", metavar="HOST:PORT", help="baresip's ctrl_tcp_listen address (e.g. 127.0.0.1:4444)")
    sp.add_argument("--cti-http", metavar="[HOST:]PORT",
                    help="listen for CTI events here (host 127.0.0.1 unless given) / CTI 事件监听地址")
    sp.add_argument("--cti-token", metavar="T", help="the shared token in the CTI URL (8 characters or more)")

    sp = add("migrate-data", "move a desk between SQLite and PostgreSQL / 迁移数据", _handler("cmd_migrate_data"))
    sp.add_argument("--from", dest="source", required=True, metavar="SRC")
    sp.add_argument("--to", dest="dest", required=True, metavar="DST")
    _acts_as(sp)
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
    if getattr(args, "calls_command", None) == "listen":
        if not (args.baresip or args.cti_http):
            parser.error("calls listen needs --baresip HOST:PORT or --cti-http [HOST:]PORT")
        if args.cti_http and not args.cti_token:
            parser.error("--cti-http needs --cti-token")
        if args.cti_token and len(args.cti_token) < 8:
            parser.error("--cti-token must be 8 characters or more")
    return args
