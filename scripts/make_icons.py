"""Make the executables' icons from resources/icons/hotline.svg.

PyInstaller wants a Windows .ico and a macOS .icns (Linux executables carry
no icon; the window sets its own from the SVG at run time). Both are made
here from the one SVG and committed, so a build machine needs neither tool:

    python scripts/make_icons.py

Qt renders the SVG (QtSvg is in PySide6-Essentials); Pillow, which
reportlab already depends on, writes the two container formats.
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "hotline.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(size: int):
    """The SVG drawn at size × size as a Pillow RGBA image."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    big = render(1024)
    render(256).save(ICONS / "hotline.ico", format="ICO",
                     sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[render(s) for s in ICO_SIZES if s != 256])
    big.save(ICONS / "hotline.icns", format="ICNS",
             append_images=[render(s) for s in (16, 32, 64, 128, 256, 512)])
    for name in ("hotline.ico", "hotline.icns"):
        print(ICONS / name, (ICONS / name).stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
