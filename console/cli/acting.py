"""Who a command acts as: `--user NAME` and that user's password, checked like the window's login.

Commands that change the desk or unmask (`import`, `restore`, `user add`,
`migrate-data`, `export … --no-mask`) act as a user of the desk, so the
audit trail says who did it — and, in `audit_log.via`, from which
operating-system account ("cli:<account>"). The password is never taken
from the command line (it would stand in the shell history and the process
list): it is asked on the terminal, or read from the environment variable
HOTLINE_PASSWORD for unattended scripts (README, "命令行"). The check is
the window's own (services.accounts.authenticate): the same throttle after
wrong passwords, the same audit. What the user may do is then checked by
the service the command calls, as in the window.

A desk with no account at all (just made by `init`) has nobody to act as:
its commands run as the system, with the operating-system account noted,
until the first account is added (`user add … --role admin`).
"""
from __future__ import annotations

import getpass as _getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..domain.errors import UserError

if TYPE_CHECKING:
    from ..services.context import Actor, Desk
    from .context import Ctx

PASSWORD_ENV = "HOTLINE_PASSWORD"


def os_account() -> str:
    """The operating-system account running the command ("uid N" where the system has no name for it)."""
    try:
        return _getpass.getuser()
    except (OSError, KeyError, ImportError):  # a container without a passwd entry
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def via() -> str:
    """What the audit rows of a command-line step carry in audit_log.via."""
    return f"cli:{os_account()}"[:96]


def system_actor() -> Actor:
    """The system, on the command line: `init`, exports without unmasking, a desk without accounts."""
    from dataclasses import replace

    from ..services.actor import Actor  # not services.context: the shift-log export runs without SQLAlchemy

    return replace(Actor.system(), via=via())


def actor_for(ctx: Ctx, desk: Desk, args, *, needs_user: bool = True) -> Actor:
    """The Actor of a command: the user named by --user (always checked when named), else — for a command
    that neither changes the desk nor unmasks (`needs_user` False) — the system."""
    name = getattr(args, "user", None)
    if not needs_user and not (name or "").strip():
        return system_actor()
    return acting_user(ctx, desk, name)


def acting_user(ctx: Ctx, desk: Desk, name: str | None, *, stdin: TextIO | None = None,
                ask: Callable[[str], str] | None = None) -> Actor:
    """The Actor the command acts as: `name` with a right password, or the system on a desk without accounts.

    A UserError (nothing done) when no name is given on a desk that has accounts, when no password can be
    had without echoing it, or when the name and password are wrong (counted towards the throttle)."""
    from dataclasses import replace

    from ..services.accounts import authenticate, has_accounts

    name = (name or "").strip()
    if not name:
        if not has_accounts(desk):
            ctx.note("这个值班台还没有账号，本次以系统身份执行（操作日志记下操作系统账号）。",
                     "This desk has no account yet; acting as the system (the audit trail notes the "
                     "operating-system account).")
            return system_actor()
        raise UserError(
            "这个命令会改动值班台或导出完整号码，请用 --user 用户名 说明是谁在操作（密码会在终端中询问；"
            f"无人值守的脚本可用环境变量 {PASSWORD_ENV}）。未做任何改动。",
            "This command changes the desk or unmasks data: say who you are with --user NAME (the password is "
            f"asked on the terminal; unattended scripts may set {PASSWORD_ENV}). Nothing was changed.")
    password = _password(ctx, name, stdin, ask)
    return replace(authenticate(desk, name, password), via=via())


def _password(ctx: Ctx, name: str, stdin: TextIO | None, ask: Callable[[str], str] | None) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    stdin = stdin if stdin is not None else sys.stdin
    if stdin is None or not getattr(stdin, "isatty", lambda: False)():
        raise UserError(
            f"需要用户 {name} 的密码：请在终端中运行以便输入，或为无人值守的脚本设置环境变量 {PASSWORD_ENV}。"
            "未做任何改动。",
            f"The password of {name} is needed: run this in a terminal to type it, or set {PASSWORD_ENV} for an "
            "unattended script. Nothing was changed.")
    ask = ask or _getpass.getpass
    return ask(ctx.t(f"用户 {name} 的密码：", f"Password of {name}: "))
