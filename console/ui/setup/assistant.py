"""The set-up assistant (设置向导): a new desk's first start, or an administrator's redo.

First start (no active account in the database; console.ui.shell.launch opens it
instead of the login dialog): desk name → street and communities → grids →
first administrator → shift hours [commit: everything is written, the
administrator first] → optional imports → the main window, logged in as
that administrator.

Redo (设置 → 设置向导…, administrators): the desk-owned pages only (name,
street and communities, grids, shift hours), written on Finish under the
logged-in administrator's name; accounts are the account editor's job.

Keyboard: the first field of every page has the focus, Enter is Next (in a
multi-line box Enter is a new line and Tab leaves it), Alt+N / Alt+B are
Next / Back, Esc asks before leaving (nothing is written until the commit
page; after it, leaving is finishing).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWizard

from ...domain.errors import ConflictError, UserError
from ...services import street as street_service
from ...services.context import Actor, Changes, Desk
from ...services.desk_settings import read_desk_settings
from ..common import ask
from ..shell.i18n import current_lang
from .account_pages import AdminPage, ImportsPage
from .base import SetupPage
from .desk_pages import DeskNamePage, ShiftsPage, StreetPage
from .grids_page import GridsPage
from .plan import STEP_ADMIN, SetupPlan, SetupProgress, StepFailed, apply_plan

log = logging.getLogger(__name__)

PAGE_NAME, PAGE_STREET, PAGE_GRIDS, PAGE_ADMIN, PAGE_SHIFTS, PAGE_IMPORTS = range(6)


class SetupAssistant(QWizard):
    """`actor` None: the first start (makes the first administrator); else a redo by that administrator.

    After exec(): `actor` is who is logged in (the new administrator on a first start);
    `changes` what was written (for MainWindow.apply_changes)."""

    def __init__(self, desk: Desk, actor: Actor | None = None, *, runner=None, parent=None):
        super().__init__(parent)
        self.setObjectName("setupAssistant")
        self.desk = desk
        self.actor = actor
        self.first_start = actor is None
        self.committed = False
        self.taken_over = False  # another seat created the first administrator while this one was typing
        self.changes = Changes()
        self.progress = SetupProgress()
        self._runner = runner
        self._own_runner = runner is None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)  # the same look on every system
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setWindowTitle(self.tr("设置向导") if self.first_start else self.tr("设置向导（修改）"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("保存(&N) >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成(&F)"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))

        now = read_desk_settings(desk)
        self.loaded = now  # what the pages show: a setting another seat changes meanwhile is not overwritten
        self.loaded_street = street_service.street_name(desk)
        communities = [c.name for c in street_service.list_communities(desk)]
        self.name_page = DeskNamePage(now.name, self, now.duty_phone)
        self.street_page = StreetPage(self.loaded_street, communities, self)
        self.grids_page = GridsPage([g.name for g in street_service.list_grids(desk)], self)
        self.grids_page.communities_source = lambda: communities + self.street_page.communities()
        self.shifts_page = ShiftsPage(now.hours.day_start, now.hours.night_start, self, now.undo_minutes,
                                      now.limits, now.printer)
        self.setPage(PAGE_NAME, self.name_page)
        self.setPage(PAGE_STREET, self.street_page)
        self.setPage(PAGE_GRIDS, self.grids_page)
        self.admin_page: AdminPage | None = None
        self.imports_page: ImportsPage | None = None
        if self.first_start:
            self.admin_page = AdminPage(self)
            self.setPage(PAGE_ADMIN, self.admin_page)
        self.setPage(PAGE_SHIFTS, self.shifts_page)
        if self.first_start:
            self.shifts_page.setCommitPage(True)
            self.shifts_page.say_it_saves()
            self.imports_page = ImportsPage(self)
            self.imports_page.units_button.clicked.connect(self.import_units)
            self.imports_page.tickets_button.clicked.connect(self.import_tickets)
            self.setPage(PAGE_IMPORTS, self.imports_page)
        self.setStartId(PAGE_NAME)
        self.setMinimumSize(680, 520)

    # -- writing -----------------------------------------------------------------------
    def plan(self) -> SetupPlan:
        day, night = self.shifts_page.hours()
        return SetupPlan(desk_name=self.name_page.desk_name(), street=self.street_page.street_name(),
                         communities=self.street_page.communities(), grids=list(self.grids_page.grids),
                         admin=self.admin_page.plan() if self.admin_page else None,
                         day_start=day, night_start=night, undo_minutes=self.shifts_page.undo.value(),
                         limits=self.shifts_page.limit_values(), printer=self.shifts_page.printer_name(),
                         duty_phone=self.name_page.duty_phone(),
                         loaded=self.loaded,
                         loaded_street=self.loaded_street)

    def commit(self) -> bool:
        """Write the plan (ShiftsPage.validatePage calls this); on a refusal, back to the page it names."""
        try:
            self.actor = apply_plan(self.desk, self.plan(), self.progress, None if self.first_start else self.actor)
        except StepFailed as e:
            log.info("set-up assistant: step %s refused: %s", e.step, e.en)
            if self.first_start and self.progress.actor is not None:
                self.actor = self.progress.actor
            if isinstance(e.cause, ConflictError) and e.step == STEP_ADMIN:
                self._set_up_elsewhere()
            self._back_to(e.step, e)
            return False
        self.committed = True
        self.changes.merge(Changes(settings=True))
        log.info("set-up assistant: written by %s", self.actor.username if self.actor else "?")
        return True

    def _back_to(self, step: str, error: UserError) -> None:
        target = next((pid for pid in self.pageIds() if getattr(self.page(pid), "step", "") == step),
                      self.currentId())
        text = self.tr("“{page}”这一步没有保存：{why}").format(page=self.page(target).title(),
                                                           why=error.message(current_lang()))
        current = self.currentPage()
        if isinstance(current, SetupPage):
            current.show_error(text)

        def go_back() -> None:
            while self.currentId() != target and self.currentId() != self.startId():
                self.back()
            page = self.page(target)
            if isinstance(page, SetupPage):
                page.show_error(text)
                page.focus_first()

        QTimer.singleShot(0, go_back)

    def _set_up_elsewhere(self) -> None:
        """Another seat made the first administrator meanwhile: leaving now leads to the login dialog
        (console.ui.shell.launch), so 取消 says so and Esc does not ask."""
        self.taken_over = True
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("去登录(&L)"))

    # -- optional imports (after the commit: they write under the administrator's name) ---------------
    def runner(self):
        if self._runner is None:
            from ..common.workers import TaskRunner

            self._runner = TaskRunner(self)
        return self._runner

    def import_units(self) -> QDialog:
        from ..phonebook.unit_import_dialog import UnitImportDialog

        return self._import(UnitImportDialog(self.desk, self.actor, self.runner(), self))

    def import_tickets(self) -> QDialog:
        from ..exports.ticket_import_dialog import TicketImportDialog

        return self._import(TicketImportDialog(self.desk, self.actor, self.runner(), self))

    def _import(self, dlg: QDialog) -> QDialog:
        if hasattr(dlg, "imported"):
            dlg.imported.connect(self._imported)
        dlg.open()
        return dlg

    def _imported(self, changes=None) -> None:
        if isinstance(changes, Changes):
            self.changes.merge(changes)
        if self.imports_page is not None:
            self.imports_page.done.setText(self.tr("已导入。可以继续导入，或按“完成”进入值班台。"))

    # -- leaving -----------------------------------------------------------------------
    def reject(self) -> None:
        """Esc / 取消: asked first while nothing is written; after the commit, leaving is finishing."""
        if self.committed:
            self.accept()
            return
        if self.taken_over:
            super().reject()
            return
        question = (self.tr("退出设置向导？填写的内容都不会保存，下次启动时会重新开始。") if self.first_start
                    else self.tr("退出设置向导？这次的修改不会保存。"))
        if ask.confirm(self, self.tr("设置向导"), question):
            super().reject()

    def done(self, result: int) -> None:
        super().done(result)
        if self._own_runner and self._runner is not None and not self.isVisible():
            self._runner.shutdown()  # an import still running is waited for, not cut off
