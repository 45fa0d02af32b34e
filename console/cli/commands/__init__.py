"""One module per command group; each handler takes (args, ctx) and returns the exit status.

Each module imports only the standard library at its top: the services,
SQLAlchemy, openpyxl and reportlab are imported inside the handlers, so
`--version` and the window's start pay for none of them.
"""
from __future__ import annotations

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

__all__ = [  # the handlers console.cli.parser names
    "cmd_backup", "cmd_calls_listen", "cmd_check", "cmd_due", "cmd_export_bulletin", "cmd_export_open311",
    "cmd_export_quarterly", "cmd_export_shift_log", "cmd_export_street",
    "cmd_import_street", "cmd_import_tickets", "cmd_import_units", "cmd_init", "cmd_migrate_data",
    "cmd_restore", "cmd_user_add",
]
