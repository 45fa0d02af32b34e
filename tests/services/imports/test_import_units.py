"""`import units`: good files, bad rows, all-or-nothing, re-import, hostile files."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from xlsx_helpers import HEADER, Formula, write_xlsx

from console.domain.errors import ValidationError
from console.services import phonebook as P
from console.services import phonebook_reads as PR
from console.services.imports.units import import_units_file, parse_units_file
from console.store.models import AuditEntry, Contact, Unit

GOOD = [
    ["嘉定街道电话簿（2026 年 11 月）"],  # a title row above the header
    HEADER,
    ["城东自来水公司", "供水", "嘉宏三村、白马小区", "水电气/漏水", "调度室", "调度", 13800138010.0, "24小时"],
    ["城东自来水公司", None, None, None, "李工", "维修", "021 5912 3456, 13800138011", "工作日 08:30-17:30"],
    ["嘉宏三村居委会", "居委会", "嘉宏三村", "噪音扰民、水电气", "张书记", "书记", "021-59127777", "工作日 08:30-17:00"],
    [None, None, None, None, None, None, None, None],  # a blank row is skipped
    ["城东燃气所", "燃气", None, "停电", "值班室", "", "95598", "24小时"],  # a unique leaf name
]


def _units(desk):
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(Unit))


def _audit_actions(desk):
    with desk.db.read() as s:
        return s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "unit").order_by(AuditEntry.id)).all()


def _rows_by_name(desk):
    return {r.name: r for r in PR.search_units(desk)}


def test_good_file_imports_units_with_their_contacts(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "phonebook.xlsx", GOOD)
    plan = parse_units_file(desk, p)
    assert plan.ok and plan.rows_total == 4 and plan.rows_ok == 4
    assert plan.to_create == ["城东自来水公司", "嘉宏三村居委会", "城东燃气所"] and plan.to_update == []

    report = import_units_file(desk, operator, p)
    assert report.imported and (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.contacts == 4 and report.changes.units
    rows = _rows_by_name(desk)
    water = rows["城东自来水公司"]
    assert water.kind == "water" and set(water.communities) == {"嘉宏三村", "白马小区"}
    assert water.categories == ("水电气/漏水",)
    assert [(c.person, c.role, c.phones, c.duty_hours) for c in water.contacts] == [
        ("调度室", "调度", "13800138010", "24小时"),
        ("李工", "维修", "021-59123456、13800138011", "工作日 08:30-17:30"),
    ]
    assert set(rows["嘉宏三村居委会"].categories) == {"噪音扰民", "水电气"}
    gas = rows["城东燃气所"]
    assert gas.communities == () and gas.categories == ("水电气/停电",)

    acts = _audit_actions(desk)
    assert acts.count("import_create_unit") == 3 and acts[-1] == "import_units"
    with desk.db.read() as s:
        last = s.scalars(select(AuditEntry).where(AuditEntry.action == "import_units")).one()
        new = json.loads(last.new)
        assert last.user_id == operator.id
    assert new["file"] == "phonebook.xlsx" and new["created"] == 3 and new["rows"] == 4


def test_english_headers_and_unit_kind_codes(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "en.xlsx", [
        ["Name", "Kind", "Communities", "Categories", "Contact", "Role", "Phones", "Duty hours"],
        ["Shoe repair", "craftsman", "", "", "Wang", "", "13800138020", "09:00-18:00"],
    ])
    report = import_units_file(desk, operator, p)
    assert report.created == 1
    assert _rows_by_name(desk)["Shoe repair"].kind == "craftsman"


def test_importing_the_same_file_twice_updates_instead_of_duplicating(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "phonebook.xlsx", GOOD)
    import_units_file(desk, operator, p)
    n = _units(desk)
    with desk.db.read() as s:
        contact_ids = s.scalars(select(Contact.id).order_by(Contact.id)).all()
    again = import_units_file(desk, operator, p)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert not again.changes.units
    assert _units(desk) == n
    with desk.db.read() as s:
        assert s.scalars(select(Contact.id).order_by(Contact.id)).all() == contact_ids
    acts = _audit_actions(desk)
    assert acts.count("import_create_unit") == 3 and acts.count("import_update_unit") == 0
    assert acts.count("import_units") == 2


def test_reimport_updates_existing_units_by_name_and_keeps_contact_ids(desk, street, operator, tmp_path):
    old_contact = street.contacts["嘉宏三村物业/陈师傅"]
    p = write_xlsx(tmp_path / "jh.xlsx", [
        HEADER,
        ["嘉宏三村物业", "物业", "嘉宏三村", "水电气", "物业办公室", "前台", "021-59123456", "工作日 08:30-17:30"],
        ["嘉宏三村物业", "物业", "嘉宏三村", "水电气", "陈师傅", "值班电工", "13800138001、13800138002", "20:00-08:00"],
    ])
    report = import_units_file(desk, operator, p)
    assert (report.created, report.updated) == (0, 1)
    uid = street.units["嘉宏三村物业"]
    data = P.load_unit(desk, uid)
    assert [c.id for c in data.contacts][1] == old_contact
    assert data.contacts[1].phones == "13800138001、13800138002"
    with desk.db.read() as s:
        a = s.scalars(select(AuditEntry).where(AuditEntry.action == "import_update_unit")).one()
        assert a.entity_id == uid and set(json.loads(a.new)) == {"contacts"}


def test_absent_optional_columns_keep_existing_values(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "min.xlsx", [
        ["单位名称", "类别", "联系人", "电话"],
        ["嘉宏三村物业", "物业", "物业办公室", "021-59123456"],
    ])
    import_units_file(desk, operator, p)
    row = _rows_by_name(desk)["嘉宏三村物业"]
    assert row.communities == ("嘉宏三村",) and row.categories == ("水电气",)
    assert [c.person for c in row.contacts] == ["物业办公室"]


BAD = [
    HEADER,
    ["好单位", "志愿者", "嘉宏三村", "噪音扰民", "志愿者甲", "", "13800138030", "周末 09:00-12:00"],  # 2 ok
    ["坏值班", "志愿者", "", "", "小李", "", "13800138031", "早上到晚上"],  # 3 bad duty hours
    ["坏社区", "志愿者", "嘉宏四村", "", "小王", "", "13800138032", ""],  # 4 unknown community
    ["坏分类", "志愿者", "", "水电气/断网", "小赵", "", "13800138033", ""],  # 5 unknown category
    ["好单位", "物业", "", "", "志愿者乙", "", "13800138034", ""],  # 6 conflicts with row 2
    ["坏电话", "志愿者", "", "", "小钱", "", "12ab", ""],  # 7 bad phone
    ["坏类别", "修鞋铺", "", "", "小孙", "", "13800138035", ""],  # 8 bad kind
    [None, "志愿者", "", "", "小周", "", "13800138036", ""],  # 9 no name
    ["无电话", "志愿者", "", "", "小吴", "", "", ""],  # 10 no phone
    ["没类别", None, "", "", "小郑", "", "13800138037", ""],  # 11 new unit without a kind
]


def test_bad_rows_are_reported_by_row_and_reason_and_nothing_changes(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "bad.xlsx", BAD)
    before_units, before_audit = _units(desk), _audit_actions(desk)
    report = import_units_file(desk, operator, p)
    assert not report.imported
    assert _units(desk) == before_units and _audit_actions(desk) == before_audit
    errors = {e.row_number: e for e in report.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "值班时间“早上到晚上”无法识别" in errors[3].reason_zh and "小李" in errors[3].reason_zh
    assert "负责社区“嘉宏四村”不存在" in errors[4].reason_zh and "嘉宏四村" in errors[4].reason_en
    assert "负责分类“水电气/断网”不存在" in errors[5].reason_zh
    assert "类别“物业”与第 2 行的“志愿者”不一致" in errors[6].reason_zh
    assert "电话号码“12ab”无法识别" in errors[7].reason_zh
    assert "单位类别“修鞋铺”无效" in errors[8].reason_zh
    assert "缺少单位名称" in errors[9].reason_zh
    assert "没有填写电话号码" in errors[10].reason_zh
    assert "没有填写类别" in errors[11].reason_zh
    assert errors[4].message() .startswith("第 4 行：")
    assert errors[4].message("en").startswith("Row 4: ")
    text = report.message()
    assert "未导入任何数据" in text and "第 3 行" in text


def test_good_rows_only_imports_the_good_rows(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "bad.xlsx", BAD)
    before = _units(desk)
    report = import_units_file(desk, operator, p, good_rows_only=True)
    assert report.imported and report.created == 1 and len(report.errors) == 9
    assert report.rows_ok == 1 and report.rows_total == 10
    assert _units(desk) == before + 1
    good = _rows_by_name(desk)["好单位"]
    assert good.kind == "volunteer" and [c.person for c in good.contacts] == ["志愿者甲"]
    with desk.db.read() as s:
        a = s.scalars(select(AuditEntry).where(AuditEntry.action == "import_units")).one()
        assert json.loads(a.new)["bad_rows"] == 9 and json.loads(a.new)["good_rows_only"] is True


def test_merged_unit_cells_may_be_blank_on_later_rows(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "merged.xlsx", [
        HEADER,
        ["城东环卫所", "环卫所", "嘉宏三村", "噪音扰民", "甲", "", "13800138040", "24小时"],
        ["城东环卫所", None, None, None, "乙", "", "13800138041", ""],
        ["城东环卫所", "环卫所", "嘉宏三村", "噪音扰民", "甲", "", "13800138040", "24小时"],  # same contact again
    ])
    report = import_units_file(desk, operator, p)
    assert report.created == 1 and not report.errors
    row = _rows_by_name(desk)["城东环卫所"]
    assert [c.person for c in row.contacts] == ["甲", "乙"] and row.communities == ("嘉宏三村",)


def test_ambiguous_leaf_category_asks_for_the_path(desk, street, operator, supervisor, tmp_path):
    from console.services.categories import create_category

    top = create_category(desk, supervisor, "燃气")
    create_category(desk, supervisor, "停电", parent_id=top)
    p = write_xlsx(tmp_path / "amb.xlsx", [HEADER, ["某单位", "其他", "", "停电", "甲", "", "13800138050", ""]])
    report = import_units_file(desk, operator, p)
    assert "有多个同名分类，请写完整路径" in report.errors[0].reason_zh


def test_formula_looking_text_imports_as_plain_text(desk, street, operator, tmp_path):
    name = '=HYPERLINK("http://evil.example","点我")'
    p = write_xlsx(tmp_path / "f.xlsx", [
        HEADER,
        [name, "其他", "", "", "+1 小张", "-管理员", "13800138060", ""],
        ["真公式单位", "其他", "", "", Formula("=1+1"), "", "13800138061", ""],
    ])
    report = import_units_file(desk, operator, p)
    assert report.created == 2
    rows = _rows_by_name(desk)
    assert [(c.person, c.role) for c in rows[name].contacts] == [("+1 小张", "-管理员")]
    # A real formula is never evaluated or stored: only a cached result would be read (none here).
    assert [c.person for c in rows["真公式单位"].contacts] == [""]


def test_missing_required_headers(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "h.xlsx", [["单位名称", "类别", "负责社区"], ["城东供电所", "供电所", ""]])
    with pytest.raises(ValidationError) as e:
        import_units_file(desk, operator, p)
    assert "缺少必需的列：联系人、电话" in e.value.zh and "contact, phones" in e.value.en


def test_no_header_in_the_first_five_rows(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "h.xlsx", [["a"], ["b"], ["c"], ["d"], ["e"], HEADER])
    with pytest.raises(ValidationError, match="找不到表头"):
        parse_units_file(desk, p)
    empty = write_xlsx(tmp_path / "e.xlsx", [HEADER])
    with pytest.raises(ValidationError, match="没有数据"):
        parse_units_file(desk, empty)


def test_duplicate_header_column(desk, street, operator, tmp_path):
    p = write_xlsx(tmp_path / "d.xlsx", [HEADER + ["电话"], ["x"]])
    with pytest.raises(ValidationError, match="“电话”列出现了两次"):
        parse_units_file(desk, p)


def test_hostile_files_raise_validation_errors_and_change_nothing(desk, street, operator, tmp_path):
    txt = tmp_path / "phonebook.xlsx"
    txt.write_text("not a spreadsheet")
    before = _audit_actions(desk)
    with pytest.raises(ValidationError, match="不是 Excel"):
        import_units_file(desk, operator, txt)
    assert _audit_actions(desk) == before


def test_contacts_listed_in_another_order_are_not_a_change(desk, street, operator, tmp_path):
    rows = [["城东环卫所", "环卫所", "", "噪音扰民", "甲", "", "13800138040", "24小时"],
            ["城东环卫所", "环卫所", "", "噪音扰民", "乙", "", "13800138041", ""]]
    import_units_file(desk, operator, write_xlsx(tmp_path / "a.xlsx", [HEADER, *rows]))
    again = import_units_file(desk, operator, write_xlsx(tmp_path / "b.xlsx", [HEADER, *rows[::-1]]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
