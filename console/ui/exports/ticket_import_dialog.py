"""导入历史工单: an old hotline sheet checked first, previewed, then written in one go.

The same flow as the phonebook import (console.ui.phonebook.unit_import_dialog, whose
dialog this one specialises): the file is read and checked on the worker
pool (console.services.imports.tickets.parse_tickets_file, nothing written), the
preview counts good rows, bad rows and rows imported before, and lists the
bad ones by row number and reason as plain text. 导入 is enabled only for
a file without errors; "只导入正确的行" writes the good rows only. The
import runs on the worker pool (import_tickets_file): it builds its rows with
no lock held, when Cancel still stops it, then writes them in one short
transaction; `changed` carries its Changes so the main list shows the new tickets.
Supervisors only: the service refuses anyone else, whatever the menu shows.
"""
from __future__ import annotations

from PySide6.QtCore import Signal

from ...services.context import Actor, Desk
from ...services.imports.tickets import TicketImportPlan, import_tickets_file, parse_tickets_file
from ..common.workers import TaskRunner
from ..phonebook.unit_import_dialog import UnitImportDialog


class TicketImportDialog(UnitImportDialog):
    """Pick a sheet → check (worker) → preview → import (worker). `changed` carries Changes.

    After an import, `imported_open(n)` tells the window how many imported tickets are
    still open (the register showed them open; they have no deadline and wait for triage).
    """

    changed = Signal(object)
    imported_open = Signal(int)
    KEY = "ticket-import"
    parse_file = staticmethod(parse_tickets_file)
    import_file = staticmethod(import_tickets_file)

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None, *, path: str | None = None):
        super().__init__(desk, actor, runner, parent, path=path)
        self.setObjectName("ticketImportDialog")
        self.setWindowTitle(self.tr("导入历史工单"))
        if self.plan is None and not self._busy:
            self.summary.setText(self.tr("先检查文件：有问题的行会按行号列出，此前已导入的行会跳过，"
                                         "检查时不会写入任何数据。"))
        self.imported.connect(self.changed)
        self.imported.connect(lambda _c: self.imported_open.emit(self.report.open_imported if self.report else 0))

    def _has_rows(self, plan: TicketImportPlan) -> bool:
        return bool(plan.tickets)

    def _writing_text(self) -> str:
        return self.tr("正在写入工单…")

    def _browse_title(self) -> str:
        return self.tr("选择历史工单文件")

    def counts(self) -> tuple[int, int, int]:
        """(good rows to import, bad rows, rows imported before) of the checked file."""
        p = self.plan
        if p is None:
            return 0, 0, 0
        return len(p.tickets), len(p.errors), len(p.already_imported)

    def _report_text(self, report) -> str:
        """The report's first line, then "N 张导入的未办结工单" (the filter 导入的未办结 lists them)."""
        head = super()._report_text(report)
        if not report.imported:
            return head
        return head + " " + self.tr("{n} 张导入的未办结工单：在状态筛选中选“导入的未办结”列出它们。").format(
            n=report.open_imported)

    def _describe(self, plan: TicketImportPlan) -> tuple[str, str]:
        good, bad, before = self.counts()
        head = self.tr("共 {rows} 行：{good} 行正确（将新建 {good} 张工单），{bad} 行有问题，{before} 行此前已导入（将跳过）。"
                       ).format(rows=plan.rows_total, good=good, bad=bad, before=before)
        if bad:
            return head + self.tr("有问题的是第 {list} 行（见下表），尚未写入任何数据。请改正文件后重新检查，"
                                  "或只导入正确的行。").format(list=self._bad_row_list()), "error"
        if not good:
            return head + self.tr("没有需要导入的新工单。"), "ok"
        return head + self.tr("按“导入”写入。"), "ok"
