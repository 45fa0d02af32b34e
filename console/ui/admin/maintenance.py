"""文件 → 备份数据库, 管理 → 检查数据库 / 从备份恢复: the maintenance service from the window.

The window calls console.services.maintenance, as the command line does, so
both back up the same engines (a SQLite file or a pg_dump archive) under the
same names in the same rotated folder, and check and restore the same way.
Backing up is everyone's (a night operator may copy the desk before
closing); checking and restoring are an administrator's.

A restore replaces the database under the running window: before it the
window stops everything that reads the database (timers, due alerts, the
change watcher) and closes its connections; after a good restore it closes,
because every seat must open the restored desk afresh (the window would
refuse to write to a replaced file anyway). A refused restore (another seat
still connected, a damaged or newer backup) changes nothing and the window
carries on.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from ... import paths
from ...domain.permissions import may
from ...services import maintenance
from ..shell.i18n import current_lang

if TYPE_CHECKING:  # pragma: no cover
    from ..tickets.desk_windows import DeskHost

log = logging.getLogger(__name__)


class DeskMaintenance(QObject):
    def __init__(self, window: DeskHost):
        super().__init__(window)
        self.window = window
        self.box: QMessageBox | None = None  # the last answer shown (tests read it)

    # -- helpers -----------------------------------------------------------------------------
    def _file_filter(self) -> str:
        if self.window.desk.db.is_sqlite:
            return self.tr("SQLite 数据库 (*.sqlite3)")
        return self.tr("PostgreSQL 备份 (*.pgdump)")

    def _tell(self, title: str, text: str, icon=QMessageBox.Icon.Information) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("maintenanceBox")
        self.box = box
        box.open()
        return box

    def _busy(self, text: str) -> QProgressDialog:
        dlg = QProgressDialog(text, "", 0, 0, self.window)
        dlg.setCancelButton(None)  # a copy half made is removed by the service; nothing to cancel safely
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)
        dlg.setObjectName("maintenanceProgress")
        return dlg

    # -- backup (everyone) ----------------------------------------------------------------------
    def backup(self, out: str | None = None) -> None:
        """A copy of the desk's database, named and rotated as the command line names them."""
        db = self.window.desk.db
        if out is None:
            proposed = maintenance.proposed_backup_path(db)
            proposed.parent.mkdir(parents=True, exist_ok=True)
            out, _ = QFileDialog.getSaveFileName(self.window, self.tr("备份数据库"), str(proposed),
                                                 self._file_filter())
            if not out:
                return
        busy = self._busy(self.tr("正在备份数据库…"))

        def done(path: Path) -> None:
            busy.close()
            self._tell(self.tr("备份数据库"), self.tr("已备份到：\n{path}").format(path=str(path)))

        def failed(e: BaseException) -> None:
            busy.close()
            self.window.write_failed(e)

        self.window.runner.submit(maintenance.backup_desk, db, Path(out), on_result=done, on_error=failed)

    # -- check (admin) ----------------------------------------------------------------------------
    def check(self) -> None:
        if not may(self.window.actor.role, "manage_accounts"):
            return
        db = self.window.desk.db
        busy = self._busy(self.tr("正在检查数据库…"))

        def done(result) -> None:
            busy.close()
            problems, revision = result
            if problems:
                lines = "\n".join(f"• {p.message(current_lang())}" for p in problems)
                self._tell(self.tr("检查数据库"),
                           self.tr("检查发现 {n} 个问题：\n{lines}").format(n=len(problems), lines=lines),
                           QMessageBox.Icon.Warning)
            else:
                self._tell(self.tr("检查数据库"),
                           self.tr("检查通过：数据库完整，结构版本 {revision} 是最新的。").format(revision=revision))

        def failed(e: BaseException) -> None:
            busy.close()
            self.window.write_failed(e)

        self.window.runner.submit(maintenance.check_desk, db.target, on_result=done, on_error=failed)

    # -- restore (admin) ---------------------------------------------------------------------------
    def restore(self, source: str | None = None, *, confirmed: bool = False) -> None:
        if not may(self.window.actor.role, "replace_desk"):
            return
        w = self.window
        if source is None:
            source, _ = QFileDialog.getOpenFileName(w, self.tr("从备份恢复"), str(paths.backups_dir()),
                                                    self._file_filter())
            if not source:
                return
        if not confirmed:
            answer = QMessageBox.question(
                w, self.tr("从备份恢复"),
                self.tr("用这个备份替换当前数据库？\n{path}\n\n当前数据库会另存一份，不会丢失。其他席位必须先关闭值班台。"
                        "恢复成功后本窗口会关闭，请重新打开值班台。").format(path=source),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        if not w.pause_database():
            return
        busy = self._busy(self.tr("正在恢复数据库…"))

        def done(result: maintenance.RestoreDone) -> None:
            busy.close()
            log.info("restored %s from %s (schema %s)", result.target, result.source, result.revision)
            kept = self.tr("\n原来的数据库已另存为：\n{path}").format(path=str(result.replaced)) if result.replaced else ""
            box = self._tell(self.tr("从备份恢复"),
                             self.tr("已用备份恢复数据库（结构版本 {revision}）。{kept}\n\n值班台现在关闭，请重新打开。")
                             .format(revision=result.revision, kept=kept))
            box.finished.connect(lambda _r: w.close())

        def failed(e: BaseException) -> None:
            busy.close()
            w.resume_database()
            w.write_failed(e)

        w.runner.submit(maintenance.restore_desk, w.desk.db, Path(source), w.actor, on_result=done, on_error=failed)
