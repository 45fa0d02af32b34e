"""Small dialogs the lifecycle actions ask through: a text, a satisfaction call, a unit, more time.

They only collect input; the services decide whether the step is allowed.
"""
from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from ...domain.enums import Solved
from ...domain.ranking import RankedContact
from ...domain.satisfaction import levels
from ..shell.i18n import current_lang, is_english


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    b = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    b.accepted.connect(dialog.accept)
    b.rejected.connect(dialog.reject)
    return b


class _CtrlEnterText(QPlainTextEdit):
    """Plain text (never markup); Ctrl+Enter confirms the dialog, Tab leaves the field."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, e):  # noqa: N802
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dlg = self.window()
            if isinstance(dlg, QDialog):
                dlg.accept()
                return
        super().keyPressEvent(e)


class TextPromptDialog(QDialog):
    """One multi-line text (a reason, a result, a note)."""

    def __init__(self, title: str, prompt: str, parent=None, *, required: bool = True, max_len: int = 2000):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._required, self._max = required, max_len
        lab = QLabel(prompt)
        lab.setWordWrap(True)
        self.edit = _CtrlEnterText()
        self.edit.setObjectName("promptText")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00000;")
        self.error.hide()
        hint = QLabel(self.tr("Ctrl+Enter 确定"))
        hint.setStyleSheet("color: gray;")
        lay = QVBoxLayout(self)
        lay.addWidget(lab)
        lay.addWidget(self.edit)
        lay.addWidget(self.error)
        lay.addWidget(hint)
        lay.addWidget(_buttons(self))
        self.resize(460, 240)
        self.edit.setFocus()

    def text(self) -> str:
        return self.edit.toPlainText().strip()

    def accept(self) -> None:
        t = self.text()
        if self._required and not t:
            self.error.setText(self.tr("请填写内容。"))
        elif len(t) > self._max:
            self.error.setText(self.tr("内容太长（最多 {n} 个字）。").format(n=self._max))
        else:
            super().accept()
            return
        self.error.show()
        self.edit.setFocus()


class SatisfactionDialog(QDialog):
    """满意度回访 (or 再回访): how the call went — a rating on the desk's scale (three levels, or the five of
    好差评), 拒评, or 回访不成功 — with whether it was solved (已解决 / 部分解决 / 未解决, for 解决率; "not asked"
    leaves it out), 服务态度 and 办事能力 1–5 and the resident's words. `scale` is the desk's
    (console.domain.satisfaction); `callers`: who to call (the ticket's caller first, then those of repeat
    calls and merged tickets), so none is forgotten."""

    RATED, DECLINED, FAILED = "rated", "declined", "failed"

    def __init__(self, parent=None, callers: list[str] | tuple[str, ...] = (), scale: int = 3,
                 revisit: bool = False):
        super().__init__(parent)
        self.scale = scale
        self.setWindowTitle(self.tr("再回访") if revisit else self.tr("满意度回访"))
        self.outcome = QComboBox()
        self.outcome.setObjectName("satisfactionOutcome")
        self.outcome.addItem(self.tr("居民作出评价"), self.RATED)
        self.outcome.addItem(self.tr("拒评（接通，居民不愿评价）"), self.DECLINED)
        self.outcome.addItem(self.tr("回访不成功（未接通，稍后再试）"), self.FAILED)
        self.rating = QComboBox()
        self.rating.setObjectName("satisfactionRating")
        for s in levels(scale):
            self.rating.addItem(s.label(current_lang()), s.value)
        self.solved = QComboBox()
        self.solved.setObjectName("satisfactionSolved")
        self.solved.addItem(self.tr("未询问"), "")
        for sv in Solved:
            self.solved.addItem(sv.label(current_lang()), sv.value)
        self.attitude = QSpinBox()
        self.ability = QSpinBox()
        for sb in (self.attitude, self.ability):
            sb.setRange(0, 5)
            sb.setSpecialValueText(self.tr("未评"))
            sb.setValue(0)
        self.comment = _CtrlEnterText()
        form = QFormLayout(self)
        if callers:
            who = QLabel(self.tr("请回访：") + "；".join(callers))
            who.setObjectName("satisfactionCallers")
            who.setWordWrap(True)
            who.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(who)
        scale_note = QLabel(self.tr("五级评价（好差评）") if scale == 5 else self.tr("三级评价"))
        scale_note.setObjectName("satisfactionScale")
        form.addRow(self.tr("评价等级："), scale_note)
        form.addRow(self.tr("回访结果(&O)："), self.outcome)
        form.addRow(self.tr("满意度(&S)："), self.rating)
        form.addRow(self.tr("解决情况(&J)："), self.solved)
        form.addRow(self.tr("服务态度(&T)："), self.attitude)
        form.addRow(self.tr("办事能力(&A)："), self.ability)
        form.addRow(self.tr("回访意见(&C)："), self.comment)
        for w in (self.outcome, self.rating, self.solved, self.attitude, self.ability, self.comment):
            form.labelForField(w).setBuddy(w)
        form.addRow(_buttons(self))
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self.rating.setFocus()

    def _outcome_changed(self) -> None:
        rated = self.outcome.currentData() == self.RATED
        for w in (self.rating, self.solved, self.attitude, self.ability):
            w.setEnabled(rated)

    def kind(self) -> str:
        return self.outcome.currentData()

    def solved_answer(self) -> str | None:
        """已解决 / 部分解决 / 未解决 as its code; None: the operator did not ask."""
        return self.solved.currentData() or None

    def values(self) -> tuple[str, int | None, int | None, str]:
        return (self.rating.currentData(), self.attitude.value() or None, self.ability.value() or None,
                self.comment.toPlainText().strip())


class _ChoiceAndNote(QDialog):
    """A choice between two ways (a combo box) and a required note: the review's and the rectification's."""

    def __init__(self, parent, title: str, head: str, choice_label: str, choices: tuple[tuple[str, bool], ...],
                 note_label: str, missing: str, name: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice = QComboBox()
        self.choice.setObjectName(name)
        for text, value in choices:
            self.choice.addItem(text, value)
        self.note = _CtrlEnterText()
        self._missing = missing
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        form = QFormLayout(self)
        top = QLabel(head)
        top.setTextFormat(Qt.TextFormat.PlainText)
        top.setWordWrap(True)
        form.addRow(top)
        form.addRow(choice_label, self.choice)
        form.addRow(note_label, self.note)
        for w in (self.choice, self.note):
            form.labelForField(w).setBuddy(w)
        form.addRow(self.error)
        form.addRow(_buttons(self))

    def accept(self) -> None:
        if not self.note.toPlainText().strip():
            self.error.setText(self._missing)
            self.error.show()
            self.note.setFocus()
            return
        super().accept()

    def values(self) -> tuple[bool, str]:
        return bool(self.choice.currentData()), self.note.toPlainText().strip()


class ReviewDialog(_ChoiceAndNote):
    """回访复核: is the unfavourable rating upheld (the unit rectifies) or not (it stands, the review ends)?"""

    def __init__(self, number: str, rating: str, parent=None):
        super().__init__(parent, self.tr("回访复核"), self.tr("工单 {n} 的回访评价为“{r}”。").format(n=number, r=rating),
                         self.tr("复核结论(&V)："), ((self.tr("属实：承办单位整改"), True),
                                                 (self.tr("不属实：维持评价，复核结束"), False)),
                         self.tr("复核意见(&N)："), self.tr("请填写复核意见。"), "reviewVerdict")
        self.verdict = self.choice
        self.verdict.setFocus()


class RectifyDialog(_ChoiceAndNote):
    """整改: what the unit did, and whether the work must be done again (the ticket is reopened)."""

    def __init__(self, number: str, parent=None):
        super().__init__(parent, self.tr("整改"), self.tr("工单 {n}：记录承办单位的整改情况。").format(n=number),
                         self.tr("整改方式(&W)："), ((self.tr("已整改，安排再回访"), False),
                                                 (self.tr("需重新办理（工单重新派单，办结后再回访）"), True)),
                         self.tr("整改情况(&N)："), self.tr("请填写整改情况。"), "rectifyHow")
        self.how = self.choice
        self.note.setFocus()


class DispatchDialog(QDialog):
    """派单: the units that handle this ticket, reachable ones first, and a note.

    `ranked` comes from console.services.dispatch_options, the same list New Call shows."""

    def __init__(self, ranked: list[RankedContact], parent=None, *, title: str = "", explain: str = "",
                 current_unit: str | None = None):
        """`title`/`explain`: a re-dispatch says why it is asked; `current_unit`: the unit the
        ticket was last sent to, chosen first (sending it back is the usual next step)."""
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("派单"))
        self.ranked: list[RankedContact] = list(ranked)
        self.list = QListWidget()
        self.list.setObjectName("unitList")
        for r in self.ranked:
            o = r.option
            reason = r.reason_en if is_english() else r.reason_zh
            who = " ".join(x for x in (o.person, o.role, o.phones) if x)
            item = QListWidgetItem(f"{o.unit_name}  {who}\n    {reason}")
            if not r.reachable:
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        if self.ranked:
            names = [r.option.unit_name for r in self.ranked]
            self.list.setCurrentRow(names.index(current_unit) if current_unit in names else 0)
        self.note = QLineEdit()
        self.note.setMaxLength(2000)
        empty = QLabel(self.tr("电话簿里没有处理这类问题的单位。"))
        empty.setVisible(not self.ranked)
        form = QFormLayout()
        form.addRow(self.tr("派单说明(&N)："), self.note)
        form.labelForField(self.note).setBuddy(self.note)
        lay = QVBoxLayout(self)
        if explain:
            why = QLabel(explain)
            why.setWordWrap(True)
            lay.addWidget(why)
        lay.addWidget(QLabel(self.tr("承办单位（现在能联系上的排在前面）：")))
        lay.addWidget(self.list)
        lay.addWidget(empty)
        lay.addLayout(form)
        lay.addWidget(_buttons(self))
        self.resize(520, 380)
        self.list.setFocus()

    def choice(self) -> tuple[int, int | None, str] | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.ranked):
            return None
        o = self.ranked[row].option
        return o.unit_id, o.contact_id, self.note.text().strip()


class ExtensionRequestDialog(QDialog):
    """申请延期: how many working days the unit asks for, and why (console.domain.extensions)."""

    def __init__(self, unit: str, max_days: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("申请延期"))
        self.days = QSpinBox()
        self.days.setObjectName("extensionDays")
        self.days.setRange(1, max_days)
        self.days.setSuffix(self.tr(" 个工作日"))
        self.reason = _CtrlEnterText()
        self.reason.setObjectName("extensionReason")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00000;")
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("承办单位：{unit}").format(unit=unit)))
        form.addRow(self.tr("延期(&D)："), self.days)
        form.addRow(self.tr("原因(&R)："), self.reason)
        for w in (self.days, self.reason):
            form.labelForField(w).setBuddy(w)
        form.addRow(self.error)
        form.addRow(_buttons(self))
        self.days.setFocus()

    def accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.error.setText(self.tr("请写明延期原因。"))
            self.reason.setFocus()
            return
        super().accept()

    def values(self) -> tuple[int, str]:
        return self.days.value(), self.reason.toPlainText().strip()


class DecisionDialog(QDialog):
    """A supervisor's yes or no on a unit's request (延期, 退单), with a note."""

    def __init__(self, title: str, request_text: str, yes: str, no: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.decision = QComboBox()
        self.decision.setObjectName("decision")
        self.decision.addItem(yes, True)
        self.decision.addItem(no, False)
        self.note = _CtrlEnterText()
        form = QFormLayout(self)
        text = QLabel(request_text)
        text.setWordWrap(True)
        form.addRow(text)
        form.addRow(self.tr("决定(&C)："), self.decision)
        form.addRow(self.tr("意见(&N)："), self.note)
        for w in (self.decision, self.note):
            form.labelForField(w).setBuddy(w)
        form.addRow(_buttons(self))
        self.decision.setFocus()

    def values(self) -> tuple[bool, str]:
        return bool(self.decision.currentData()), self.note.toPlainText().strip()


class MergeDialog(QDialog):
    """并单: which open ticket the selected duplicate goes into, and why (console.domain.merging).

    The likeliest tickets are listed (the same caller, address or category; services.merging);
    any other ticket's number can be typed into the same box.
    """

    def __init__(self, number: str, candidates: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("并单"))
        self.target = QComboBox()
        self.target.setObjectName("mergeTarget")
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for ticket_number, text in candidates:
            self.target.addItem(text, ticket_number)
        self.target.setMinimumContentsLength(40)
        self.reason = _CtrlEnterText()
        self.reason.setObjectName("mergeReason")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00000;")
        form = QFormLayout(self)
        explain = QLabel(self.tr(
            "工单 {n} 将作为重复工单并入下面这张未办结的工单：本单结束（已并单），来电人转入该工单一并回访，"
            "受理量只计一次。并单不能撤销。").format(n=number))
        explain.setWordWrap(True)
        form.addRow(explain)
        form.addRow(self.tr("并入工单(&T)："), self.target)
        form.addRow(self.tr("原因(&R)："), self.reason)
        for w in (self.target, self.reason):
            form.labelForField(w).setBuddy(w)
        form.addRow(self.error)
        form.addRow(_buttons(self))
        self.target.setFocus()

    def number(self) -> str:
        """The chosen ticket's number: a listed one's, or what was typed (its first word)."""
        i = self.target.currentIndex()
        text = self.target.currentText().strip()
        if i >= 0 and self.target.itemText(i) == text:
            return str(self.target.itemData(i))
        return text.split()[0] if text else ""

    def accept(self) -> None:
        if not self.number():
            self.error.setText(self.tr("请选择或输入要并入的工单号。"))
            self.target.setFocus()
            return
        if not self.reason.toPlainText().strip():
            self.error.setText(self.tr("请写明并单原因。"))
            self.reason.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, str]:
        return self.number(), self.reason.toPlainText().strip()


class ArrivalDialog(QDialog):
    """回访：已到场 — when someone of the unit came (now unless the resident says otherwise), and a note.
    The time closes a 特急 ticket's on-site arrival deadline (console.domain.deadline_effects)."""

    def __init__(self, now: QDateTime, earliest: QDateTime | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("回访：已到场"))
        self.when = QDateTimeEdit(now)
        self.when.setObjectName("arrivedAt")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setMaximumDateTime(now)
        if earliest is not None and earliest <= now:
            self.when.setMinimumDateTime(earliest)
        self.note = _CtrlEnterText()
        self.note.setObjectName("checkBackNote")
        form = QFormLayout(self)
        form.addRow(self.tr("到场时间(&T)："), self.when)
        form.addRow(self.tr("回访记录(&N)（可不填）："), self.note)
        for w in (self.when, self.note):
            form.labelForField(w).setBuddy(w)
        form.addRow(_buttons(self))
        self.note.setFocus()

    def values(self) -> tuple[QDateTime, str]:
        return self.when.dateTime(), self.note.toPlainText().strip()


class CoCheckBackDialog(QDialog):
    """协办回访: which co-handling unit, did someone come, and a note (console.services.co_units)."""

    def __init__(self, units: list[tuple[int, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("协办回访"))
        self.unit = QComboBox()
        self.unit.setObjectName("coUnit")
        for co_id, name in units:
            self.unit.addItem(name, co_id)
        self.came = QComboBox()
        self.came.setObjectName("coCame")
        self.came.addItem(self.tr("已到场"), True)
        self.came.addItem(self.tr("未到场（稍后再回访）"), False)
        self.note = _CtrlEnterText()
        form = QFormLayout(self)
        form.addRow(self.tr("协办单位(&U)："), self.unit)
        form.addRow(self.tr("回访结果(&C)："), self.came)
        form.addRow(self.tr("回访记录(&N)（可不填）："), self.note)
        for w in (self.unit, self.came, self.note):
            form.labelForField(w).setBuddy(w)
        form.addRow(_buttons(self))
        self.unit.setFocus()

    def values(self) -> tuple[int, bool, str]:
        return int(self.unit.currentData()), bool(self.came.currentData()), self.note.toPlainText().strip()
