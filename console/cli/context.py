"""What every command shares: the language and the output streams (Ctx), and which database.

A command reads its database from Ctx.target, resolved once by `run` from
--db, $HOTLINE_DB or the data folder; the checks here (a URL this program
can open, a file that exists and is not a folder or empty) are the same for
every command and for the window's start (console.app).
"""
from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..domain.errors import UserError
from ..util.targets import is_url


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


def resolve_target(cli_db: str | None, demo: bool = False) -> str:
    """--db, else HOTLINE_DB, else the demo or the default database in the data folder."""
    from .. import paths

    for t in (cli_db, os.environ.get("HOTLINE_DB")):
        if t and t.strip():
            t = t.strip()
            if is_url(t):
                from ..store.database import checked_url

                t = checked_url(t)  # a sqlite:/// URL comes back as its path, checked like one
            return t if is_url(t) else str(Path(t).expanduser().absolute())
    return str(paths.demo_db_path() if demo else paths.default_db_path())


def set_target(ctx: Ctx, target: str) -> None:
    display = target
    if is_url(target):
        from ..store.database import masked_url

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
    from ..store.database import Database
    from ..store.migrate import ensure_schema

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
    from ..services.context import Desk

    return Desk(open_db(ctx, **kw))


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal: a Chinese character takes two (tables and the progress line line up)."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
