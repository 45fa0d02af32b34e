"""设置: theme, font size and language — this operator's own, kept in QSettings.

Theme and font size apply as soon as the dialog is confirmed (the whole
application, see console.ui.shell.theme); the language is saved and applies at the
next start, which the dialog says in so many words.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from ..shell.i18n import current_lang
from ..shell.theme import FONT_MAX, FONT_MIN, THEME_DARK, THEME_LIGHT, Look, apply_look, load_look, save_look, set_role


class SettingsDialog(QDialog):
    """Keyboard: Alt+T theme, Alt+Z font size, Alt+L language, Enter saves."""

    def __init__(self, settings: QSettings, parent=None, *, app: QApplication | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("设置"))
        self._settings = settings
        self._app = app or QApplication.instance()
        self.before = load_look(settings)

        self.theme = QComboBox()
        self.theme.setObjectName("themeCombo")
        self.theme.addItem(self.tr("浅色"), THEME_LIGHT)
        self.theme.addItem(self.tr("深色（夜班）"), THEME_DARK)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.before.theme)))

        self.font_size = QSpinBox()
        self.font_size.setObjectName("fontSizeSpin")
        self.font_size.setRange(FONT_MIN - 1, FONT_MAX)
        self.font_size.setSpecialValueText(self.tr("默认"))  # shown at the minimum (FONT_MIN - 1)
        self.font_size.setSuffix(self.tr(" 磅"))
        self.font_size.setValue(self.before.font_pt or FONT_MIN - 1)

        self.lang = QComboBox()
        self.lang.setObjectName("langCombo")
        self.lang.addItem("简体中文", "zh_CN")  # each language in its own words: never translated
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(max(0, self.lang.findData(self.before.lang or current_lang())))
        self.lang_note = QLabel(self.tr("界面语言在重新启动值班台后生效。"))
        self.lang_note.setObjectName("langNote")
        self.lang_note.setTextFormat(Qt.TextFormat.PlainText)
        self.lang_note.setWordWrap(True)
        set_role(self.lang_note, "hint")

        form = QFormLayout()
        for text, field in ((self.tr("主题(&T)："), self.theme), (self.tr("字号(&Z)："), self.font_size),
                            (self.tr("语言(&L)："), self.lang)):
            lab = QLabel(text)
            lab.setBuddy(field)
            form.addRow(lab, field)
        form.addRow("", self.lang_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.setMinimumWidth(360)
        self.theme.setFocus()

    def look(self) -> Look:
        pt = self.font_size.value()
        return Look(theme=self.theme.currentData(), font_pt=0 if pt < FONT_MIN else pt,
                    lang=self.lang.currentData())

    @property
    def language_changed(self) -> bool:
        return self.look().lang != (self.before.lang or current_lang())

    def accept(self) -> None:
        look = self.look()
        save_look(self._settings, look)
        if self._app is not None:
            apply_look(self._app, look)
        super().accept()
