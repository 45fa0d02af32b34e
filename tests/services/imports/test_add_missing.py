"""Imports that bring what is missing, with consent; problems grouped by cause; history stays history.

The clock stands at 2026-11-22 22:00 (tests/conftest.py)."""
from __future__ import annotations

from sqlalchemy import func, select
from xlsx_helpers import write_xlsx

from console.services.exports import quarter_kpis
from console.services.imports.tickets import import_tickets_file, parse_tickets_file
from console.services.imports.units import import_units_file, parse_units_file
from console.sheets.sheet_rows import RowError, compress_rows, group_errors, report_message
from console.store import queries
from console.store.models import AuditEntry, Category, Community, Contact, Deadline, Ticket, Unit

H = ["受理时间", "来电号码", "社区", "问题分类", "内容", "承办单位", "派单时间", "办结时间", "回访时间", "满意度", "状态"]


def count(desk, model, *where) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


# ------------------------------------------------------------------ grouping

def test_rows_compress_into_ranges():
    assert compress_rows([2, 3, 4, 5, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20]) == "2–5、9、12–20"
    assert compress_rows([7], ", ") == "7" and compress_rows([5, 3, 4, 4], ", ") == "3–5"


def test_errors_group_by_cause_a_row_counting_under_each_of_its_causes():
    errors = [RowError(n, "x", "x", causes=(("社区“临江一村”不存在", "community '临江一村' does not exist"),))
              for n in [*range(2, 6), 9, *range(12, 21)]]
    errors.append(RowError(9, "y", "y", causes=(("社区“临江一村”不存在", "community '临江一村' does not exist"),
                                                ("缺少内容", "the description is missing"))))
    groups = group_errors(errors)
    assert [g.message() for g in groups] == ["社区“临江一村”不存在：第 2–5、9、12–20 行（14 行）",
                                            "缺少内容：第 9 行（1 行）"]
    assert groups[0].message("en") == "Community '临江一村' does not exist: rows 2–5, 9, 12–20 (14 rows)"
    text = report_message("a.xlsx", errors, False, "", "")
    assert text.splitlines()[0].startswith("a.xlsx：有 14 行错误")  # rows, not causes
    assert len(text.splitlines()) == 3


# ------------------------------------------------------------------ tickets --add-missing

ROWS = [
    H,
    ["2025-04-01 08:00", "13800138000", "临江一村", "水电气/暖气", "暖气不热", "临江物业", "2025-04-01 08:10",
     "2025-04-02 08:00", "2025-04-03 08:00", "不满意", "已回访"],
    ["2025-04-01 09:00", "13800138001", "临江一村", "宠物扰民", "狗叫", "临江物业", "2025-04-01 09:10",
     "", "", "", "已派单"],
    ["2025-04-01 10:00", "13800138002", "嘉宏三村", "新大类/新小类", "路灯不亮", "城东供电所", "2025-04-01 10:10",
     "2025-04-01 12:00", "", "", "已办结"],
]


def test_without_consent_unknown_names_are_the_rows_errors(desk, street, supervisor, tmp_path):
    p = write_xlsx(tmp_path / "old.xlsx", ROWS)
    report = import_tickets_file(desk, supervisor, p)
    assert not report.imported and count(desk, Ticket) == 0
    lines = report.message().splitlines()
    assert "社区“临江一村”不存在：第 2–3 行（2 行）" in lines
    assert "承办单位“临江物业”不在电话簿中：第 2–3 行（2 行）" in lines
    assert all(e.missing for e in report.errors)


def test_add_missing_lists_then_creates_in_the_same_transaction(desk, street, supervisor, tmp_path):
    p = write_xlsx(tmp_path / "old.xlsx", ROWS)
    plan = parse_tickets_file(desk, p, add_missing=True)
    assert plan.ok
    assert plan.missing.summary() == ("将新建：社区 1 个（临江一村）、责任单位 1 个（临江物业）、"
                                      "问题分类 4 个（水电气/暖气、宠物扰民、新大类、新大类/新小类）。")
    assert count(desk, Community, Community.name == "临江一村") == 0  # checking writes nothing

    told = []
    report = import_tickets_file(desk, supervisor, p, add_missing=True, before_write=told.append)
    assert told and told[0].missing.summary() == plan.missing.summary()
    assert report.imported and report.created == 3
    assert "已新建：社区 1 个（临江一村）" in report.message()
    with desk.db.read() as s:
        unit = s.scalars(select(Unit).where(Unit.name == "临江物业")).one()
        assert (unit.origin, unit.kind) == ("import", "other")
        assert s.scalar(select(func.count()).select_from(Contact).where(Contact.unit_id == unit.id)) == 0
        top = s.scalars(select(Category).where(Category.name == "新大类")).one()
        assert top.parent_id is None
        assert s.scalars(select(Category).where(Category.name == "新小类")).one().parent_id == top.id
        water = s.scalar(select(Category.id).where(Category.name == "水电气", Category.parent_id.is_(None)))
        assert s.scalars(select(Category).where(Category.name == "暖气")).one().parent_id == water
        t = s.scalars(select(Ticket).where(Ticket.description == "暖气不热")).one()
        assert t.unit_id == unit.id and t.community_id is not None
        # history stays history: called back unsatisfied is closed, not reopened
        assert (t.status, t.satisfaction, t.reopen_count) == ("closed", "unsatisfied", 0)
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"import_add_community", "import_add_unit", "import_add_category"} <= actions
    # the one open row is owed an outcome from the import on, nothing open is due in the sheet's past
    assert count(desk, Deadline, Deadline.done_at.is_(None)) == 1
    assert count(desk, Deadline, Deadline.done_at.is_(None), Deadline.due_at <= desk.now()) == 0
    assert report.open_imported == 1 and "1 张导入的未办结工单" in report.message()


