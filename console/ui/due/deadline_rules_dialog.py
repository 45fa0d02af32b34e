"""时限规则 (supervisor): how many minutes each follow-up gets, per category and urgency.

The rules are rows in the database (every seat agrees) and the rule
that applies is decided in console.domain.deadline_policy; this dialog
lists the rows, edits one scope at a time through
console.services.deadlines (set_rule / delete_rule, which check the
permission and the minutes and write the audit trail), and offers the
explicit re-timing of open deadlines (recompute_open). A change applies
to deadlines opened from now on unless the supervisor asks for that.
Nonsense (negative, zero, more than 30 days, fractions, text) is refused
by the same validation the services use, with its message shown here.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain.deadline_policy import DEFAULT_RULES, MISSED_CALLBACK, RULE_KINDS, validate_minutes
from ...domain.enums import Urgency
from ...domain.errors import ValidationError
from ...services import deadlines as deadline_service
from ...services.categories import category_choices
from ...services.context import Actor, Changes, Desk
from ...services.deadlines import DeadlineRuleInfo, deadline_rules
from ..common.errors import one_line, report_bug
from ..common.workers import TaskRunner
from ..shell.i18n import current_lang, is_english
from .due_queue_panel import set_role

COL_KIND, COL_CATEGORY, COL_URGENCY, COL_MINUTES, COL_SPAN, COL_COUNTS = range(6)
RULE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_name(code: str) -> str:
    for k in RULE_KINDS:
        if k.code == code:
            return k.en if is_english() else k.zh
    return code


def span_text(minutes: int) -> str:
    """30 → "30 分钟", 1440 → "1 天", 90 → "1 时 30 分" (English twins)."""
    days, rest = divmod(int(minutes), 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    en = is_english()
    if days:
        parts.append(f"{days} d" if en else f"{days} 天")
    if hours:
        parts.append(f"{hours} h" if en else f"{hours} 时")
    if mins:
        parts.append(f"{mins} min" if en else (f"{mins} 分钟" if not parts else f"{mins} 分"))
    return " ".join(parts)


def apply_defaults(desk: Desk, actor: Actor) -> Changes:
    """The seeds' defaults back on the rules that apply to every category (one audited write each)."""
    changes = Changes()
    for r in DEFAULT_RULES:
        changes.merge(deadline_service.set_rule(desk, actor, r.kind, r.minutes, r.category_id, r.urgency,
                                                r.working_time))
    return changes


