"""Every export that names a category carries its code (city platform / GB/T 39666): the quarterly
workbook's 明细 and 分类, the shift log's rows and handover list, the 督办通知单; Open311's service_code
(tests/services/test_open311.py). A category without a code is named alone."""
from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from console.domain.report_rows import category_label
from console.services import tickets as T
from console.services.categories import set_category_code
from console.services.exports import export_quarterly
from console.services.shift_log import shift_log_data
from console.services.supervision import press_notice


def test_category_label_adds_the_code_only_when_there_is_one():
    assert category_label("水电气/停电", "A0102") == "水电气/停电（A0102）"
    assert category_label("水电气/停电", " ") == "水电气/停电"
    assert category_label("噪音扰民", "") == "噪音扰民"
    assert category_label(None, "A01") is None


def _two_tickets(desk, street, operator):
    coded = T.log_call(desk, operator, T.NewCall(
        description="停电了", caller_phone="13800138000", community_id=street.communities["嘉宏三村"],
        category_id=street.categories["水电气/停电"]), dispatch=T.Dispatch(street.units["城东供电所"])).id
    plain = T.log_call(desk, operator, T.NewCall(
        description="楼上吵", caller_phone="13900139000", category_id=street.categories["噪音扰民"])).id
    return coded, plain


def test_the_workbook_detail_sheet_carries_each_tickets_category_code(desk, street, operator, supervisor,
                                                                       tmp_path):
    set_category_code(desk, supervisor, street.categories["水电气/停电"], "0101")
    _two_tickets(desk, street, operator)
    wb = load_workbook(export_quarterly(desk, supervisor, 2026, 4, tmp_path / "out"))
    detail = wb["明细"]
    header = [c.value for c in detail[1]]
    cat, code = header.index("问题分类"), header.index("分类代码")
    rows = {r[cat]: r[code] for r in detail.iter_rows(min_row=2, values_only=True)}
    assert rows == {"水电气/停电": "0101", "噪音扰民": None}  # text, its leading zero kept
    breakdown = wb["分类"]
    col = [c.value for c in breakdown[1]].index("分类代码")
    assert {r[0]: r[col] for r in breakdown.iter_rows(min_row=2, values_only=True) if r[0]}["水电气/停电"] == "0101"


def test_the_shift_log_and_the_press_notice_print_the_code_beside_the_category(desk, street, operator,
                                                                                supervisor, clock):
    set_category_code(desk, supervisor, street.categories["水电气/停电"], "GB39666-0101")
    clock.advance(minutes=5)
    coded, _ = _two_tickets(desk, street, operator)
    clock.advance(minutes=5)
    data = shift_log_data(desk, day=date(2026, 11, 22), night=True)
    assert sorted(c.category for c in data.calls) == ["噪音扰民", "水电气/停电（GB39666-0101）"]
    # the next night's log lists the older backlog in full on request, with the code too
    later = shift_log_data(desk, day=date(2026, 11, 23), night=True, full_backlog=True)
    assert "水电气/停电（GB39666-0101）" in [o.category for o in later.open_tickets]
    clock.advance(days=2)
    T.press(desk, supervisor, coded, "请尽快恢复")
    assert press_notice(desk, supervisor, coded).category == "水电气/停电（GB39666-0101）"


def test_category_codes_name_every_coded_category_as_the_pickers_do_without_their_initials(desk, street,
                                                                                         supervisor):
    """The workbook's labels (`category_codes`) are the pickers' paths and codes, retired ones included, read
    without the pinyin initials (a category whose initials were never stored needs no pinyin here)."""
    from sqlalchemy import update

    from console.services.categories import category_choices, category_codes, set_category_active
    from console.store.models import Category

    set_category_code(desk, supervisor, street.categories["水电气/停电"], "0101")
    set_category_code(desk, supervisor, street.categories["噪音扰民"], "A02")
    parent = next(c.parent_id for c in category_choices(desk) if c.path == "水电气/停电")
    set_category_code(desk, supervisor, parent, "01")
    set_category_active(desk, supervisor, parent, False)  # its children are retired with it
    with desk.db.write() as s:
        s.execute(update(Category).values(initials=""))
    want = {c.path: c.code for c in category_choices(desk, include_retired=True) if c.code}
    assert category_codes(desk) == want == {"水电气": "01", "水电气/停电": "0101", "噪音扰民": "A02"}
