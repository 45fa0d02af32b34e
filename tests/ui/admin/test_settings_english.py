"""--lang en: the phonebook, missed calls, registers, shift and settings windows show no untranslated Chinese.

Data stays as it is (unit names, communities are Chinese in the test street);
what is checked is the chrome: titles, labels, buttons, headers, tabs,
placeholders, actions, and the combo entries that are not data.
"""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from console.services import missed_calls as M
from console.services import shifts
from console.ui.common.workers import TaskRunner
from console.ui.shell.i18n import install_translators, remove_translators

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
DATA_COMBOS = {"phonebookCommunity", "phonebookCategory", "memberCommunityFilter", "memberGroupFilter",
               "entryCategoryFilter", "memberCommunity", "entryCategory"}  # first entry ("All …") is ours
# Shown as they are on purpose: the languages in their own words, the street's own group names
# (stored text), and the duty-hours hint that quotes the Chinese words the parser reads.
SKIP = {"langCombo", "memberGroup", "dutyHint"}


@pytest.fixture
def english():
    app = QApplication.instance()
    translators = install_translators(app, "en")
    assert translators, "hotline_en.qm was not found"
    yield
    remove_translators(app, translators)


def chrome_texts(root: QWidget, data: tuple[str, ...] = ()) -> list[str]:
    """Every text a window shows of its own (not the data it lists)."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if w.objectName() in SKIP:
            continue
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts += [w.text(), w.toolTip()]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            items = [w.itemText(i) for i in range(w.count())]
            texts += items[:1] if w.objectName() in DATA_COMBOS else items
        elif isinstance(w, (QLineEdit, QPlainTextEdit)):
            texts.append(w.placeholderText())
        if isinstance(w, QAbstractItemView) and w.model() is not None and hasattr(w, "horizontalHeader"):
            m = w.model()
            texts += [str(m.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(m.columnCount(QModelIndex()))]
        texts += [a.text() for a in w.actions()]
    out = []
    for t in texts:
        for d in data:
            t = t.replace(d, "")
        out.append(t)
    return out


def chinese(texts: list[str]) -> list[str]:
    return [t for t in texts if CJK.search(t or "")]


def test_companion_windows_in_english(qtbot, english, named_desk, operator, supervisor, street, clock, tmp_path):
    from PySide6.QtCore import QSettings

    from console.ui.admin.categories_dialog import CategoriesEditorDialog
    from console.ui.admin.settings_dialog import SettingsDialog
    from console.ui.missed_calls.missed_call_dialog import MissedCallDialog
    from console.ui.missed_calls.missed_calls_window import MissedCallsWindow
    from console.ui.phonebook.phonebook_window import PhonebookWindow
    from console.ui.phonebook.unit_edit_dialog import UnitEditDialog
    from console.ui.phonebook.unit_import_dialog import UnitImportDialog
    from console.ui.registers.registers_window import HandbookEntryDialog, RegistersWindow, SpecialMemberDialog
    from console.ui.shifts.shift_dialogs import CloseShiftDialog, HandoverNoteDialog

    runner = TaskRunner(synchronous=True)
    sid = shifts.open_shift(named_desk, operator)
    M.log_missed_call(named_desk, operator, "13912345678")
    clock.advance(minutes=30)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    names = ("嘉宏三村物业", "嘉宏三村", "白马小区", "水电气", "停电", "漏水", "噪音扰民", "张值班", "物业办公室", "前台",
             "陈师傅", "值班电工", "城东供电所", "值班室", "24小时值班", "城东派出所", "值班民警", "值班", "白马小区物业",
             "第一网格", "第二网格", "工作日", "24小时")
    windows: list[QWidget] = [
        PhonebookWindow(named_desk, operator, runner),
        UnitEditDialog(named_desk, operator, unit_id=street.units["嘉宏三村物业"]),
        UnitEditDialog(named_desk, operator),
        CategoriesEditorDialog(named_desk, supervisor),
        UnitImportDialog(named_desk, operator, runner),
        MissedCallsWindow(named_desk, operator),
        MissedCallDialog(named_desk, operator),
        RegistersWindow(named_desk, operator, runner),
        SpecialMemberDialog(named_desk, operator),
        HandbookEntryDialog(named_desk, operator),
        HandoverNoteDialog(named_desk, operator, sid),
        CloseShiftDialog(named_desk, operator, sid),
        SettingsDialog(settings),
    ]
    found = {}
    for w in windows:
        qtbot.addWidget(w)
        bad = chinese(chrome_texts(w, names))
        if bad:
            found[type(w).__name__] = bad
    assert found == {}

    book, missed_win, closing = windows[0], windows[5], windows[11]
    assert book.model.headerData(0, Qt.Orientation.Horizontal) == "Unit"
    assert book.count_label.text().startswith("4 unit(s); 3 reachable now")
    assert missed_win.model.index(0, 2).data() == "overdue by 15 min"
    assert missed_win.model.index(0, 3).data() == "not yet"
    assert closing.follow.index(0, 0).data() == "Missed-call call-back"
    assert "Night" in closing.findChild(QLabel, "handoverHead").text()
    assert "whole street" in book.model.index(book.model.row_of(street.units["城东供电所"]), 3).data()
    for w in windows:
        if isinstance(w, QDialog):
            w.done(0)
