"""Opening a spreadsheet from outside without trusting it, and writing text safely.

A phonebook or an old hotline sheet arrives by e-mail or USB stick. An .xlsx
file is a zip of XML: it can be a renamed text file, a zip bomb (a few KB that
inflate to gigabytes), XML with entity tricks, or a sheet that claims a
million columns. Everything is checked before openpyxl parses a byte:

- the file exists, is readable, not empty, not larger than ``max_bytes``;
- it is a zip holding ``[Content_Types].xml`` and an ``xl/`` folder;
- the members' declared uncompressed sizes add up to at most
  ``max_uncompressed`` and no large member inflates suspiciously
  (``max_ratio``). Python's zipfile stops inflating at the declared size, so
  the declared sizes are a real bound, not a hint;
- openpyxl parses XML through defusedxml (no entity expansion, no DTDs);
- the sheet's declared dimension is not absurd; as that dimension may be
  missing or wrong in read-only mode, rows and columns are capped again
  while reading.

Every failure is a ValidationError with a Chinese message (English twin),
never a traceback. openpyxl is imported late: it costs time at start-up.
"""
from __future__ import annotations

import os
import re
import warnings
import zipfile
from collections.abc import Callable, Generator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ..domain.errors import ValidationError

Row = tuple[int, tuple[Any, ...]]  # (row number in the sheet, cell values)

MB = 1024 * 1024
MAX_BYTES = 50 * MB
MAX_UNCOMPRESSED = 500 * MB
MAX_ROWS = 200_000
MAX_COLS = 200
MAX_RATIO = 200  # deflate of real sheet XML stays well below this
RATIO_FLOOR = 1 * MB  # small members may compress extremely well; they cannot hurt
MAX_MEMBERS = 10_000
# openpyxl reads every shared string before the first row; strings are only there to be used by
# cells, so shared text far larger than the sheets that use it is a bomb of a different shape
# (hundreds of MB of tiny strings deflate at a ratio a real sheet also reaches).
SHARED_STRINGS_FLOOR = 20 * MB
MAX_SHARED_PER_SHEET = 100
EXCEL_MAX_CHARS = 32_767

_NOT_XLSX = ("不是 Excel（.xlsx）文件", "not an Excel (.xlsx) file")


def _err(path: Path, zh: str, en: str) -> ValidationError:
    return ValidationError(f"文件“{path.name}”{zh}", f"File '{path.name}': {en}")


def _not_xlsx(path: Path) -> ValidationError:
    return _err(path, f"{_NOT_XLSX[0]}：请在 Excel 或 WPS 中另存为 .xlsx 后再导入。",
                f"{_NOT_XLSX[1]}; save it as .xlsx in Excel or WPS and import again.")


def _check_file(path: Path, max_bytes: int) -> None:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _err(path, "不存在。", "does not exist.") from None
    except OSError:
        raise _err(path, "无法读取。", "cannot be read.") from None
    if not path.is_file():
        raise _err(path, "不是文件。", "is not a file.")
    if st.st_size == 0:
        raise _err(path, "是空的。", "is empty.")
    if st.st_size > max_bytes:
        raise _err(path, f"太大（{st.st_size / MB:.1f} MB，最多 {max_bytes / MB:.0f} MB）。",
                   f"is too large ({st.st_size / MB:.1f} MB; at most {max_bytes / MB:.0f} MB).")
    if not os.access(path, os.R_OK):
        raise _err(path, "无法读取（没有权限）。", "cannot be read (permission denied).")


def _check_zip(path: Path, fh: IO[bytes], max_uncompressed: int, max_ratio: float) -> None:
    try:
        if not zipfile.is_zipfile(fh):
            raise _not_xlsx(path)
        fh.seek(0)
        with zipfile.ZipFile(fh) as zf:
            infos = zf.infolist()
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_xlsx(path) from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise _not_xlsx(path)
    if not any(n.lower().startswith("xl/") for n in names):
        raise _err(path, f"{_NOT_XLSX[0]}（可能是 Word 或其他 Office 文件）。",
                   f"{_NOT_XLSX[1]} (perhaps a Word or other Office file).")
    if len(infos) > MAX_MEMBERS:
        raise _err(path, "内部结构异常（部件过多），拒绝打开。", "has an abnormal structure (too many parts); refused.")
    total = 0
    for i in infos:
        if i.flag_bits & 0x1:
            raise _err(path, "已加密（设有密码），请取消密码后再导入。",
                       "is encrypted (password protected); remove the password and import again.")
        total += i.file_size
        if i.file_size > RATIO_FLOOR and i.file_size > max_ratio * max(i.compress_size, 1):
            raise _err(path, "内部数据压缩比异常（疑似“压缩炸弹”），拒绝打开。",
                       "has a suspicious compression ratio (a zip bomb?); refused.")
    shared = sum(i.file_size for i in infos if re.fullmatch(r"xl/sharedstrings\d*\.xml", i.filename.lower()))
    sheets = sum(i.file_size for i in infos if re.fullmatch(r"xl/worksheets/[^/]+\.xml", i.filename.lower()))
    if shared > SHARED_STRINGS_FLOOR and shared > MAX_SHARED_PER_SHEET * max(sheets, 1):
        raise _err(path, f"内部数据异常：共享文本（{shared / MB:.0f} MB）远多于用到它的表格，疑似“压缩炸弹”，拒绝打开。",
                   f"has abnormal contents: {shared / MB:.0f} MB of shared text for far smaller sheets "
                   "(a zip bomb?); refused.")
    if total > max_uncompressed:
        raise _err(path, f"解压后过大（{total / MB:.0f} MB，最多 {max_uncompressed / MB:.0f} MB），拒绝打开。",
                   f"would inflate to {total / MB:.0f} MB (at most {max_uncompressed / MB:.0f} MB); refused.")


