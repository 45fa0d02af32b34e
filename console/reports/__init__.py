"""Reports: the shift-log PDF and the quarterly workbook.

Writers take plain rows and figures, never a session; files are written
atomically (`atomic_file`) and residents' text goes through `safe_cells`.
"""
from __future__ import annotations

from ..domain.errors import UserError


class ExportCancelled(UserError):
    """The user cancelled a long export; no file was left behind."""

    def __init__(self, zh: str = "导出已取消，没有生成文件。",
                 en: str | None = "The export was cancelled; no file was made."):
        super().__init__(zh, en)
