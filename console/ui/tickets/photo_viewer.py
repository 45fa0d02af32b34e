"""One ticket photo at a readable size, with 另存为 (to send it on to a unit)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QScrollArea, QVBoxLayout

from ...domain.errors import UserError
from ...services.context import Desk
from ...services.photos import photo_data
from ...services.ticket_list import TicketPhotoRow


def photo_image(desk: Desk, photo_id: int) -> QImage:
    """The kept photo decoded by Qt (a null image when it cannot be read)."""
    _media, data = photo_data(desk, photo_id)
    return QImage.fromData(data)


class PhotoViewer(QDialog):
    def __init__(self, desk: Desk, number: str, photo: TicketPhotoRow, parent=None):
        super().__init__(parent)
        self._desk, self._photo = desk, photo
        self.setObjectName("photoViewer")
        self.setWindowTitle(self.tr("工单 {n} 的照片").format(n=number))
        image = photo_image(desk, photo.id)
        label = QLabel()
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if image.isNull():
            label.setText(self.tr("照片无法显示。"))
        else:
            label.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(self.tr("另存为(&S)…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save_as)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        lay.addWidget(buttons)
        self.resize(min(image.width() + 60, 1100) if not image.isNull() else 400,
                    min(image.height() + 100, 800) if not image.isNull() else 200)
        # where 另存为 writes: a file dialog by default; tests put a path here
        self.pick_path = self._pick_path

    def _pick_path(self) -> str:
        suffix = ".png" if self._photo.name.lower().endswith(".png") else ".jpg"
        default = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)) / (
            Path(self._photo.name).stem + suffix if self._photo.name else f"photo-{self._photo.id}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存照片"), str(default),
                                              self.tr("图片 (*.jpg *.jpeg *.png)"))
        return path

    def save_as(self) -> None:
        path = self.pick_path()
        if not path:
            return
        try:
            _media, data = photo_data(self._desk, self._photo.id)
            Path(path).write_bytes(data)
        except (OSError, UserError) as e:
            QMessageBox.warning(self, self.tr("无法保存"), self.tr("照片没有保存：{e}").format(e=e))
