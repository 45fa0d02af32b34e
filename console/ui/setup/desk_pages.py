"""The assistant's desk-owned pages: the desk's name, its street and communities, its shift hours.

These are the pages an administrator can redo later (设置 → 设置向导…);
the grids have their own file (grids_page.py), the first administrator and
the optional imports theirs (account_pages.py).
"""
from __future__ import annotations

from datetime import time

from PySide6.QtCore import QStringListModel, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
)

from ...domain.errors import UserError
from ...domain.timeutil import check_shift_hours
from ...domain.undo import DEFAULT_UNDO_MINUTES, MAX_UNDO_MINUTES
from ...services.desk_settings import LIMITS, clean_desk_name, clean_duty_phone
from ...services.street import clean_place_name, split_names
from .base import SetupPage
from .plan import STEP_DESK, STEP_STREET


class DeskNamePage(SetupPage):
    """a. The desk's name (the window's title, the status bar and every report's header) and its duty phone
    (printed on the 派单单 and 督办通知单 a unit gets, so it knows where to answer)."""

    step = STEP_DESK

    def __init__(self, current_name: str, parent=None, duty_phone: str = ""):
        super().__init__(parent)
        self.setTitle(self.tr("值班台名称"))
        self.setSubTitle(self.tr("显示在窗口标题、状态栏和交接班日志、季度报告的页眉上。可以以后再改。"))
        form = QFormLayout()
        self.name = QLineEdit(current_name, self)
        self.name.setObjectName("setupDeskName")
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("例如：城东街道社区服务热线"))
        form.addRow(self.tr("名称(&M)："), self.name)
        self.phone = QLineEdit(duty_phone, self)
        self.phone.setObjectName("setupDutyPhone")
        self.phone.setMaxLength(40)
        self.phone.setPlaceholderText(self.tr("例如：021-59123456（印在派单单和督办通知单上，可不填）"))
        form.addRow(self.tr("值班电话(&P)："), self.phone)
        self.body.addLayout(form)
        self.first = self.name
        self.finish_layout()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            self.phone.setText(clean_duty_phone(self.phone.text()))
        except UserError as e:
            self.refuse(e)
            self.phone.setFocus()  # the field at fault, not the page's first
            return False
        if not self.name.text().strip():
            return True  # skipped: the desk keeps its name
        try:
            self.name.setText(clean_desk_name(self.name.text()))
        except UserError as e:
            return self.refuse(e)
        return True

    def duty_phone(self) -> str:
        return self.phone.text().strip()

    def desk_name(self) -> str:
        return self.name.text().strip()


class StreetPage(SetupPage):
    """b. The street (街道) and its communities: typed one per line or pasted as a column from Excel."""

    step = STEP_STREET

    def __init__(self, street: str, existing: list[str], parent=None):
        super().__init__(parent)
        self.existing = set(existing)
        self.setTitle(self.tr("街道和社区"))
        self.setSubTitle(self.tr("每行一个社区，也可以从 Excel 复制一列粘贴进来；按“加入列表”（Ctrl+Enter）"
                                 "后在下面检查，选中一行按 Delete 可删除。可以跳过，以后在设置里补上。"))
        form = QFormLayout()
        self.street = QLineEdit(street, self)
        self.street.setObjectName("setupStreet")
        self.street.setPlaceholderText(self.tr("例如：城东街道"))
        form.addRow(self.tr("街道(&S)："), self.street)
        self.typed = QPlainTextEdit(self)
        self.typed.setObjectName("setupCommunitiesTyped")
        self.typed.setTabChangesFocus(True)
        self.typed.setPlaceholderText(self.tr("嘉宏三村\n白马小区\n……"))
        self.typed.setFixedHeight(self.typed.fontMetrics().lineSpacing() * 5 + 12)
        form.addRow(self.tr("社区(&C)："), self.typed)
        self.body.addLayout(form)
        self.add_button, self.remove_button = self.button_row(
            (self.tr("加入列表(&A)"), self.take_typed), (self.tr("删除所选(&D)"), self.remove_selected))
        QShortcut(QKeySequence("Ctrl+Return"), self.typed, self.take_typed,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.count = QLabel(self)
        self.body.addWidget(self.count)
        self.model = QStringListModel(self)
        self.list = QListView(self)
        self.list.setObjectName("setupCommunityList")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.body.addWidget(self.list, 1)
        if existing:
            shown = self.tr("、").join(existing[:30]) + ("…" if len(existing) > 30 else "")
            have = QLabel(self.tr("已有 {n} 个社区：{names}").format(n=len(existing), names=shown), self)
            have.setWordWrap(True)
            self.body.addWidget(have)
        self.first = self.street
        self._update_count()
        self.finish_layout()

    def take_typed(self) -> bool:
        """Move the typed names into the list; a bad name stays in the box and is named."""
        names = split_names(self.typed.toPlainText())
        listed = self.model.stringList()
        try:
            cleaned = [clean_place_name(n) for n in names]
        except UserError as e:
            return self.refuse(e)
        added = [n for n in cleaned if n not in listed and n not in self.existing]
        self.model.setStringList(listed + added)
        self.typed.clear()
        self.show_error("")
        self._update_count()
        return True

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.list.selectionModel().selectedIndexes()} or
                      ({self.list.currentIndex().row()} if self.list.currentIndex().isValid() else set()),
                      reverse=True)
        for r in rows:
            self.model.removeRows(r, 1)
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(self.tr("将要添加的社区：{n} 个").format(n=n))
        self.completeChanged.emit()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.typed.toPlainText().strip() and not self.take_typed():
            return False  # typed but not yet listed: taken in, as the operator surely meant
        if self.street.text().strip():
            try:
                self.street.setText(clean_place_name(self.street.text(), "街道", "street"))
            except UserError as e:
                return self.refuse(e)
        return True

    def street_name(self) -> str:
        return self.street.text().strip()

    def communities(self) -> list[str]:
        return self.model.stringList()


