"""XlsxWriter the way this project's workbooks use it: safe options, house styles, A4 print set-up.

Why XlsxWriter: in `constant_memory` mode it streams each sheet row by row to a temporary file, and
writes a 250,000-row quarter in less than half of openpyxl's time (bench/RESULTS.md). openpyxl stays
for reading (imports).

What every workbook gets from here, written once:

- `Book` opens the workbook with strings never turned into formulas, links or numbers
  (`SAFE_OPTIONS`), its temporary files in a folder of its own that is removed whatever happens
  (`discard`), and turns XlsxWriter's `FileCreateError` back into the `OSError` it wraps, so the
  caller's atomic file says "disk full" in the user's words.
- `Sheet.append` writes a row of plain values: text always as text (cleaned by
  `safe_cells.cell_text`; text a spreadsheet would read as a formula gets the quote prefix Excel shows
  as an apostrophe), numbers as numbers, dates as dates; `Styled(value, style)` names a house style
  (`STYLES`) or a number format.
- `Sheet.print_setup`: landscape A4, one page wide and as long as needed, header rows on every page.

XlsxWriter holds the GIL for long stretches: the window runs a big export in a separate process
(console.services.export_process).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from .safe_cells import cell_text, is_formula_like

SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
DASH = "—"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT = "0.0%"
PP_CHANGE = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
PCT_CHANGE = "+0.0%;-0.0%;0.0%"
PAPER_A4 = 9
CM_TO_PX = 96 / 2.54  # chart sizes are given in centimetres, XlsxWriter takes pixels at 96 dpi
TMP_PARENT: str | None = None  # where the books' temporary folders go (None: the system's); tests point it aside

STYLES: dict[str, dict[str, Any]] = {
    "header": {"bold": True, "bg_color": "#DDEBF7", "pattern": 1, "align": "center", "valign": "vcenter",
               "text_wrap": True},
    "title": {"bold": True, "font_size": 13},
    "bold": {"bold": True},
    "note": {"font_color": "#595959"},
    "dash": {"align": "center"},
    "date": {"num_format": DATE_FORMAT},
    "percent": {"num_format": PERCENT},
    "minutes": {"num_format": "0.0"},
    "score": {"num_format": "0.00"},
    "integer": {"num_format": "0"},
    "pp": {"num_format": PP_CHANGE},
    "pct": {"num_format": PCT_CHANGE},
}


class Styled(NamedTuple):
    """A value with a house style (a key of STYLES) or a number format (any other string)."""

    value: object
    style: str | None


def dash_or(value: object, style: str | None = None) -> Styled:
    """A value in a style; None is shown as a centred "—"."""
    return Styled(DASH, "dash") if value is None else Styled(value, style)


class Book:
    """One XlsxWriter workbook written to `out` (a path or a binary file) on `close()`."""

    def __init__(self, out: Any, *, constant_memory: bool = True) -> None:
        import xlsxwriter

        self.tmpdir = tempfile.mkdtemp(prefix="hotline-xlsx-", dir=TMP_PARENT)
        try:
            self.wb = xlsxwriter.Workbook(out, {**SAFE_OPTIONS, "constant_memory": constant_memory,
                                                "tmpdir": self.tmpdir})
        except BaseException:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            raise
        self._formats: dict[tuple[str | None, bool], Any] = {}

    def format(self, style: str | None, quote: bool = False):
        """The cell format of a house style (or number format), optionally with Excel's quote prefix."""
        key = (style, quote)
        f = self._formats.get(key)
        if f is None:
            props = dict(STYLES.get(style, {"num_format": style}) if style else {})
            if quote:
                props["quote_prefix"] = True
            f = self._formats[key] = self.wb.add_format(props)
        return f

    def sheet(self, name: str, widths: Sequence[float] = ()) -> Sheet:
        return Sheet(self, self.wb.add_worksheet(name), widths)

    def set_title(self, title: str) -> None:
        self.wb.set_properties({"title": title, "author": "hotline-console"})

    def close(self) -> None:
        """Write the file. An OSError inside (a full disk) comes out as that OSError, not XlsxWriter's own."""
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.wb.close()
        except FileCreateError as e:
            cause = e.args[0] if e.args and isinstance(e.args[0], OSError) else None
            self.discard()
            if cause is not None:
                raise cause from None
            raise
        except BaseException:
            self.discard()
            raise
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def discard(self) -> None:
        """After a failure or a cancel: close the sheets' row files and remove every temporary file."""
        for ws in self.wb.worksheets():
            fh = getattr(ws, "row_data_fh", None)
            if fh is not None and not getattr(ws, "row_data_fh_closed", True):
                try:
                    fh.close()
                    ws.row_data_fh_closed = True
                except OSError:
                    pass
        self.wb.fileclosed = True  # nothing more is to be written by anyone
        shutil.rmtree(self.tmpdir, ignore_errors=True)


