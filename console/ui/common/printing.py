"""Printing the desk's reports, with Qt's print preview.

One layout: the reports are PDFs built by reportlab (console/reports); to
print or preview one, its pages are rendered to images by pdfium
(`pypdfium2`, whose wheels carry the library for Windows, macOS and Linux,
so nothing else is installed on a desk) at the printer's resolution (at
most 300 dpi) and drawn onto the QPrinter, one PDF page per sheet, the
whole sheet (the PDF has its own margins). PySide6-Essentials has no QtPdf,
and drawing the reports a second time with QPainter would be a second
layout to keep equal. See docs/ARCHITECTURE.md ("Printing").
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

MAX_DPI = 300


def a4_printer(printer: QPrinter | None = None) -> QPrinter:
    """A high-resolution printer (the default one, or `printer`) set to A4 portrait, the whole sheet."""
    p = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    p.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    p.setPageOrientation(QPageLayout.Orientation.Portrait)
    p.setFullPage(True)
    return p


def render_pdf(pdf: str | Path | bytes, printer: QPrinter) -> int:
    """Draw every page of `pdf` (a file, or the PDF itself as bytes) onto `printer` (a sheet each, scaled to fit, centred); returns the page count.

    Raises OSError when the printer cannot be started."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise OSError(f"the printer {printer.printerName()!r} could not be started")
        dpi = min(printer.resolution(), MAX_DPI)
        area = QRectF(painter.viewport())
        n = len(doc)
        for i in range(n):
            if i:
                printer.newPage()
            page = doc[i]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB, for QImage
                try:
                    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                                   QImage.Format.Format_RGB888).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
            scale = min(area.width() / image.width(), area.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            target = QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)
            painter.drawImage(target, image)
        return n
    finally:
        if painter.isActive():
            painter.end()
        doc.close()


def preview_pdf(parent: QWidget | None, pdf: str | Path | bytes, title: str) -> QPrintPreviewDialog:
    """Qt's print preview of `pdf` (Print in it prints; the printer dialog chooses where). Not shown yet:
    the caller opens it (`exec()` or `open()`); tests look at it without showing it."""
    printer = a4_printer()
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.printer_ = printer  # type: ignore[attr-defined]  # the dialog does not own it: kept alive with it
    dlg.setObjectName("printPreview")
    dlg.setWindowTitle(title)
    dlg.paintRequested.connect(lambda printer: render_pdf(pdf, printer))
    return dlg


def named_printer(name: str) -> QPrinter | None:
    """The printer the system knows by `name`, set up for A4; None when there is none by that name."""
    info = QPrinterInfo.printerInfo(name)
    if info.isNull() or info.printerName() != name:
        return None
    return a4_printer(QPrinter(info, QPrinter.PrinterMode.HighResolution))
