"""One module per command group; each handler takes (args, ctx) and returns the exit status.

Each module imports only the standard library at its top: the services,
SQLAlchemy, openpyxl and reportlab are imported inside the handlers, so
`--version` and the window's start pay for none of them. A handler asked for
here (`commands.cmd_due`, as console.cli.parser does) imports its own module
only: running `export shift-log` loads none of the other command modules.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .calls import cmd_calls_listen
    from .due import cmd_due
    from .exports import (
        cmd_export_bulletin,
        cmd_export_open311,
        cmd_export_quarterly,
        cmd_export_shift_log,
        cmd_export_street,
    )
    from .imports import cmd_import_street, cmd_import_tickets, cmd_import_units
    from .init import cmd_init
    from .maintenance import cmd_backup, cmd_check, cmd_migrate_data, cmd_restore
    from .users import cmd_user_add

_MODULE_OF = {  # handler -> its module in this package
    "cmd_calls_listen": "calls", "cmd_due": "due",
    "cmd_export_bulletin": "exports", "cmd_export_open311": "exports", "cmd_export_quarterly": "exports",
    "cmd_export_shift_log": "exports", "cmd_export_street": "exports",
    "cmd_import_street": "imports", "cmd_import_tickets": "imports", "cmd_import_units": "imports",
    "cmd_init": "init", "cmd_backup": "maintenance", "cmd_check": "maintenance",
    "cmd_migrate_data": "maintenance", "cmd_restore": "maintenance", "cmd_user_add": "users",
}

__all__ = [  # the handlers console.cli.parser names
    "cmd_backup", "cmd_calls_listen", "cmd_check", "cmd_due", "cmd_export_bulletin", "cmd_export_open311",
    "cmd_export_quarterly", "cmd_export_shift_log", "cmd_export_street",
    "cmd_import_street", "cmd_import_tickets", "cmd_import_units", "cmd_init", "cmd_migrate_data",
    "cmd_restore", "cmd_user_add",
]


def __getattr__(name: str):
    """A handler, from its own module when first asked for."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