def test_names_only_bad_rows_use_are_not_created(desk, street, supervisor, tmp_path):
    rows = ROWS + [["明天", "13800138009", "外星社区", "外星分类/子类", "坏行", "外星物业", "", "", "", "", ""]]
    p = write_xlsx(tmp_path / "old.xlsx", rows)
    plan = parse_tickets_file(desk, p, add_missing=True)
    assert not plan.ok and "外星" not in plan.missing.summary()
    report = import_tickets_file(desk, supervisor, p, add_missing=True, good_rows_only=True)
    assert report.imported and report.created == 3
    assert count(desk, Community, Community.name == "外星社区") == 0
    assert count(desk, Category, Category.name == "外星分类") == 0


def test_imported_open_filter_lists_exactly_the_imported_open_tickets(desk, street, supervisor, tmp_path):
    import_tickets_file(desk, supervisor, write_xlsx(tmp_path / "old.xlsx", ROWS), add_missing=True)
    with desk.db.read() as s:
        where = queries.ticket_filter(statuses=frozenset({queries.IMPORTED_OPEN}))
        ids = [tid for tid, *_ in s.execute(select(Ticket.id).where(*where))]
        want = list(s.scalars(select(Ticket.id).where(Ticket.description == "狗叫")))
        assert ids == want and queries.imported_open_count(s) == 1


def test_units_sheet_add_missing_creates_communities_and_categories(desk, street, admin, tmp_path):
    p = write_xlsx(tmp_path / "units.xlsx", [
        ["单位名称", "类别", "负责社区", "负责分类", "联系人", "电话", "值班时间"],
        ["临江物业", "物业", "临江一村、嘉宏三村", "宠物扰民", "张师傅", "13800138010", "24小时"],
    ])
    plain = parse_units_file(desk, p)
    assert not plain.ok and plain.errors[0].missing
    report = import_units_file(desk, admin, p, add_missing=True)
    assert report.imported and report.created == 1, report.message()
    assert "已新建：社区 1 个（临江一村）、问题分类 1 个（宠物扰民）。" in report.message()
    with desk.db.read() as s:
        assert s.scalar(select(Community.id).where(Community.name == "临江一村")) is not None
        assert s.scalars(select(Unit).where(Unit.name == "临江物业")).one().origin == ""  # entered, not named


# ------------------------------------------------------------------ KPIs of an imported quarter

HAND = [
    ["受理时间", "内容", "承办单位", "派单时间", "办结时间", "回访时间", "满意度", "状态"],
    # 10 rows received in 2025 Q2 (April–June), one void: 受理量 = 9
    ["2025-04-01 08:00", "a 直接答复", "", "", "2025-04-01 08:05", "", "", "已答复"],          # answered (A)
    ["2025-04-02 08:00", "b 满意", "城东供电所", "2025-04-02 08:10", "2025-04-02 12:00",
     "2025-04-03 09:00", "满意", "已回访"],                                                    # done, call: 满意
    ["2025-04-03 08:00", "c 基本满意", "城东供电所", "2025-04-03 08:10", "2025-04-03 12:00",
     "2025-04-04 09:00", "基本满意", "已回访"],                                                # done, call: 基本满意
    ["2025-04-04 08:00", "d 不满意", "城东供电所", "2025-04-04 08:10", "2025-04-04 12:00",
     "2025-04-05 09:00", "不满意", "已回访"],                                                  # done (closed), call: 不满意
    ["2025-05-01 08:00", "e 办结未回访", "城东供电所", "2025-05-01 08:10", "2025-05-02 12:00",
     "", "", "已办结"],                                                                         # done, no call
    ["2025-05-02 08:00", "f 已派单", "城东供电所", "2025-05-02 08:10", "", "", "", "已派单"],  # open
    ["2025-05-03 08:00", "g 处理中", "城东供电所", "2025-05-03 08:10", "", "", "", "处理中"],  # open
    ["2025-05-04 08:00", "h 已受理", "", "", "", "", "", "已受理"],                             # open
    ["2025-06-01 08:00", "i 已上报", "城东供电所", "2025-06-01 08:10", "", "", "", "已上报"],  # open
    ["2025-06-02 08:00", "j 作废", "", "", "", "", "", "作废"],                                 # void: not counted
]


def test_kpis_of_an_imported_quarter_equal_the_hand_count(make_desk, supervisor, tmp_path):
    desk = make_desk("fresh.sqlite3")
    # street fixtures are not used: only 城东供电所 is named, and the template desk has it
    report = import_tickets_file(desk, supervisor, write_xlsx(tmp_path / "hand.xlsx", HAND))
    assert report.imported, report.message()
    k = quarter_kpis(desk, 2025, 2)
    # 受理量: 10 rows − 1 void = 9
    assert k.received == 9
    # 直接答复 A = 1 (a); 办结 D = b, c, d, e = 4 (d is closed though unsatisfied: done, as the register says)
    assert (k.answered, k.done) == (1, 4)
    # 办结率 = (A + D) / N = 5 / 9
    assert abs(k.completion_rate - 5 / 9) < 1e-9
    # 回访率 = done with a satisfaction call / D = 3 / 4
    assert abs(k.callback_rate - 3 / 4) < 1e-9
    # 满意率 = (满意 + 基本满意) / calls = 2 / 3
    assert abs(k.satisfaction_rate - 2 / 3) < 1e-9
    assert report.open_imported == 4  # f, g, h, i: triaged, each owed an outcome from the import on
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Deadline).where(Deadline.done_at.is_(None))) == 4
        assert s.scalar(select(func.count()).select_from(Deadline).where(
            Deadline.done_at.is_(None), Deadline.start_at < desk.now())) == 0