class DeadlineRulesDialog(QDialog):
    rules_changed = Signal(object)  # Changes (settings, or deadlines after a recompute)

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None):
        super().__init__(parent)
        self.setObjectName("deadlineRulesDialog")
        self.setWindowTitle(self.tr("时限规则"))
        self._desk, self._actor, self._runner = desk, actor, runner
        self.rules: list[DeadlineRuleInfo] = []
        # A confirmation before re-timing every open deadline; tests replace it.
        self.confirm = lambda title, text: QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

        intro = QLabel(self.tr(
            "时限按自然时间的分钟数计算（夜里也计时）；勾选“只计工作日”的规则只计工作日的时间"
            "（跳过周末和法定节假日，调休上班日照常计时，1440 分钟 = 1 个工作日）。"
            "越具体的规则优先：分类+紧急程度 > 分类 > "
            "上级分类 > 紧急程度 > 默认。修改只影响今后新开的时限；要让未完成的时限也按新规则计算，"
            "请点“重新计算未完成的时限”。"))
        intro.setWordWrap(True)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("deadlineRulesTable")
        self.table.setHorizontalHeaderLabels([self.tr("类型"), self.tr("分类"), self.tr("紧急程度"),
                                              self.tr("分钟"), self.tr("约合"), self.tr("计时")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._fill_form(row))

        self.kind = QComboBox()
        self.kind.setObjectName("ruleKind")
        for k in RULE_KINDS:
            self.kind.addItem(k.en if is_english() else k.zh, k.code)
        self.kind.currentIndexChanged.connect(lambda *_: self._kind_changed())
        self.category = QComboBox()
        self.category.setObjectName("ruleCategory")
        self.category.addItem(self.tr("（所有分类）"), None)
        for c in category_choices(desk, include_retired=True):
            self.category.addItem(c.path, c.id)
        self.urgency = QComboBox()
        self.urgency.setObjectName("ruleUrgency")
        self.urgency.addItem(self.tr("（所有紧急程度）"), None)
        for u in Urgency:
            self.urgency.addItem(u.label(current_lang()), u.value)
        self.minutes = QLineEdit()
        self.minutes.setObjectName("ruleMinutes")
        self.minutes.setMaxLength(12)
        self.minutes.setPlaceholderText(self.tr("1 到 43200（30 天）"))
        self.minutes.textChanged.connect(self._show_span)
        self.span = QLabel()
        set_role(self.span, "hint")
        self.working = QCheckBox(self.tr("只计工作日(&W)"))
        self.working.setObjectName("ruleWorkingTime")
        self.working.setToolTip(self.tr("跳过周末和法定节假日，调休上班日照常计时（按值班台的节假日日历）"))
        row = QHBoxLayout()
        row.addWidget(self.minutes, 1)
        row.addWidget(self.span, 1)
        row.addWidget(self.working)
        form = QFormLayout()
        form.addRow(self.tr("类型(&K)："), self.kind)
        form.addRow(self.tr("分类(&C)："), self.category)
        form.addRow(self.tr("紧急程度(&U)："), self.urgency)
        form.addRow(self.tr("时限（分钟）(&N)："), row)

        self.save_button = QPushButton(self.tr("保存规则(&S)"))
        self.save_button.setObjectName("ruleSave")
        self.save_button.clicked.connect(self.save_rule)
        self.delete_button = QPushButton(self.tr("删除所选规则(&D)"))
        self.delete_button.setObjectName("ruleDelete")
        self.delete_button.clicked.connect(self.delete_rule)
        self.defaults_button = QPushButton(self.tr("恢复默认时限"))
        self.defaults_button.setObjectName("ruleDefaults")
        self.defaults_button.setToolTip(self.tr("默认：回访 30 分钟（特急 15 分钟），办结 1 天，上报后 3 天，"
                                                "满意度回访 1 天，未接回拨 15 分钟"))
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.recompute_button = QPushButton(self.tr("重新计算未完成的时限…"))
        self.recompute_button.setObjectName("ruleRecompute")
        self.recompute_button.clicked.connect(self.recompute)
        for b in (self.delete_button, self.defaults_button, self.recompute_button):
            b.setAutoDefault(False)
        self.save_button.setDefault(True)  # Enter anywhere in the form saves the rule
        buttons_row = QHBoxLayout()
        for b in (self.save_button, self.delete_button, self.defaults_button):
            buttons_row.addWidget(b)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.recompute_button)

        self.message = QLabel()
        self.message.setObjectName("ruleMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(form)
        lay.addLayout(buttons_row)
        lay.addWidget(self.message)
        lay.addWidget(close)
        self.resize(720, 560)
        self.reload()
        if self.rules:
            self.table.setCurrentCell(0, 0)
        self.minutes.setFocus()

    # -- the list --------------------------------------------------------------------
    def reload(self) -> None:
        keep = self.current_rule_id()
        self.rules = deadline_rules(self._desk)
        order = {k.code: i for i, k in enumerate(RULE_KINDS)}
        self.rules.sort(key=lambda r: (order.get(r.kind, 99), r.category_id is not None, r.category or "",
                                       r.urgency is not None, r.urgency or ""))
        self.table.setRowCount(len(self.rules))
        for i, r in enumerate(self.rules):
            cells = (kind_name(r.kind), r.category or self.tr("（所有分类）"),
                     self._urgency_label(r.urgency), str(r.minutes), span_text(r.minutes),
                     self.tr("工作日") if r.working_time else self.tr("自然时间"))
            for col, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setData(RULE_ID_ROLE, r.id)
                if col == COL_MINUTES:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, it)
        if keep is not None:
            self.select_rule(keep)

    def _urgency_label(self, code: str | None) -> str:
        if code is None:
            return self.tr("（所有紧急程度）")
        try:
            return Urgency(code).label(current_lang())
        except ValueError:
            return code

    def current_rule_id(self) -> int | None:
        row = self.table.currentRow()
        return self.rules[row].id if 0 <= row < len(self.rules) else None

    def select_rule(self, rule_id: int) -> bool:
        for i, r in enumerate(self.rules):
            if r.id == rule_id:
                self.table.setCurrentCell(i, COL_MINUTES)
                return True
        return False

    def find_rule(self, kind: str, category_id: int | None = None, urgency: str | None = None) -> DeadlineRuleInfo | None:
        return next((r for r in self.rules if (r.kind, r.category_id, r.urgency) == (kind, category_id, urgency)), None)

    def _fill_form(self, row: int) -> None:
        if not 0 <= row < len(self.rules):
            return
        r = self.rules[row]
        self.kind.setCurrentIndex(max(self.kind.findData(r.kind), 0))
        self.category.setCurrentIndex(max(self.category.findData(r.category_id), 0))
        self.urgency.setCurrentIndex(max(self.urgency.findData(r.urgency), 0))
        self.minutes.setText(str(r.minutes))
        self.working.setChecked(r.working_time)
        self.delete_button.setEnabled(r.category_id is not None or r.urgency is not None)

    def _kind_changed(self) -> None:
        scoped = self.kind.currentData() != MISSED_CALLBACK  # a missed call has no category or urgency
        for w in (self.category, self.urgency):
            w.setEnabled(scoped)
            if not scoped:
                w.setCurrentIndex(0)

    def _show_span(self, text: str) -> None:
        try:
            self.span.setText("= " + span_text(validate_minutes(text)))
        except ValidationError:
            self.span.setText("")

    # -- writing ---------------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "ok")

    def _busy(self, busy: bool) -> None:
        for b in (self.save_button, self.delete_button, self.defaults_button, self.recompute_button):
            b.setEnabled(not busy)

    def _run(self, fn, *args, done_text: str, select: tuple | None = None) -> None:
        self._busy(True)

        def ok(result) -> None:
            self._busy(False)
            self.reload()
            saved = self.find_rule(*select) if select else None
            if saved is not None:
                self.select_rule(saved.id)
            changes = result if isinstance(result, Changes) else Changes(settings=True, deadlines=True)
            self._say(done_text.format(n=result) if isinstance(result, int) else done_text)
            self.rules_changed.emit(changes)

        self._runner.submit(fn, self._desk, self._actor, *args, on_result=ok, on_error=self._failed)

    def _failed(self, e: BaseException) -> None:
        self._busy(False)
        self.reload()
        text = one_line(e, self._desk.db.display)  # a UserError, or a locked / read-only / lost database
        if text is not None:
            self._say(text, error=True)
            return
        report_bug(e)

    def save_rule(self) -> None:
        """Create or change the rule for the scope in the form."""
        try:
            minutes = validate_minutes(self.minutes.text())
        except ValidationError as e:  # said at once, before any write
            self._say(e.message(current_lang()), error=True)
            self.minutes.setFocus()
            self.minutes.selectAll()
            return
        kind = self.kind.currentData()
        category_id, urgency = self.category.currentData(), self.urgency.currentData()
        read = next(((r.minutes, bool(r.working_time)) for r in self.rules
                     if (r.kind, r.category_id, r.urgency) == (kind, category_id, urgency)), ())
        self._run(deadline_service.set_rule, kind, minutes, category_id, urgency, self.working.isChecked(), read,
                  done_text=self.tr("已保存。新开的时限按新规则计算。"), select=(kind, category_id, urgency))

    def delete_rule(self) -> None:
        rule_id = self.current_rule_id()
        if rule_id is None:
            return
        self._run(deadline_service.delete_rule, rule_id, done_text=self.tr("已删除这条规则。"))

    def restore_defaults(self) -> None:
        self._run(apply_defaults, done_text=self.tr("已恢复默认时限（分类和紧急程度的专门规则未改动）。"))

    def recompute(self) -> None:
        if not self.confirm(self.tr("重新计算未完成的时限"),
                            self.tr("按现在的规则，从各自的起算时间重新计算所有未完成的时限吗？\n"
                                    "已完成的时限不变。这一操作会记入操作记录。")):
            return
        self._run(deadline_service.recompute_open, done_text=self.tr("已重新计算，{n} 条时限有变化。"))
