"""What every page of the set-up assistant shares: a one-line error, focus in its first field."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, QWizardPage

from ...domain.errors import UserError
from ..shell.i18n import current_lang


class SetupPage(QWizardPage):
    """A page with an error line at its foot; `first` gets the keyboard focus whenever it is shown."""

    step = ""  # the plan's step this page fills (console.ui.setup.plan), for errors found on writing

    def __init__(self, parent=None):
        super().__init__(parent)
        self.first: QWidget | None = None
        self.body = QVBoxLayout(self)
        self.error = QLabel(self)
        self.error.setObjectName("setupError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

    def finish_layout(self) -> None:
        """Call at the end of a page's constructor: the error line goes last."""
        self.body.addStretch(1)
        self.body.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.show_error("")
        self.focus_first()

    def focus_first(self) -> None:
        if self.first is not None:
            QTimer.singleShot(0, self.first.setFocus)  # after QWizard has shown the page

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def refuse(self, e: UserError) -> bool:
        """Show a service's refusal on this page; returns False for validatePage."""
        self.show_error(e.message(current_lang()))
        self.focus_first()
        return False

    def button_row(self, *buttons: tuple[str, object]) -> list[QPushButton]:
        """A row of buttons ((text, slot or None), …) under a page's fields; none takes Enter from Next."""
        row = QHBoxLayout()
        made = []
        for text, slot in buttons:
            b = QPushButton(text, self)
            b.setAutoDefault(False)
            if slot is not None:
                b.clicked.connect(slot)
            row.addWidget(b)
            made.append(b)
        row.addStretch(1)
        self.body.addLayout(row)
        return made
