"""What every sheet importer does alike: find the header, walk the rows under it.

A header may sit below a title row or two, so it is looked for among the
first `HEADER_SEARCH_ROWS` rows; the rows read while looking are not read
again (the sheet is a one-pass stream) but handed back before the rest.
Each importer knows its own columns (`find_header`); the file is always
opened as untrusted (`xlsx_safety`).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import ValidationError
from .xlsx_safety import Row, SheetRows, cell_text, open_untrusted_xlsx

HEADER_SEARCH_ROWS = 5


@dataclass(frozen=True)
class Column:
    """One column a sheet may have: its key, its header in Chinese and English, other headers desks use."""

    key: str
    zh: str
    en: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class DeskNames:
    """The desk's names a sheet is checked against, as plain data: the service reads them in one
    short read transaction and hands them to the planner, which never opens a session."""

    communities: dict[str, int]  # name -> id
    categories: list[tuple[int, str, int | None]]  # (id, name, parent id)
    units: dict[str, int]  # name -> id


def nfkc(text: str) -> str:
    """A cell's text as names are compared: full-width letters and digits folded (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", text or "").strip()

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


def norm_header(text: str) -> str:
    """A header cell as the lookup compares it: NFKC, lower case, no notes in brackets, no spaces or _-*:."""
    import re
    import unicodedata

    t = unicodedata.normalize("NFKC", text or "").lower()
    t = re.sub(r"\(.*?\)", "", t)  # 电话(多个用、分隔) — NFKC made the brackets ASCII
    return re.sub(r"[\s_\-*:]+", "", t)


def header_lookup(columns: Iterable[Column]) -> dict[str, str]:
    """Every spelling of each column (``.zh``, ``.en``, ``.aliases``), normalised → the column's key."""
    lookup: dict[str, str] = {}
    for c in columns:
        for alias in (c.zh, c.en, *c.aliases):
            lookup.setdefault(norm_header(alias), c.key)
    return lookup


def require_rows(total: int, path: Path) -> None:
    """A sheet with a header and nothing under it is the file's problem, not a success with 0 rows."""
    if total == 0:
        raise ValidationError(f"文件“{path.name}”的表头下面没有数据。", f"File '{path.name}' has no rows under its header.")


def match_header(path: Path, rows: list[Row], key_of: Callable[[str], str | None], columns: dict[str, Column],
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


def header_of(path: Path, rows: list[Row], columns: Sequence[Column], required: tuple[str, ...],
              is_header: Callable[[dict[str, int]], bool]) -> tuple[int, dict[str, int]]:
    """The header row of a sheet whose columns are `columns`, or the refusal that names them all."""
    lookup, by_key = header_lookup(columns), {c.key: c for c in columns}
    found = match_header(path, rows, lambda text: lookup.get(norm_header(text)), by_key, required, is_header)
    if found is not None:
        return found
    raise ValidationError(
        f"文件“{path.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头。表头应为：" + "、".join(c.zh for c in columns) + "。",
        f"File '{path.name}': no header row in the first {HEADER_SEARCH_ROWS} rows "
        "(expected: " + ", ".join(c.en for c in columns) + ").")


def joined_reasons(errs: list[ValidationError]) -> tuple[str, str]:
    """One row's problems as one Chinese and one English sentence (for a RowError)."""
    return ("；".join(e.zh.rstrip("。") for e in errs) + "。",
            "; ".join(e.en.rstrip(".") for e in errs) + ".")


class MissingName(ValidationError):
    """A name the file uses and the desk lacks (a community, unit or category).

    Its own class so the report can say once that ``--add-missing`` (the
    window's check box) would create them, instead of a hint on every row.
    """


@dataclass(frozen=True)
class RowError:
    """One bad row: its number, its problems joined, and each problem apart (for grouping)."""

    row_number: int
    reason_zh: str
    reason_en: str
    causes: tuple[tuple[str, str], ...] = ()  # (zh, en) per problem; empty: the reason is the one cause
    missing: bool = False  # some cause is a name the desk lacks

    def message(self, lang: str = "zh_CN") -> str:
        if lang.startswith("en"):
            return f"Row {self.row_number}: {self.reason_en}"
        return f"第 {self.row_number} 行：{self.reason_zh}"

    def cause_list(self) -> tuple[tuple[str, str], ...]:
        if self.causes:
            return self.causes
        return ((self.reason_zh.rstrip("。"), self.reason_en.rstrip(".")),)

    def __str__(self) -> str:
        return self.message()


def row_error(number: int, errs: list[ValidationError]) -> RowError:
    """A RowError keeping each of the row's problems apart, so reports can group rows by cause."""
    return RowError(number, *joined_reasons(errs),
                    causes=tuple((e.zh.rstrip("。"), e.en.rstrip(".")) for e in errs),
                    missing=any(isinstance(e, MissingName) for e in errs))


def compress_rows(numbers: Iterable[int], sep: str = "、") -> str:
    """Row numbers as ranges: [2, 3, 4, 5, 9, 12, 13] → "2–5、9、12–13"."""
    out: list[str] = []
    ordered = sorted(set(numbers))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}–{ordered[j]}")
        i = j + 1
    return sep.join(out)