class Sheet:
    """A worksheet written top to bottom (`append`), in the house's styles."""

    def __init__(self, book: Book, ws, widths: Sequence[float] = ()) -> None:
        self.book, self.ws = book, ws
        self.row = 0  # the next row to write (0-based)
        self.widths(widths)

    def widths(self, widths: Iterable[float]) -> None:
        """Column widths from column A on, in characters."""
        for i, w in enumerate(widths):
            self.ws.set_column(i, i, w)

    def append(self, values: Iterable[object] = ()) -> int:
        """Write one row (None leaves a cell empty); returns its 0-based index."""
        r = self.row
        for c, v in enumerate(values):
            if v is not None:
                self.put(r, c, v)
        self.row = r + 1
        return r

    def put(self, r: int, c: int, v: object) -> None:
        style = None
        if type(v) is Styled:
            v, style = v
            if v is None:
                return
        ws, book = self.ws, self.book
        if isinstance(v, str):
            text = cell_text(v)
            if not text:
                return
            quote = is_formula_like(text)
            ws.write_string(r, c, text, book.format(style, quote) if style or quote else None)
        elif isinstance(v, bool):
            ws.write_boolean(r, c, v, book.format(style) if style else None)
        elif isinstance(v, (int, float)):
            ws.write_number(r, c, v, book.format(style) if style else None)
        elif isinstance(v, (datetime, date)):
            ws.write_datetime(r, c, v, book.format(style or "date"))
        else:
            self.put(r, c, Styled(str(v), style))

    def print_setup(self, *, title_rows: tuple[int, int] | None = None, one_page: bool = False) -> None:
        """Landscape A4, as wide as one page and as long as it needs (one page down if `one_page`), the
        rows `title_rows` (0-based, inclusive) on every page, narrow margins: a quarter's 明细 prints in
        tens of pages, not hundreds."""
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(PAPER_A4)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header("", {"margin": 0.3})
        ws.set_footer("", {"margin": 0.3})
        ws.fit_to_pages(1, 1 if one_page else 0)
        if title_rows is not None:
            ws.repeat_rows(*title_rows)


def chart(book: Book, kind: str, title: str, *, subtype: str | None = None, size_cm: tuple[float, float],
          y_axis: dict[str, Any] | None = None, legend: bool = True):
    """A native chart of `kind` ("column", "pie", …) `size_cm` (height, width) big; the caller adds series
    (`add_series`) and places it (`Sheet.ws.insert_chart`)."""
    c = book.wb.add_chart({"type": kind, **({"subtype": subtype} if subtype else {})})
    c.set_title({"name": title})
    c.set_size({"height": round(size_cm[0] * CM_TO_PX), "width": round(size_cm[1] * CM_TO_PX)})
    if y_axis:
        c.set_y_axis(y_axis)
    if not legend:
        c.set_legend({"none": True})
    return c


def sheet_bytes(sheet: Sheet) -> int:
    """How much a constant-memory sheet has written to its row file so far (0 if unknown)."""
    name = getattr(sheet.ws, "row_data_filename", None)
    try:
        return os.path.getsize(name) if name else 0
    except OSError:
        return 0
