"""The command line: `hotline-console <command> …` (DESIGN.md, "Command line").

Scripts and tests rely on this contract: exit 0 on success, 1 with a
one-line message on a user error, 2 on bad usage (argparse). Messages are
Chinese unless `--lang en`. Nothing here catches unexpected exceptions:
console.app.main is the one place that turns them into a log entry and one
line for the user.

Every command works through the services (console.services.*), like the
window does, so the answers are the same; no module here builds SQL.

The package: context.py (Ctx: language and output; which database),
progress.py (the terminal's progress line), parser.py (the grammar) and
commands/ (one module per command group, imported when a command runs).
The names below are what console.app, the tests and the benches use.
"""
from __future__ import annotations

import argparse

from .context import (
    Ctx,
    is_url,
    not_a_regular_file,
    open_db,
    open_desk,
    require_existing,
    resolve_target,
    set_target,
    sqlite_path,
)
from .parser import build_parser, lang_in_argv, parse_args, version_text
from .progress import Progress

__all__ = [  # what console.app, the tests and the benches import from console.cli
    "Ctx", "is_url", "not_a_regular_file", "open_db", "open_desk", "require_existing",
    "resolve_target", "set_target", "sqlite_path", "Progress",
    "create_database", "read_password",
    "build_parser", "lang_in_argv", "parse_args", "version_text",
]


def __getattr__(name: str):
    """create_database and read_password, from their command modules when first asked for:
    console.app provisions through create_database, and importing it up here would load
    the command modules on every start."""
    if name == "create_database":
        from .commands.init import create_database

        return create_database
    if name == "read_password":
        from .commands.users import read_password

        return read_password
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(args: argparse.Namespace, ctx: Ctx) -> int:
    """Run the command named in args (the window is console.app's business)."""
    set_target(ctx, resolve_target(getattr(args, "db", None),
                                   demo=bool(getattr(args, "init_demo", False) or args.demo)))
    return int(args.func(args, ctx) or 0)