def _require_defusedxml(path: Path) -> None:
    import openpyxl.xml
    import openpyxl.xml.functions as fx

    if not openpyxl.xml.DEFUSEDXML or not getattr(fx.iterparse, "__module__", "").startswith("defusedxml"):
        raise _err(path, "无法安全打开：缺少安全组件 defusedxml（或被环境变量 OPENPYXL_DEFUSEDXML 关闭），请联系管理员。",
                   "cannot be opened safely: defusedxml is missing (or disabled by OPENPYXL_DEFUSEDXML); "
                   "ask the administrator.")


def _unreadable(path: Path, exc: BaseException | None = None) -> ValidationError:
    if exc is not None and _defused(exc):
        return _err(path, "含有不安全的内容（XML 实体或文档类型定义），拒绝打开。",
                    "holds unsafe content (XML entities or a DTD); refused.")
    return _err(path, "已损坏或格式不正确，无法读取。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。",
                "is damaged or malformed and cannot be read; open it in Excel or WPS, save as .xlsx "
                "and import again.")


def _defused(exc: BaseException | None) -> bool:
    """Whether defusedxml refused something somewhere in the exception's chain."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def open_untrusted_xlsx(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES,
                        max_uncompressed: int = MAX_UNCOMPRESSED, max_rows: int = MAX_ROWS,
                        max_cols: int = MAX_COLS, max_ratio: float = MAX_RATIO
                        ) -> SheetRows:
    """Rows of the first sheet as ``(row_number, values)``, 1-based as Excel shows them.

    The file-level checks run at once (a bad file raises here, before any
    row); rows are then read lazily. ``values`` are what openpyxl gives with
    ``data_only=True`` (a formula's cached result, never the formula),
    at most ``max_cols`` of them, trailing empty cells dropped. A value in a
    column beyond ``max_cols`` or a row beyond ``max_rows`` is refused.
    """
    p = Path(path)
    _check_file(p, max_bytes)
    _require_defusedxml(p)
    try:
        fh = open(p, "rb")
    except OSError:
        raise _err(p, "无法读取。", "cannot be read.") from None
    try:
        _check_zip(p, fh, max_uncompressed, max_ratio)
        fh.seek(0)
        wb = _load(p, fh)
    except BaseException:
        fh.close()
        raise
    try:
        ws = _first_sheet(p, wb)
        declared = ws.max_row  # before _check_dimension forgets it; None when the file does not say
        _check_dimension(p, ws, max_rows, max_cols)
    except BaseException:
        _close(wb, fh)
        raise
    rows = SheetRows(_rows(p, wb, fh, ws, max_rows, max_cols), lambda: _close(wb, fh))
    rows.declared_rows = declared if isinstance(declared, int) and declared > 0 else None
    return rows


class SheetRows:
    """The rows iterator; ``close()`` (or ``with``) releases the file even if never read."""

    def __init__(self, gen: Generator[Row, None, None], closer: Callable[[], None]):
        self._gen, self._closer = gen, closer
        self.declared_rows: int | None = None  # what the sheet claims (a hint for progress only)

    def __iter__(self) -> SheetRows:
        return self

    def __next__(self) -> Row:
        return next(self._gen)

    def close(self) -> None:
        self._gen.close()
        self._closer()

    def __enter__(self) -> SheetRows:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _load(path: Path, fh: IO[bytes]) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(fh, read_only=True, data_only=True, keep_links=False)
    except ValidationError:
        raise
    except MemoryError:
        raise _err(path, "太大，无法读取。", "is too large to read.") from None
    except Exception as e:  # noqa: BLE001 - anything openpyxl or the XML parser says means "unreadable"
        raise _unreadable(path, e) from None


def _first_sheet(path: Path, wb: Any) -> Any:
    try:
        sheets = wb.worksheets
    except Exception:  # noqa: BLE001
        raise _unreadable(path) from None
    if not sheets:
        raise _err(path, "里没有工作表。", "has no worksheet.")
    ws = sheets[0]
    if not hasattr(ws, "iter_rows"):  # a chart sheet first
        raise _err(path, "的第一个工作表不是表格。", "has no table as its first sheet.")
    return ws


def _check_dimension(path: Path, ws: Any, max_rows: int, max_cols: int) -> None:
    rows, cols = ws.max_row, ws.max_column
    if cols is not None and cols > max_cols:
        raise _err(path, f"的列数过多（{cols} 列，最多 {max_cols} 列），拒绝打开。",
                   f"has too many columns ({cols}; at most {max_cols}); refused.")
    if rows is not None and rows > max_rows:
        raise _err(path, f"的行数过多（{rows} 行，最多 {max_rows} 行），请拆分后再导入。",
                   f"has too many rows ({rows}; at most {max_rows}); split it and import again.")
    # The declared size may be wrong; read without it and count instead.
    ws.reset_dimensions()


def _close(wb: Any, fh: IO[bytes]) -> None:
    try:
        wb.close()
    except Exception:  # noqa: BLE001 - closing must never mask the real error
        pass
    fh.close()


def _rows(path: Path, wb: Any, fh: IO[bytes], ws: Any, max_rows: int, max_cols: int) -> Generator[Row, None, None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            number = 0
            for values in ws.iter_rows(values_only=True):
                number += 1
                if number > max_rows:
                    raise _err(path, f"的行数过多（超过 {max_rows} 行），请拆分后再导入。",
                               f"has too many rows (over {max_rows}); split it and import again.")
                values = tuple(values or ())
                if len(values) > max_cols:
                    if any(v not in (None, "") for v in values[max_cols:]):
                        raise _err(path, f"第 {number} 行超过 {max_cols} 列，拒绝打开。",
                                   f"row {number} goes beyond {max_cols} columns; refused.")
                    values = values[:max_cols]
                end = len(values)
                while end and values[end - 1] in (None, ""):
                    end -= 1
                yield number, values[:end]
    except ValidationError:
        raise
    except MemoryError:
        raise _err(path, "太大，无法读取。", "is too large to read.") from None
    except Exception as e:  # noqa: BLE001 - malformed XML inside the sheet, forbidden entities …
        raise _unreadable(path, e) from None
    finally:
        _close(wb, fh)


# ------------------------------------------------------------------ values

_FLOAT_INT_LIMIT = 10 ** 15  # beyond this a float no longer holds every digit


def cell_text(v: object) -> str:
    """A cell's value as the text a person typed.

    Phone numbers typed as numbers come back as floats (13800138000.0) or in
    scientific notation: whole numbers are written without ``.0``. Dates as
    ``YYYY-MM-DD``, date-times as ``YYYY-MM-DD HH:MM`` (seconds when set),
    times as ``HH:MM`` (Excel turns a typed 8:30 into a time). None is "".
    """
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return ""
        if v.is_integer() and abs(v) < _FLOAT_INT_LIMIT:
            return str(int(v))
        return format(v, ".15g")
    if isinstance(v, Decimal):
        return str(int(v)) if v == v.to_integral_value() else str(v.normalize())
    if isinstance(v, datetime):
        fmt = "%Y-%m-%d %H:%M:%S" if v.second else "%Y-%m-%d %H:%M"
        if v.hour == v.minute == v.second == 0:
            fmt = "%Y-%m-%d"
        return v.strftime(fmt)
    if isinstance(v, date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, time):
        return v.strftime("%H:%M:%S" if v.second else "%H:%M")
    if isinstance(v, timedelta):
        minutes = int(v.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return str(v).strip()


# ------------------------------------------------------------------ writing

# Control characters Excel files cannot hold (openpyxl raises IllegalCharacterError on them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Text a spreadsheet program might read as a formula when someone edits the cell.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def text_cell(ws: Any, row: int, column: int, value: object) -> None:
    """Write ``value``; strings always as text cells, never as formulas.

    openpyxl turns a string that starts with ``=`` into a formula; forcing
    the cell's data type to ``s`` writes it as an inline string. Strings that
    look like formulas also get Excel's quote prefix, so editing the cell
    later in Excel or WPS keeps it text. Characters Excel cannot store are
    dropped and the text is cut at Excel's 32,767-character limit.
    """
    cell = ws.cell(row=row, column=column)
    if value is None or not isinstance(value, str):
        cell.value = value
        return
    text = _ILLEGAL.sub("", value)[:EXCEL_MAX_CHARS]
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True
