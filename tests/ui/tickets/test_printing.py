"""Printing from the main window with Qt's preview: 文件 → 打印交接班日志 (Ctrl+P), 工单 → 打印派单单
(Ctrl+Shift+D) and 打印督办通知单 beside 督办. The preview's exec is replaced so nothing blocks: it prints
what it would show to a PDF-output QPrinter, whose page count must be the report's."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import shiboken6
from PySide6.QtGui import QAction, QKeySequence

from console.services import shifts
from console.services import tickets as T
from console.services.dispatch_sheet import write_dispatch_sheet
from console.ui.exports import export_dialogs
from console.ui.tickets import desk_printing


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))


@pytest.fixture
def previews(monkeypatch, tmp_path):
    """Each preview opened: (its title, the PDF its pages printed to)."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from console.ui.common.printing import a4_printer

    shown: list = []

    def exec_(dlg):
        out = tmp_path / f"printed{len(shown)}.pdf"
        printer = a4_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dlg.paintRequested.emit(printer)  # what the preview draws, onto paper
        shown.append((dlg.windowTitle(), out))
        return 0
    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    return shown


@pytest.fixture
def made(monkeypatch):
    """The PDF bytes each print job made, and whether it masked."""
    jobs: list = []
    real_sheet, real_log = desk_printing.sheet_bytes, export_dialogs.shift_log_bytes

    def sheet(write, desk, actor, tid, *, mask):
        jobs.append((write.__name__, mask, pdf := real_sheet(write, desk, actor, tid, mask=mask)))
        return pdf

    def log(desk, actor, **kw):
        jobs.append(("shift_log", kw["mask"], pdf := real_log(desk, actor, **kw)))
        return pdf
    monkeypatch.setattr(desk_printing, "sheet_bytes", sheet)
    monkeypatch.setattr(export_dialogs, "shift_log_bytes", log)
    return jobs


def _same_pages(tmp_path, pdf: bytes, printed) -> None:
    if shutil.which("pdfinfo"):
        source = tmp_path / "source.pdf"
        source.write_bytes(pdf)
        assert _pages(printed) == _pages(source) >= 1


def test_the_menus_offer_the_prints_with_shortcuts_that_clash_with_nothing(make_window):
    w = make_window()
    p = w.printing
    assert p.act_print_shift_log.shortcut() == QKeySequence("Ctrl+P")
    assert p.act_print_dispatch.shortcut() == QKeySequence("Ctrl+Shift+D")
    menus = {m.title(): m.actions() for m in (a.menu() for a in w.menuBar().actions()) if m}
    assert p.act_print_shift_log in menus["文件(&F)"]
    ticket_menu = menus["工单(&T)"]
    dispatch = w.ticket_actions.actions[T.Action.DISPATCH]
    press = w.ticket_actions.actions[T.Action.PRESS]
    assert ticket_menu[ticket_menu.index(dispatch) + 1] is p.act_print_dispatch  # each beside its step
    assert ticket_menu[ticket_menu.index(press) + 1] is p.act_print_notice
    keys = [k.toString() for a in w.findChildren(QAction) for k in a.shortcuts() if not k.isEmpty()]
    assert len(keys) == len(set(keys)), sorted(keys)


def test_an_operator_prints_a_dispatched_tickets_sheet_masked(qtbot, make_window, some_tickets, previews,
                                                              made, tmp_path):
    w = make_window()
    w.select_ticket(some_tickets[0])  # only logged: no sheet to print
    assert not w.printing.act_print_dispatch.isEnabled()
    w.select_ticket(some_tickets[1])
    assert w.printing.act_print_dispatch.isEnabled() and not w.printing.act_print_notice.isEnabled()
    w.printing.ask_unmasked = lambda title: pytest.fail("an operator is not asked")
    w.printing.act_print_dispatch.trigger()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=30_000)
    (title, printed), = previews
    assert title.startswith("派单单 ") and [j[:2] for j in made] == [("write_dispatch_sheet", True)]
    _same_pages(tmp_path, made[0][2], printed)
    assert w.printing.act_print_dispatch.isEnabled()  # no longer busy


def test_a_supervisor_may_print_full_numbers_and_the_press_notice(qtbot, make_window, some_tickets, supervisor,
                                                                  named_desk, clock, previews, made, tmp_path):
    clock.advance(days=2)
    T.press(named_desk, supervisor, some_tickets[1], "请今天内派人维修")
    w = make_window(supervisor)
    w.select_ticket(some_tickets[1])
    w.printing.ask_unmasked = lambda title: True
    w.printing.act_print_dispatch.trigger()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=30_000)
    assert w.printing.act_print_notice.isEnabled()
    w.printing.ask_unmasked = lambda title: False
    w.printing.act_print_notice.trigger()
    qtbot.waitUntil(lambda: len(previews) == 2, timeout=30_000)
    assert [j[:2] for j in made] == [("write_dispatch_sheet", False), ("write_press_notice", True)]
    assert previews[1][0].startswith("督办通知单 ")
    _same_pages(tmp_path, made[1][2], previews[1][1])


def test_a_refusal_is_one_sentence(qtbot, make_window, some_tickets, monkeypatch, previews):
    from PySide6.QtWidgets import QMessageBox

    warned: list = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))
    w = make_window()
    w.select_ticket(some_tickets[0])
    w.printing._print(write_dispatch_sheet, w.printing.detail, "派单单")  # as if another seat undid the dispatch
    qtbot.waitUntil(lambda: bool(warned), timeout=30_000)
    assert warned == [f"工单 {w.printing.detail.number} 还没有派单，没有派单单可打印。"] and previews == []


def test_ctrl_p_prints_the_open_shifts_log_through_the_export_choices(qtbot, make_window, named_desk, operator,
                                                                      some_tickets, previews, made, tmp_path):
    shifts.open_shift(named_desk, operator)
    w = make_window()
    dlg = w.printing.print_shift_log()
    assert dlg.objectName() == "shiftLogPrintDialog" and dlg.shift_radio.isChecked()
    assert not dlg.unmasked_box.isEnabled() and not dlg.folder_edit.isVisibleTo(dlg)
    dlg.export_button.click()
    assert previews or dlg.message.text() == "正在准备打印预览…"  # it prints, it does not "export"
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=60_000)
    assert not shiboken6.isValid(dlg) or not dlg.isVisible()  # closed (and deleted) once the log is made
    assert previews[0][0] == "交接班日志"
    assert [j[:2] for j in made] == [("shift_log", True)]
    _same_pages(tmp_path, made[0][2], previews[0][1])


def test_the_preview_keeps_its_printer_and_shows_the_pages(qtbot, named_desk, operator, some_tickets):
    import gc

    from console.ui.common.printing import preview_pdf

    pdf = desk_printing.sheet_bytes(write_dispatch_sheet, named_desk, operator, some_tickets[1], mask=True)
    dlg = preview_pdf(None, pdf, "派单单")  # its printer was once a temporary the dialog did not own: a crash
    qtbot.addWidget(dlg)
    gc.collect()
    painted = []
    dlg.paintRequested.connect(lambda printer: painted.append(printer.pageLayout().pageSize().id()))
    with qtbot.waitExposed(dlg):
        dlg.open()
    qtbot.waitUntil(lambda: bool(painted))
    dlg.reject()
