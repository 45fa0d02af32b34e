"""Who a use case acts for, in a module of its own: it imports nothing of the store, so a process that
never loads SQLAlchemy (the shift-log export, console.services.shift_log_lite) can name its actor too.
console.services.context re-exports it, where every other use case finds it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The logged-in user a service acts for (None id = the system: `init`, the demo, migrations).

    `via` says where the steps come from when it is not the window — the command line sets
    "cli:<operating-system account>" — and goes into each audit row it writes (audit_log.via)."""

    id: int | None
    username: str
    display_name: str
    role: str
    via: str = ""

    @classmethod
    def system(cls) -> Actor:
        return cls(None, "system", "系统", "admin")
