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

from .commands.init import create_database
from .commands.users import read_password
from .context import (
    Ctx,
    checked_url,
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
    "Ctx", "checked_url", "is_url", "not_a_regular_file", "open_db", "open_desk", "require_existing",
    "resolve_target", "set_target", "sqlite_path", "Progress",
    "read_password",
    "create_database",
    "build_parser", "lang_in_argv", "parse_args", "version_text",
]


def run(args: argparse.Namespace, ctx: Ctx) -> int:
    """Run the command named in args (the window is console.app's business)."""
    set_target(ctx, resolve_target(getattr(args, "db", None),
                                   demo=bool(getattr(args, "init_demo", False) or args.demo)))
    return int(args.func(args, ctx) or 0)
