"""Pick a community or a category by typing Chinese or pinyin initials.

At night the operator types ``jhsc`` without switching the input method and
presses Enter: 嘉宏三村 is picked. The lists are small (dozens of entries),
so filtering in Python on every key is instant; QCompleter only shows the
popup and handles its keys (arrows, Enter, Tab, Esc) as the user expects.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit

from ...domain.initials import pinyin_initials
from .pick_list_model import ID_ROLE, ChoiceListModel, PickEntry, filter_entries


class ChoicePicker(QObject):
    """A line edit that resolves to one entry's id (or to nothing).

    ``chosen`` is emitted with the id (or None) whenever the resolved entry
    changes. Typing edits the filter; the popup's first line is current, so
    Enter or Tab picks it; a text that names exactly one entry resolves on
    leaving the field too (typed in full with an input method, say).
    """

    chosen = Signal(object)

    def __init__(self, edit: QLineEdit, entries: list[PickEntry]):
        super().__init__(edit)
        self.edit = edit
        self.model = ChoiceListModel(entries, self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(edit)
        self.completer.activated[QModelIndex].connect(self._on_activated)
        # Installed after QCompleter's own filter, so it runs first: Tab takes the
        # highlighted line, then moves on (QCompleter alone would drop it).
        self.completer.popup().installEventFilter(self)
        edit.textEdited.connect(self._on_edited)
        edit.editingFinished.connect(self.resolve)
        self._id: int | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.completer.popup() and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Tab:
            self.pick_current()
            self.edit.setFocus()  # the Tab that follows moves on from the field, as usual
        return super().eventFilter(obj, event)

    # --- state -------------------------------------------------------------
    @property
    def current_id(self) -> int | None:
        return self._id

    def entry(self, entry_id: int | None) -> PickEntry | None:
        return next((e for e in self.model.entries() if e.id == entry_id), None)

    def set_entries(self, entries: list[PickEntry]) -> None:
        self.model.set_entries(entries)
        if self._id is not None and self.entry(self._id) is None:
            self._set_id(None)

    def set_current(self, entry_id: int | None, text: str | None = None) -> None:
        """Show an entry (restoring a draft): its text, or the given text when unknown."""
        e = self.entry(entry_id)
        self.edit.setText(e.text if e else (text or ""))
        self._set_id(e.id if e else None)

    def _set_id(self, entry_id: int | None) -> None:
        if entry_id != self._id:
            self._id = entry_id
            self.chosen.emit(entry_id)

    # --- typing ------------------------------------------------------------
    def _on_edited(self, text: str) -> None:
        e = self.entry(self._id)
        if e is None or e.text != text:
            self._set_id(None)
        self.model.set_filter(text)
        if not text.strip() or self.model.rowCount() == 0:
            self.completer.popup().hide()
            return
        self.completer.complete()
        popup = self.completer.popup()
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _on_activated(self, index: QModelIndex) -> None:
        entry_id = index.data(ID_ROLE)
        e = self.entry(entry_id)
        if e is not None:
            self.edit.setText(e.text)
            self._set_id(e.id)

    def resolve(self) -> int | None:
        """Resolve the typed text when it names one entry; returns the id (or None)."""
        text = self.edit.text().strip()
        if not text:
            self._set_id(None)
            return None
        e = self.entry(self._id)
        if e is not None and e.text == text:
            return e.id
        exact = [x for x in self.model.entries() if x.text == text]
        hits = exact or filter_entries(self.model.entries(), text)
        if len(hits) == 1:
            self.edit.setText(hits[0].text)
            self._set_id(hits[0].id)
            return hits[0].id
        self._set_id(None)
        return None

    def pick_current(self) -> bool:
        """Pick the popup's current line (what Enter does); False when no popup is open."""
        popup = self.completer.popup()
        if not popup.isVisible():
            return False
        idx = popup.currentIndex()
        popup.hide()
        if idx.isValid():
            self._on_activated(idx)
            return True
        return False


class KeyChoiceCombo(QComboBox):
    """A combo box chosen with one key: its number (1, 2, 3 …) or a pinyin initial.

    Items read "1 咨询", "2 求助" …, so the key is on the screen. A letter
    picks the next item whose pinyin initials start with it (j: 举报, then
    建议), so pressing it again cycles between items sharing a letter.
    """

    def __init__(self, items: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self._labels = [label for _code, label in items]
        self._initials: list[str] | None = None  # computed on the first letter typed (pypinyin loads slowly)
        for i, (code, label) in enumerate(items, start=1):
            self.addItem(f"{i} {label}", code)
        self.setEditable(False)

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """Replace the choices (the desk's own list, read once the database answers); the chosen
        code stays chosen when it is still offered."""
        keep = self.currentData()
        self.blockSignals(True)
        self.clear()
        self._labels, self._initials = [label for _code, label in items], None
        for i, (code, label) in enumerate(items, start=1):
            self.addItem(f"{i} {label}", code)
        self.blockSignals(False)
        if keep is None or not self.set_code(keep):
            self.setCurrentIndex(0 if self.count() else -1)

    def code(self) -> str:
        return str(self.currentData())

    def set_code(self, code: str) -> bool:
        i = self.findData(code)
        if i >= 0:
            self.setCurrentIndex(i)
            return True
        return False

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if text and not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            ch = text.lower()
            if ch.isdigit() and 1 <= int(ch) <= self.count():
                self.setCurrentIndex(int(ch) - 1)
                event.accept()
                return
            if ch.isascii() and ch.isalpha():
                if self._initials is None:
                    self._initials = [pinyin_initials(x) for x in self._labels]
                n = self.count()
                for step in range(1, n + 1):
                    i = (self.currentIndex() + step) % n
                    if self._initials[i].startswith(ch):
                        self.setCurrentIndex(i)
                        break
                event.accept()
                return
        super().keyPressEvent(event)
