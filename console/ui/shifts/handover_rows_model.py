"""The handover's short lists (tickets still open, follow-ups due) as a table model: fixed
headers, rows of strings, the ticket id per row (ID_ROLE) and overdue rows coloured.

The lists are capped by the query, so the model holds them whole (console.ui.common.rows_model)."""
from __future__ import annotations

from typing import Any

from ..common.plain_text import tooltip
from ..common.rows_model import ROW_ROLE, RowsModel
from ..shell.theme import brush

ID_ROLE = ROW_ROLE  # the ticket id (None for a missed call)


class HandoverRowsModel(RowsModel):
    """Rows are (ticket id, texts, overdue)."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(headers, lambda row: row[1], parent)

    def tip(self, text: str) -> Any:
        return tooltip(text)

    def row_value(self, row: Any) -> Any:
        return row[0]

    def foreground(self, row: Any) -> Any:
        return brush("overdue") if row[2] else None