@dataclass(frozen=True)
class ErrorGroup:
    """One cause and every row it hit (a 3,000-row sheet naming one unknown community is one line)."""

    cause_zh: str
    cause_en: str
    rows: tuple[int, ...]
    missing: bool = False

    def row_text(self, lang: str = "zh_CN") -> str:
        n = len(self.rows)
        if lang.startswith("en"):
            return f"row{'s' if n > 1 else ''} {compress_rows(self.rows, ', ')} ({n} row{'s' if n > 1 else ''})"
        return f"第 {compress_rows(self.rows)} 行（{n} 行）"

    def cause(self, lang: str = "zh_CN") -> str:
        if lang.startswith("en"):
            return self.cause_en[:1].upper() + self.cause_en[1:]
        return self.cause_zh

    def message(self, lang: str = "zh_CN") -> str:
        if lang.startswith("en"):
            return f"{self.cause(lang)}: {self.row_text(lang)}"
        return f"{self.cause(lang)}：{self.row_text(lang)}"


def group_errors(errors: Iterable[RowError]) -> list[ErrorGroup]:
    """Row errors grouped by cause (a row with several causes counts under each), by first row."""
    rows: dict[tuple[str, str], list[int]] = {}
    missing: set[tuple[str, str]] = set()
    for e in errors:
        for cause in e.cause_list():
            rows.setdefault(cause, []).append(e.row_number)
            if e.missing:
                missing.add(cause)
    groups = [ErrorGroup(zh, en, tuple(sorted(set(r))), (zh, en) in missing) for (zh, en), r in rows.items()]
    groups.sort(key=lambda g: g.rows[0])  # stable: a row's causes keep the order the row was checked in
    return groups


def bad_row_count(errors: Iterable[RowError]) -> int:
    return len({e.row_number for e in errors})


def report_message(file_name: str, errors: list[RowError], imported: bool, head_zh: str, head_en: str,
                   lang: str = "zh_CN", extra: Iterable[str] = ()) -> str:
    """An import's summary for the CLI or a dialog, then its problems, one line per cause.

    When nothing was imported (bad rows, all-or-nothing) every importer says
    the same thing; otherwise the caller's own counts (`head_*`) lead.
    `extra` lines (what is or will be created, what is left open) follow the head.
    """
    en = lang.startswith("en")
    bad = bad_row_count(errors)
    if not imported:
        head = (f"{file_name}: {bad} bad row(s); nothing was imported "
                "(fix them, or import the good rows only)." if en else
                f"{file_name}：有 {bad} 行错误，未导入任何数据"
                "（请改正后重新导入，或选择只导入正确的行）。")
    else:
        head = head_en if en else head_zh
    return "\n".join([head, *extra, *(g.message(lang) for g in group_errors(errors))])
