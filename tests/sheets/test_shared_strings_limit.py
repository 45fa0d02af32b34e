"""The shared-strings check refuses a bomb but not a real sheet with long texts."""
from __future__ import annotations

import zipfile

import pytest

from console.domain.errors import ValidationError
from console.sheets import xlsx_safety as X


def _zip_with(tmp_path, shared: int, sheet: int):
    """A zip whose directory declares these uncompressed sizes (the check reads only the directory)."""
    p = tmp_path / "t.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * sheet)
        z.writestr("xl/sharedStrings.xml", b" " * shared)
    return p


def _check(p):
    with open(p, "rb") as fh:
        X._check_zip(p, fh, X.MAX_UNCOMPRESSED, 10**9)  # ratio check off: whitespace deflates enormously


def test_shared_text_a_hundred_times_the_sheets_is_refused(tmp_path):
    p = _zip_with(tmp_path, shared=X.SHARED_STRINGS_FLOOR + 1, sheet=(X.SHARED_STRINGS_FLOOR + 1) // 200)
    with pytest.raises(ValidationError) as e:
        _check(p)
    assert "共享文本" in e.value.message("zh_CN") and "t.xlsx" in e.value.message("zh_CN")


@pytest.mark.parametrize("shared, sheet", [
    (X.SHARED_STRINGS_FLOOR + 1, (X.SHARED_STRINGS_FLOOR + 1) // 20),  # long descriptions: 20× the cells
    (X.SHARED_STRINGS_FLOOR - 1, 10),  # small shared text is never a problem
])
def test_real_sheets_with_long_texts_pass(tmp_path, shared, sheet):
    _check(_zip_with(tmp_path, shared=shared, sheet=sheet))
