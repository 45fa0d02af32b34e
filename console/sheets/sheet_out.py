"""Writing one of the desk's own sheets back out (phonebook, street): the same headers the
import reads, in bold, frozen under the header, every value a text cell (never a formula: see
xlsx_safety.text_cell), so export → edit in Excel → import is a round trip.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .sheet_rows import Column
from .xlsx_safety import text_cell


def sheet_workbook(title: str, columns: Sequence[Column], rows: Iterable[Mapping[str, str]], *,
                   widths: Mapping[str, int] | None = None, default_width: int = 14) -> Any:
    """An openpyxl Workbook of one sheet: a header row of the columns' Chinese names, then `rows`
    (dicts keyed by column key; a missing key is a blank cell). The caller saves it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title
    bold = Font(bold=True)
    for col, c in enumerate(columns, start=1):
        text_cell(ws, 1, col, c.zh)
        ws.cell(row=1, column=col).font = bold
        ws.column_dimensions[get_column_letter(col)].width = (widths or {}).get(c.key, default_width)
    ws.freeze_panes = "A2"
    for r, row in enumerate(rows, start=2):
        for col, c in enumerate(columns, start=1):
            text_cell(ws, r, col, row.get(c.key, ""))  # residents' and workers' words: text, never a formula
    return wb
