"""设置: theme and font size switch app-wide at once and persist; the language waits for a restart."""
from __future__ import annotations

import pytest
from helpers import key
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from console.ui.admin.settings_dialog import SettingsDialog
from console.ui.shell import theme


@pytest.fixture
def app_look(qapp):
    """Every test leaves the application as it found it: light, default size. (`qapp`: the application
    exists even when this is the first Qt test a worker runs.)"""
    app = qapp
    yield app
    theme.apply_look(app, theme.Look())


def window_colour(app) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def test_dark_theme_and_font_size_apply_at_once_and_are_saved(qtbot, app_look, ui_settings, make_window):
    app = app_look
    w = make_window()
    base_pt = app.font().pointSize()
    assert window_colour(app) > 128
    dlg = SettingsDialog(ui_settings, w)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.theme.hasFocus)
    key(qtbot, Qt.Key.Key_Down)  # 深色（夜班）
    assert dlg.theme.currentData() == theme.THEME_DARK
    qtbot.keyClick(dlg, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)  # 字号
    assert dlg.font_size.hasFocus()
    dlg.font_size.selectAll()
    qtbot.keyClicks(dlg.font_size, "14")
    key(qtbot, Qt.Key.Key_Return)
    assert not dlg.isVisible()

    assert window_colour(app) < 80 and app.palette().color(QPalette.ColorRole.Text).lightness() > 200
    assert app.font().pointSize() == 14
    assert w.table.font().pointSize() == 14
    assert w.table.verticalHeader().defaultSectionSize() == w.table.fontMetrics().height() + 8
    assert 'QLabel[role="error"]' in app.styleSheet()
    assert theme.load_look(ui_settings) == theme.Look(theme.THEME_DARK, 14, "zh_CN")
    assert theme.current_theme() == theme.THEME_DARK

    # back to light, default size: the platform's own palette and size again
    dlg = SettingsDialog(ui_settings, w)
    dlg.theme.setCurrentIndex(0)
    dlg.font_size.setValue(dlg.font_size.minimum())  # shown as 默认
    assert dlg.font_size.text() == "默认"
    dlg.accept()
    assert window_colour(app) > 128 and app.font().pointSize() == base_pt
    assert theme.load_look(ui_settings).font_pt == 0


def test_language_is_saved_for_the_next_start_and_says_so(qtbot, app_look, ui_settings, make_window):
    w = make_window()
    w.windows.open_settings()
    dlg = w.windows.dialog
    assert dlg.lang_note.isVisible() or not dlg.isVisible()
    assert "重新启动" in dlg.lang_note.text()
    dlg.lang.setCurrentIndex(dlg.lang.findData("en"))
    assert dlg.language_changed
    dlg.accept()
    look = theme.load_look(ui_settings)
    assert look.lang == "en"
    assert "重新启动后生效" in w.status.currentMessage()
    # at the next start: the saved language, unless --lang was given on the command line
    assert theme.window_lang("zh_CN", False, look) == "en"
    assert theme.window_lang("zh_CN", True, look) == "zh_CN"
    assert theme.window_lang("en", False, theme.Look()) == "en"
    assert theme.window_lang("zh_CN", False, theme.Look()) == "zh_CN"


def test_unreadable_settings_fall_back_to_defaults(ui_settings):
    ui_settings.setValue(theme.KEY_THEME, "purple")
    ui_settings.setValue(theme.KEY_FONT, "huge")
    ui_settings.setValue(theme.KEY_LANG, "fr")
    assert theme.load_look(ui_settings) == theme.Look()
    ui_settings.setValue(theme.KEY_FONT, 99)
    assert theme.load_look(ui_settings).font_pt == 0


def test_launch_applies_the_saved_look(app_look, monkeypatch, ui_settings):
    from console.ui.shell import launch

    theme.save_look(ui_settings, theme.Look(theme.THEME_DARK, 12, ""))
    monkeypatch.setattr(launch, "QSettings", lambda *a: ui_settings)
    launch.apply_look(app_look)
    assert theme.current_theme() == theme.THEME_DARK and app_look.font().pointSize() == 12
