"""`user add`: an account from the command line, added by an admin (--user); no password on the command line."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from ...domain.errors import ValidationError
from ..acting import actor_for
from ..context import Ctx, open_desk


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
    from ...domain.enums import Role
    from ...services.accounts import add_user

    desk = open_desk(ctx)
    try:
        actor = actor_for(ctx, desk, args)  # an admin (checked by add_user); the system on a desk without accounts
        password = read_password(ctx)
        add_user(desk, actor, args.name, password, args.role, args.display_name or "")
        role = Role(args.role)
        ctx.say(f"已添加用户 {args.name.strip()}（{role.zh}）。",
                f"Added user {args.name.strip()} ({role.en}).")
        return 0
    finally:
        desk.db.dispose()