def _qtime(t: time) -> QTime:
    return QTime(t.hour, t.minute)


class ShiftsPage(SetupPage):
    """e. Where the day and the night shift begin: the shift log's 白班/夜班 and the CLI's --day/--night."""

    step = STEP_DESK

    def __init__(self, day_start: time, night_start: time, parent=None, undo_minutes: int = DEFAULT_UNDO_MINUTES,
                 limits: dict[str, int] | None = None, printer: str = ""):
        super().__init__(parent)
        self.setTitle(self.tr("班次时间"))
        self.setSubTitle(self.tr("白班和夜班从几点开始（24 小时制）。交接班日志和按班次导出都按这两个时间划分。"))
        form = QFormLayout()
        self.day = QTimeEdit(_qtime(day_start), self)
        self.night = QTimeEdit(_qtime(night_start), self)
        for w, name in ((self.day, "setupDayStart"), (self.night, "setupNightStart")):
            w.setObjectName(name)
            w.setDisplayFormat("HH:mm")
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("白班开始(&D)："), self.day)
        form.addRow(self.tr("夜班开始(&Y)："), self.night)
        self.undo = QSpinBox(self)  # console.domain.undo: how long a step's author may take it back alone
        self.undo.setObjectName("setupUndoMinutes")
        self.undo.setRange(0, MAX_UNDO_MINUTES)
        self.undo.setValue(undo_minutes)
        self.undo.setSuffix(self.tr(" 分钟"))
        self.undo.setSpecialValueText(self.tr("只由值班领导更正"))
        self.undo.setToolTip(self.tr("话务员可在这段时间内撤销自己刚做的一步（Ctrl+Z）；之后由值班领导更正，需写明原因。"))
        form.addRow(self.tr("撤销时限(&U)："), self.undo)
        # the work-order limits (services.desk_settings.LIMITS), one spin box each
        texts = {
            "repeat_days": (self.tr("重复来电提示(&R)："), self.tr(" 天"),
                            self.tr("新来电时，提示这么多天内同一号码的来电，以及同一地址未办结的工单（可追加到原工单）。")),
            "extension_requests": (self.tr("延期申请次数(&X)："), self.tr(" 次"),
                                   self.tr("每张工单承办单位最多可申请延期的次数（0 = 不允许延期）。")),
            "extension_days": (self.tr("每次最多延期(&M)："), self.tr(" 个工作日"),
                               self.tr("每次延期申请最多可延长的工作日数。")),
            "return_days": (self.tr("退单时限(&T)："), self.tr(" 个工作日"),
                            self.tr("承办单位须在派单后这么多个工作日内退单，超过则应继续办理。")),
            "early_percent": (self.tr("提前办结(&E)："), self.tr(" % 时限内"),
                              self.tr("月报、季报的提前办结率：按时办结且用时不超过办结时限（从首次派单算起）的这个百分比。")),
            "satisfaction_scale": (self.tr("满意度评价(&V)："), "",
                                   self.tr("三级：满意、基本满意、不满意；五级（政务服务好差评）：非常满意、满意、基本满意、"
                                           "不满意、非常不满意。改换后，已有的评价按原等级保留，报表按对照表合并统计。")),
            "callback_attempts": (self.tr("回访尝试次数(&A)："), self.tr(" 次"),
                                  self.tr("满意度回访未接通时再试；到这个次数仍未接通，记为回访不成功。")),
            "callback_retry_minutes": (self.tr("再试间隔(&I)："), self.tr(" 分钟"),
                                       self.tr("回访未接通后，隔这么久再提醒回访（回访时限不变）。")),
            "callback_ring_seconds": (self.tr("回拨振铃等待(&G)："), self.tr(" 秒"),
                                      self.tr("经电话链路（baresip）回拨未接来电时，响铃这么久无人接听即挂断，记为无人接听。")),
            "missed_retry_minutes": (self.tr("回拨再试间隔(&B)："), self.tr(" 分钟"),
                                     self.tr("回拨无人接听或占线后，隔这么久再提醒回拨（回拨时限不变）。")),
        }
        self.limits: dict[str, QSpinBox | QComboBox] = {}
        for key, spec in LIMITS.items():
            label, suffix, tip = texts[key]
            if spec.choices:  # the satisfaction scale: three or five levels
                combo = QComboBox(self)
                combo.setObjectName(f"setupLimit_{key}")
                for n in spec.choices:
                    combo.addItem(self.tr("五级（好差评）") if n == 5 else self.tr("三级"), n)
                combo.setCurrentIndex(max(0, combo.findData((limits or {}).get(key, spec.default))))
                combo.setToolTip(tip)
                form.addRow(label, combo)
                self.limits[key] = combo
                continue
            box = QSpinBox(self)
            box.setObjectName(f"setupLimit_{key}")
            box.setRange(spec.low, spec.high)
            box.setValue((limits or {}).get(key, spec.default))
            box.setSuffix(suffix)
            box.setToolTip(tip)
            form.addRow(label, box)
            self.limits[key] = box
        # closing a shift writes its log into the reports folder; a printer named here also prints it
        self.printer = QComboBox(self)
        self.printer.setObjectName("setupShiftLogPrinter")
        self.printer.setEditable(True)
        self.printer.addItem(self.tr("（不自动打印）"), "")
        from PySide6.QtPrintSupport import QPrinterInfo

        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        if printer and self.printer.findData(printer) < 0:
            self.printer.addItem(printer, printer)  # named before, not installed on this computer
        self.printer.setCurrentIndex(max(0, self.printer.findData(printer)))
        self.printer.setToolTip(self.tr("交班时，交接班日志自动保存到报表文件夹；选了打印机的，同时打印一份。"))
        form.addRow(self.tr("交班后打印日志(&P)："), self.printer)
        self.body.addLayout(form)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)
        self.first = self.day
        self.finish_layout()

    def say_it_saves(self) -> None:
        """On a first start this is the commit page: say that "保存" writes every page before it."""
        self.note.setText(self.tr("按“保存”后，前面各步填写的内容一起写入（先建管理员账号）；"
                                  "之后可以导入电话簿和历史工单。"))

    def printer_name(self) -> str:
        """The printer chosen or typed ("" = none)."""
        text = self.printer.currentText().strip()
        return "" if self.printer.currentIndex() == 0 and text == self.printer.itemText(0) else text

    def limit_values(self) -> dict[str, int]:
        return {key: int(box.currentData()) if isinstance(box, QComboBox) else box.value()
                for key, box in self.limits.items()}

    def hours(self) -> tuple[time, time]:
        d, n = self.day.time(), self.night.time()
        return time(d.hour(), d.minute()), time(n.hour(), n.minute())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            check_shift_hours(*self.hours())
        except UserError as e:
            return self.refuse(e)
        return self.wizard().commit() if hasattr(self.wizard(), "commit") else True
