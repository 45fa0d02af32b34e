"""The supervisor's read-only view of the audit trail: the newest rows, by action and period.

The query (console.store.queries.audit_rows) keeps to the trail's time index; the window
(console.ui.admin.audit_view) only shows and names the rows.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..store import queries
from .context import Desk

AuditRow = queries.AuditRow


def recent_audit(desk: Desk, *, actions: Iterable[str] | None = None, limit: int = 500,
                 since: datetime | None = None) -> list[AuditRow]:
    """The newest audit rows, only these actions when given, only since `since` when given."""
    with desk.db.read() as s:
        return queries.audit_rows(s, actions=actions, limit=limit, since=since)
