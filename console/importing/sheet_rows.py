"""What every sheet importer does alike: find the header, walk the rows under it.

A header may sit below a title row or two, so it is looked for among the
first `HEADER_SEARCH_ROWS` rows; the rows read while looking are not read
again (the sheet is a one-pass stream) but handed back before the rest.
Each importer knows its own columns (`find_header`); the file is always
opened as untrusted (`xlsx_safety`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..domain.errors import ValidationError
from .xlsx_safety import SheetRows, cell_text, open_untrusted_xlsx

HEADER_SEARCH_ROWS = 5

Row = tuple[int, tuple]  # (row number in the sheet, cell values)
FindHeader = Callable[[Path, list[Row]], tuple[int, dict[str, int]]]


def rows_under_header(path: Path, find_header: FindHeader) -> tuple[SheetRows, dict[str, int], Iterator[Row]]:
    """Open `path`, find its header with `find_header(path, first_rows)`.

    Returns the open rows (the caller closes them, also when it stops early),
    the column mapping (key -> index) and an iterator over the data rows
    under the header. If the header cannot be found the file is closed and
    the error raised.
    """
    rows = open_untrusted_xlsx(path)
    head: list[Row] = []
    try:
        for number, values in rows:
            head.append((number, values))
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        header_number, mapping = find_header(path, head)
    except BaseException:
        rows.close()
        raise

    def data_rows() -> Iterator[Row]:
        for number, values in head:
            if number > header_number:
                yield number, values
        yield from rows

    return rows, mapping, data_rows()


def match_header(path: Path, rows: list[Row], key_of: Callable[[str], str | None], columns: dict,
                 required: tuple[str, ...] | list[str], is_header: Callable[[dict[str, int]], bool]
                 ) -> tuple[int, dict[str, int]] | None:
    """The first of `rows` that `is_header` accepts: (row number, key -> column index), or None.

    `key_of(cell text)` names a cell's column (aliases, spacing and width already
    forgiven by the importer); `columns[key]` has the `.zh`/`.en` names for messages.
    A column named twice in the header row, or a required one missing, is refused.
    """
    for number, values in rows:
        mapping: dict[str, int] = {}
        for idx, v in enumerate(values):
            key = key_of(cell_text(v))
            if key is None:
                continue
            if key in mapping:
                col = columns[key]
                raise ValidationError(
                    f"文件“{path.name}”第 {number} 行表头中“{col.zh}”列出现了两次。",
                    f"File '{path.name}': the header in row {number} has the column '{col.en}' twice.")
            mapping[key] = idx
        if is_header(mapping):
            missing = [k for k in required if k not in mapping]
            if missing:
                raise ValidationError(
                    f"文件“{path.name}”缺少必需的列：" + "、".join(columns[k].zh for k in missing) + "。",
                    f"File '{path.name}' lacks required column(s): "
                    + ", ".join(columns[k].en for k in missing) + ".")
            return number, mapping
    return None


def joined_reasons(errs: list[ValidationError]) -> tuple[str, str]:
    """One row's problems as one Chinese and one English sentence (for a RowError)."""
    return ("；".join(e.zh.rstrip("。") for e in errs) + "。",
            "; ".join(e.en.rstrip(".") for e in errs) + ".")


def report_message(file_name: str, errors: list, imported: bool, head_zh: str, head_en: str,
                   lang: str = "zh_CN") -> str:
    """An import's summary for the CLI or a dialog, then its row errors, one per line.

    When nothing was imported (bad rows, all-or-nothing) both importers say
    the same thing; otherwise the caller's own counts (`head_*`) lead.
    """
    en = lang.startswith("en")
    if not imported:
        head = (f"{file_name}: {len(errors)} bad row(s); nothing was imported "
                "(fix them, or import the good rows only)." if en else
                f"{file_name}：有 {len(errors)} 行错误，未导入任何数据"
                "（请改正后重新导入，或选择只导入正确的行）。")
    else:
        head = head_en if en else head_zh
    return "\n".join([head, *(e.message(lang) for e in errors)])
