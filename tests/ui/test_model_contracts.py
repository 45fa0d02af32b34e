"""Every table and list model of the window keeps Qt's model contract.

Qt's QAbstractItemModelTester (pytest-qt's ``qtmodeltester``) stays attached
to a model for the whole test and checks it again on every signal: row and
column counts, parents, indexes, headers, the types a role may answer, and
that inserts, removals and resets announce what they change. A broken
contract shows up as a Qt warning, and a Qt warning fails a test in this
suite (``qt_log_level_fail`` in pyproject.toml). Each test runs twice: with
Qt's C++ tester and with pytest-qt's Python port of it (``force_py``), which
fails with an assertion at the faulty call. Each model is checked
empty, filled with rows read from the small desk through the services, and
refilled (``set_rows`` twice, ``reload``, ``fetchMore`` of the paged ones).

``read_every_cell`` then asks each cell for the roles a view asks for and
checks the answer's type: the tester looks at the first cell only.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from pytestqt.modeltest import ModelTester

from console.services import missed_calls as M
from console.services import phonebook_reads as PR
from console.services import registers as R
from console.services import shifts
from console.services import tickets as T
from console.services.dispatch_options import dispatch_options
from console.services.imports.units import parse_units_file
from console.store import queries
from console.ui.due.due_queue_model import DueQueueModel
from console.ui.missed_calls.missed_call_table_model import MissedCallTableModel
from console.ui.new_call.new_call_dialog import category_entries, community_entries
from console.ui.new_call.pick_list_model import ChoiceListModel
from console.ui.new_call.ranked_contact_model import RankedContactModel
from console.ui.phonebook.import_error_model import ErrorGroupModel
from console.ui.phonebook.unit_table_model import UnitTableModel
from console.ui.registers.register_model import (
    HANDBOOK_HEADERS,
    MEMBER_HEADERS,
    RegisterModel,
    _entry_cells,
    _member_cells,
)
from console.ui.shifts.handover_rows_model import ID_ROLE, HandoverRowsModel
from console.ui.shifts.shift_dialogs import CloseShiftDialog
from console.ui.tickets.ticket_table_model import TicketTableModel

R_ = Qt.ItemDataRole
TEXT_ROLES = (R_.DisplayRole, R_.ToolTipRole, R_.StatusTipRole, R_.WhatsThisRole, R_.AccessibleTextRole)
ROLE_TYPES = {
    R_.ForegroundRole: (QBrush, QColor), R_.BackgroundRole: (QBrush, QColor), R_.FontRole: (QFont,),
    R_.TextAlignmentRole: (int, Qt.AlignmentFlag), R_.EditRole: (str, int),
}


@pytest.fixture(params=["qt", "py"])
def model_check(request):
    """`model_check(model)`: attach a model tester (Qt's, or pytest-qt's Python port) for the rest of the test."""
    testers: list[ModelTester] = []

    def check(model: QAbstractItemModel) -> None:
        tester = ModelTester(request.config)
        tester.check(model, force_py=request.param == "py")
        testers.append(tester)

    yield check
    for tester in testers:
        tester._cleanup()  # as the qtmodeltester fixture does: disconnect the Python tester


def read_every_cell(model: QAbstractItemModel) -> int:
    """Ask every cell for what a view paints and a screen reader speaks; the answer's type must fit the role.

    Returns the number of rows read (so a test also sees that the model was not empty)."""
    rows = model.rowCount(QModelIndex())
    cols = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())  # private there
    for c in range(cols):
        header = model.headerData(c, Qt.Orientation.Horizontal, R_.DisplayRole)
        assert header is None or isinstance(header, (str, int)), (c, header)  # Qt's default: the number
    for r in range(rows):
        for c in range(cols):
            idx = model.index(r, c)
            assert idx.isValid() and not idx.parent().isValid()
            for role in TEXT_ROLES:
                value = model.data(idx, role)
                assert value is None or isinstance(value, str), (r, c, role, value)
            for role, types in ROLE_TYPES.items():
                value = model.data(idx, role)
                assert value is None or isinstance(value, types), (r, c, role, value)
            assert model.flags(idx) & Qt.ItemFlag.ItemIsEnabled
    assert not model.index(rows, 0).isValid() and not model.index(0, cols).isValid()
    return rows


def _call(street, text: str, **kw) -> T.NewCall:
    return T.NewCall(description=text, caller_phone="13800138000", caller_name="王阿姨",
                     community_id=street.communities["嘉宏三村"], category_id=street.categories["水电气/停电"],
                     **kw)


# --- models filled by the window from a search or a service ---------------------------------------

def test_unit_table_model(model_check, named_desk):
    model = UnitTableModel()
    model_check(model)
    assert read_every_cell(model) == 0
    rows = PR.search_units(named_desk)
    assert rows
    model.set_rows(rows)
    assert read_every_cell(model) == len(rows)
    model.set_rows(rows[:1])  # a narrower search
    model.set_rows(rows)
    assert model.names() == [r.name for r in rows]
    model.set_rows([])
    assert read_every_cell(model) == 0


def test_row_error_model(model_check, named_desk, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "类别", "负责社区", "负责分类", "联系人", "职务", "电话", "值班时间"])
    ws.append(["城东自来水公司", "供水", "嘉宏三村", "水电气/漏水", "调度室", "调度", "13800138010", "24小时"])
    ws.append(["城东燃气所", "燃气", None, None, "值班室", "", "not a phone", "24小时"])
    ws.append(["街道工匠组", "工匠", None, None, "李师傅", "", "13800138020", "明天下午"])
    wb.save(tmp_path / "units.xlsx")
    errors = parse_units_file(named_desk, tmp_path / "units.xlsx").errors
    assert len(errors) >= 2

    model = ErrorGroupModel()
    model_check(model)
    assert read_every_cell(model) == 0
    model.set_errors(errors)
    assert read_every_cell(model) == len(errors)
    model.set_errors(errors[:1])
    model.set_errors([])
    model.set_errors(errors)
    assert model.row_numbers() == [e.row_number for e in errors]


def test_ranked_contact_model(model_check, named_desk, street):
    rows = dispatch_options(named_desk, street.categories["水电气/停电"], street.communities["嘉宏三村"])
    assert rows
    model = RankedContactModel()
    model_check(model)
    assert read_every_cell(model) == 0
    model.set_rows(rows)
    assert read_every_cell(model) == len(rows)
    model.set_rows(rows[::-1])
    model.set_rows([])
    model.set_rows(rows)
    assert model.rows() == rows


def test_choice_list_model(model_check, named_desk):
    communities = community_entries(named_desk)
    model = ChoiceListModel([])
    model_check(model)
    assert read_every_cell(model) == 0
    model.set_entries(communities)
    assert read_every_cell(model) == len(communities)
    model.set_filter("jh")  # pinyin initials: 嘉宏…
    assert 0 < model.rowCount() < len(communities)
    read_every_cell(model)
    model.set_filter("不存在的社区")
    assert model.rowCount() == 0
    model.set_filter("")
    model.set_entries(category_entries(named_desk))  # the same picker class serves the categories
    assert read_every_cell(model) == len(category_entries(named_desk))


@pytest.mark.parametrize("register", ["members", "handbook"])
def test_register_model(model_check, named_desk, street, admin, register):
    if register == "members":
        for name, group in (("张老伯", "独居老人"), ("李阿婆", "高龄老人"), ("王<b>某</b>", "残疾人")):
            R.create_special_member(named_desk, admin, R.SpecialGroupInput(
                name, group, phone="13800138000", community_id=street.communities["嘉宏三村"],
                address="12号301室", needs="每周上门\n送餐"))
        model = RegisterModel(MEMBER_HEADERS, _member_cells)
        read = lambda: R.search_special_members(named_desk)  # noqa: E731
    else:
        for q in ("停电找谁？", "漏水怎么办？"):
            R.create_handbook_entry(named_desk, admin, R.HandbookInput(
                q, "先打物业电话", category_id=street.categories["水电气/停电"], keywords="停电"))
        R.create_handbook_entry(named_desk, admin, R.HandbookInput("热线几点上班？", "24小时"))
        model = RegisterModel(HANDBOOK_HEADERS, _entry_cells)
        read = lambda: R.handbook_for(named_desk, None)  # noqa: E731
    model_check(model)
    assert read_every_cell(model) == 0
    rows = read()
    assert len(rows) == 3
    model.set_rows(rows)
    assert read_every_cell(model) == 3
    model.set_rows(rows[1:])
    model.set_rows(rows)
    assert model.row_of(rows[2].id) == 2


def test_handover_rows_model(qtbot, model_check, named_desk, street, operator, clock):
    empty = HandoverRowsModel(["编号", "受理时间"])
    model_check(empty)
    assert read_every_cell(empty) == 0

    sid = shifts.open_shift(named_desk, operator)
    clock.advance(minutes=1)
    T.log_call(named_desk, operator, _call(street, "楼道停电"), dispatch=T.Dispatch(street.units["城东供电所"]))
    T.log_call(named_desk, operator, _call(street, "门口路灯坏了"))
    M.log_missed_call(named_desk, operator, "13912345678")
    clock.advance(minutes=40)  # the call-back and the check-back are overdue: rows painted red
    dlg = CloseShiftDialog(named_desk, operator, sid)
    qtbot.addWidget(dlg)
    for model in (dlg.tickets, dlg.follow):  # the open tickets and the follow-ups handed over
        model_check(model)
        n = read_every_cell(model)
        assert n >= 2
        rows = [(model.data(model.index(r, 0), ID_ROLE),
                 tuple(model.data(model.index(r, c)) for c in range(model.columnCount())), r == 0)
                for r in range(n)]
        model.set_rows(rows[:1])
        model.set_rows(rows)
        assert read_every_cell(model) == n


# --- the paged models: they read the database themselves --------------------------------------------

def test_ticket_table_model_pages_filters_and_refreshes(model_check, named_desk, street, operator, clock):
    model = TicketTableModel(named_desk, page_size=2)
    model_check(model)
    assert read_every_cell(model) == 0 and not model.canFetchMore(QModelIndex())

    for i in range(5):
        T.log_call(named_desk, operator, _call(street, f"第{i}号来电：楼道停电\n第二行"),
                   **({"dispatch": T.Dispatch(street.units["城东供电所"])} if i == 1 else {}))
        clock.advance(minutes=1)
    model.reload()
    assert model.rowCount() >= 2  # the first page (the tester may have asked for the next)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert read_every_cell(model) == 5
    model.sort(0, Qt.SortOrder.AscendingOrder)  # by number: reloads from the top, a page at a time
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert read_every_cell(model) == 5
    model.set_filter(statuses={"dispatched"})
    assert read_every_cell(model) == 1
    model.sort(1, Qt.SortOrder.DescendingOrder)  # newest first again
    model.set_filter(statuses=None)
    assert read_every_cell(model) == 2  # one page
    new = T.log_call(named_desk, operator, _call(street, "新来电")).id
    model.refresh()  # another seat's call: inserted on top, the window keeps its size
    assert read_every_cell(model) == 2 and model.ticket_id(0) == new
    model.set_filter(search_ids=[])
    assert read_every_cell(model) == 0


def test_missed_call_table_model_pages_and_reloads(model_check, named_desk, operator, clock):
    model = MissedCallTableModel(named_desk, page_size=2)
    model_check(model)
    assert read_every_cell(model) == 0

    ids = []
    for i in range(5):
        ids.append(M.log_missed_call(named_desk, operator, f"1391234567{i}"))
        clock.advance(minutes=10)  # the first ones overdue: red countdowns
    model.reload()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert read_every_cell(model) == 5
    M.call_back(named_desk, operator, ids[0], note="已回拨，<b>不用</b>再打")
    model.set_open_only(False)  # all, newest first: the called-back one too, with its note
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert read_every_cell(model) == 5
    model.set_open_only(True)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert read_every_cell(model) == 4


def test_due_queue_model_snapshots_and_ticks(model_check, named_desk, street, operator, clock):
    model = DueQueueModel(named_desk)
    model_check(model)
    model.set_items([], named_desk.now())
    assert read_every_cell(model) == 0

    for i in range(3):
        T.log_call(named_desk, operator, _call(street, f"停电 {i}"), dispatch=T.Dispatch(street.units["城东供电所"]))
        M.log_missed_call(named_desk, operator, f"1391234560{i}")
        clock.advance(minutes=7)

    def snapshot():
        with named_desk.db.read() as s:
            return queries.due_queue(s, named_desk.now(), timedelta(hours=1))

    items = snapshot()
    assert len(items) == 6
    model.set_items(items, named_desk.now())
    assert read_every_cell(model) == 6
    clock.advance(minutes=10)  # some turn overdue (red, bold)
    model.tick(named_desk.now())
    model.tick(named_desk.now(), 1, 2)
    assert read_every_cell(model) == 6
    model.set_items(items[::2], named_desk.now())  # some were handled elsewhere
    model.set_items(items[::-1], named_desk.now())  # a new order
    model.set_items(snapshot(), named_desk.now())
    assert read_every_cell(model) == 6
    model.set_items([], named_desk.now())
    assert read_every_cell(model) == 0
