"""操作记录 (supervisor): who did what, when — snoozes first among them.

A plain, read-only list of the newest audit rows (console.store.queries.
audit_rows), filtered by action and limited to the last days so the query
stays on the time index of a trail every write of every seat grows. The
old → new values are the JSON the services wrote, shown as text (never
markup): a snooze shows until when and why.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain.lifecycle import ACTION_LABELS, Action
from ...services.audit_reads import AuditRow, recent_audit
from ...services.context import Desk
from ..common.plain_text import tooltip
from ..shell.i18n import is_english

LIMIT = 500

# (label, actions): the first is the default view; None means every action.
FILTERS = (
    (QT_TRANSLATE_NOOP("AuditView", "推迟提醒"), ("snooze",)),
    (QT_TRANSLATE_NOOP("AuditView", "时限规则"), ("set_deadline_rule", "delete_deadline_rule", "recompute_deadlines")),
    (QT_TRANSLATE_NOOP("AuditView", "工单操作"), tuple(a.value for a in Action) + ("log_call",)),
    (QT_TRANSLATE_NOOP("AuditView", "未接来电"), ("log_missed_call", "call_back", "call_back_attempt", "take_call",
                                                   "withdraw_missed_call")),
    (QT_TRANSLATE_NOOP("AuditView", "全部"), None),
)
PERIODS = (
    (QT_TRANSLATE_NOOP("AuditView", "最近 7 天"), 7),
    (QT_TRANSLATE_NOOP("AuditView", "最近 30 天"), 30),
    (QT_TRANSLATE_NOOP("AuditView", "最近 365 天"), 365),
)
OTHER_ACTIONS = {
    "snooze": ("推迟提醒", "Snooze"),
    "set_deadline_rule": ("修改时限规则", "Set deadline rule"),
    "delete_deadline_rule": ("删除时限规则", "Delete deadline rule"),
    "recompute_deadlines": ("重新计算时限", "Recompute deadlines"),
    "log_call": ("受理来电", "Log call"),
    "log_missed_call": ("登记未接来电", "Log missed call"),
    "call_back": ("回拨未接来电", "Call back"),
    "call_back_attempt": ("回拨未接通", "Call-back not reached"),
    "take_call": ("接听来电（多席位）", "Took a call (several seats)"),
    "withdraw_missed_call": ("撤销未接来电（另一席位已接听）", "Missed call withdrawn (taken at another seat)"),
}
COLUMNS = (
    QT_TRANSLATE_NOOP("AuditView", "时间"),
    QT_TRANSLATE_NOOP("AuditView", "操作人"),
    QT_TRANSLATE_NOOP("AuditView", "操作"),
    QT_TRANSLATE_NOOP("AuditView", "工单"),
    QT_TRANSLATE_NOOP("AuditView", "内容"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditView", text)


def action_text(code: str) -> str:
    en = is_english()
    if code in OTHER_ACTIONS:
        return OTHER_ACTIONS[code][1 if en else 0]
    try:
        zh, eng = ACTION_LABELS[Action(code)]
        return eng[:1].upper() + eng[1:] if en else zh
    except (ValueError, KeyError):
        return code


def change_text(row: AuditRow, desk: Desk) -> str:
    """old → new as one line of plain text; times shown in the desk's zone."""
    def load(s: str) -> dict:
        try:
            v = json.loads(s) if s else {}
        except ValueError:
            return {"": s}
        return v if isinstance(v, dict) else {"": v}

    def fmt(v) -> str:
        if isinstance(v, str) and len(v) >= 19 and v[4] == "-" and v[10] == "T":
            try:
                return desk.local(datetime.fromisoformat(v)).strftime("%m-%d %H:%M")
            except ValueError:
                return v
        return "" if v is None else str(v)

    old, new = load(row.old), load(row.new)
    if row.action == "snooze":
        until = fmt(new.get("snoozed_until"))
        return QCoreApplication.translate("AuditView", "推迟至 {until}；原因：{reason}").format(until=until, reason=new.get("reason", ""))
    parts = []
    for k in list(dict.fromkeys([*old, *new])):
        if k in old and k in new and old[k] != new[k]:
            parts.append(f"{k}: {fmt(old[k])} → {fmt(new[k])}")
        elif k in new:
            parts.append(f"{k}: {fmt(new[k])}" if k else fmt(new[k]))
        else:
            parts.append(f"{k}: {fmt(old[k])} → ∅")
    return "; ".join(parts)


class AuditView(QDialog):
    def __init__(self, desk: Desk, parent=None):
        super().__init__(parent)
        self.setObjectName("auditView")
        self.setWindowTitle(self.tr("操作记录"))
        self._desk = desk
        self.rows: list[AuditRow] = []

        self.filter = QComboBox()
        self.filter.setObjectName("auditFilter")
        for label, actions in FILTERS:
            self.filter.addItem(_tr(label), actions)
        self.period = QComboBox()
        self.period.setObjectName("auditPeriod")
        for label, days in PERIODS:
            self.period.addItem(_tr(label), days)
        self.period.setCurrentIndex(1)
        self.filter.currentIndexChanged.connect(lambda *_: self.reload())
        self.period.currentIndexChanged.connect(lambda *_: self.reload())
        self.info = QLabel()
        self.info.setObjectName("auditInfo")
        top = QHBoxLayout()
        lab = QLabel(self.tr("显示(&S)："))
        lab.setBuddy(self.filter)
        top.addWidget(lab)
        top.addWidget(self.filter)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.info)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels([_tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(True)
        for col, w in enumerate((110, 80, 110, 118)):
            hh.resizeSection(col, w)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(close)
        self.resize(880, 520)
        self.reload()

    def set_filter(self, actions: tuple[str, ...] | None) -> None:
        i = next((i for i, (_l, a) in enumerate(FILTERS) if a == actions), None)
        if i is not None:
            self.filter.setCurrentIndex(i)

    def reload(self) -> None:
        actions = self.filter.currentData()
        since = self._desk.now() - timedelta(days=int(self.period.currentData() or 30))
        self.rows = recent_audit(self._desk, actions=actions, limit=LIMIT, since=since)
        self.table.setRowCount(len(self.rows))
        sys_name = self.tr("系统")
        for i, r in enumerate(self.rows):
            cells = (self._desk.local(r.at).strftime("%Y-%m-%d %H:%M"), r.user or sys_name, action_text(r.action),
                     r.ticket_number or "", change_text(r, self._desk))
            for col, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if col == len(cells) - 1:
                    it.setToolTip(tooltip(text))  # old → new holds residents' words
                self.table.setItem(i, col, it)
        if len(self.rows) >= LIMIT:
            self.info.setText(self.tr("只显示最新的 {n} 条").format(n=LIMIT))
        else:
            self.info.setText(self.tr("共 {n} 条").format(n=len(self.rows)))
        self.info.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
