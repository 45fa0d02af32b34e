"""`rows_table.RowsTable` as a platypus flowable, for the PDFs that are laid out by platypus (the press
notice). The table itself imports nothing of platypus, so the shift log can draw it on a bare canvas."""
from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from .rows_table import RowsTable


class RowsFlowable(Flowable):
    """A `RowsTable` in a platypus story: its size, its split between pages and its drawing are the table's."""

    def __init__(self, table: RowsTable):
        super().__init__()
        self.table = table
        self.width, self.height = table.width, table.height

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.table.wrap(aW, aH)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts = self.table.split(aW, aH)
        if parts == [self.table]:
            return [self]
        return [RowsFlowable(p) for p in parts]

    def draw(self) -> None:
        self.table.draw_on(self.canv, 0, self.table.height)
