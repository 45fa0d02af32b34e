"""The lifecycle steps as menu/toolbar actions on the selected ticket.

Which steps are offered comes from console.domain.lifecycle (one table for
the window, the CLI and the services); the services still check. Each step
asks its input through a small dialog, runs the service on the worker pool
and announces the `Changes` on `changed`, so every view refreshes what it
shows. The ticket's version goes with each step: if another seat changed
the ticket meanwhile the service refuses (ConflictError) and the window
reloads it.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QDateTime, QIODevice, QObject, QStandardPaths, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ...domain.enums import Status
from ...domain.errors import UserError
from ...domain.extensions import pending_in
from ...domain.lifecycle import Action, allowed_actions
from ...domain.permissions import may
from ...domain.returns import pending_return
from ...domain.satisfaction import label as sat_label
from ...domain.undo import StepRecord, last_step, step_label, undo_right
from ...services import satisfaction as S
from ...services import tickets as T
from ...services.co_units import add_co_unit, record_co_check_back
from ...services.confidential import set_confidential
from ...services.context import Actor, Changes, Desk
from ...services.desk_settings import desk_satisfaction_scale, read_desk_settings
from ...services.dispatch_options import dispatch_options
from ...services.extensions import decide_extension, request_extension
from ...services.merging import merge_candidates, merge_tickets
from ...services.photos import add_photo, add_photo_file
from ...services.returns import decide_return, return_dispatch
from ...services.supervision import write_press_notice
from ...services.ticket_list import TicketDetail
from ..common.errors import one_line, report_bug
from ..common.workers import TaskRunner
from ..shell.i18n import current_lang, is_english
from .lifecycle_dialogs import (
    ArrivalDialog,
    CoCheckBackDialog,
    DecisionDialog,
    DispatchDialog,
    ExtensionRequestDialog,
    MergeDialog,
    RectifyDialog,
    ReviewDialog,
    SatisfactionDialog,
    TextPromptDialog,
)

# A unit's request and its decision: (is one pending?, is this the decision?, who may decide)
_REQUESTS = {
    Action.REQUEST_EXTENSION: (pending_in, False, ""),
    Action.APPROVE_EXTENSION: (pending_in, True, "decide_extensions"),
    Action.RETURN_DISPATCH: (pending_return, False, ""),
    Action.APPROVE_RETURN: (pending_return, True, "decide_returns"),
}

# Menu order, in groups: the lifecycle, the 12345 exceptions, the rest. SATISFIED stands for the satisfaction
# call (the dialog picks the rating); APPROVE_* for a decision either way.
# REVISIT stands for the 再回访 on a closed ticket, REVIEW_UPHELD for the 回访复核 decision either way, RECTIFY
# for 整改 (reopening or not).
STEPS = (Action.ANSWER, Action.DISPATCH, Action.CHECK_BACK_CAME, Action.CHECK_BACK_NOT_YET, Action.ESCALATE,
         Action.RESOLVE, Action.SATISFIED, Action.REVIEW_UPHELD, Action.RECTIFY, Action.REVISIT, Action.REOPEN)
EXCEPTIONS = (Action.ADD_CO_UNIT, Action.CO_CHECK_BACK, Action.PRESS, Action.PAUSE, Action.RESUME,
              Action.REQUEST_EXTENSION, Action.APPROVE_EXTENSION, Action.RETURN_DISPATCH, Action.APPROVE_RETURN,
              Action.MERGE)
OTHERS = (Action.NOTE, Action.ADD_PHOTO, Action.VOID)
MENU_GROUPS = (STEPS, EXCEPTIONS, OTHERS)
ORDER = STEPS + EXCEPTIONS + OTHERS


class TicketActions(QObject):
    changed = Signal(object)  # console.services.context.Changes
    busy_changed = Signal(bool)
    notice_saved = Signal(str)  # the 督办通知单's path

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent: QWidget):
        super().__init__(parent)
        self._desk, self._actor, self._runner, self._parent = desk, actor, runner, parent
        self.detail: TicketDetail | None = None
        self._busy = False
        texts = {
            Action.ANSWER: (self.tr("直接答复(&A)…"), None),
            Action.DISPATCH: (self.tr("派单(&D)…"), "Ctrl+D"),
            Action.CHECK_BACK_CAME: (self.tr("回访：已到场(&K)…"), "Ctrl+K"),
            Action.CHECK_BACK_NOT_YET: (self.tr("回访：未到场(&Y)…"), None),
            Action.ESCALATE: (self.tr("上报街道(&E)…"), None),
            Action.RESOLVE: (self.tr("办结(&J)…"), "Ctrl+J"),
            Action.SATISFIED: (self.tr("满意度回访(&S)…"), None),
            Action.REVIEW_UPHELD: (self.tr("回访复核(&U)…"), None),  # the decision: upheld or not
            Action.RECTIFY: (self.tr("整改(&N)…"), None),
            Action.REVISIT: (self.tr("再回访(&Z)…"), None),
            Action.REOPEN: (self.tr("重新办理(&R)…"), None),
            Action.PRESS: (self.tr("督办(&B)…"), None),
            Action.PAUSE: (self.tr("挂起(&W)…"), None),
            Action.RESUME: (self.tr("恢复办理(&G)…"), None),
            Action.REQUEST_EXTENSION: (self.tr("申请延期(&X)…"), None),
            Action.APPROVE_EXTENSION: (self.tr("审批延期(&Q)…"), None),  # the decision: grant or refuse
            Action.RETURN_DISPATCH: (self.tr("退单(&T)…"), None),
            Action.APPROVE_RETURN: (self.tr("审批退单(&P)…"), None),  # the decision: agree (改派) or refuse
            Action.MERGE: (self.tr("并单(&H)…"), None),
            Action.ADD_CO_UNIT: (self.tr("协办派单(&O)…"), None),
            Action.CO_CHECK_BACK: (self.tr("协办回访(&L)…"), None),
            Action.NOTE: (self.tr("添加备注(&M)…"), "Ctrl+M"),
            Action.ADD_PHOTO: (self.tr("添加照片(&F)…"), None),
            Action.VOID: (self.tr("作废(&V)…"), None),
        }
        self.actions: dict[Action, QAction] = {}
        for a in ORDER:
            text, key = texts[a]
            qa = QAction(text, parent)
            qa.setObjectName(f"action_{a.value}")
            if key:
                qa.setShortcut(QKeySequence(key))
            qa.triggered.connect(lambda _=False, a=a: self.trigger(a))
            self.actions[a] = qa
        self.actions[Action.VOID].setStatusTip(self.tr("作废需要值班领导或管理员权限"))
        self.actions[Action.PRESS].setStatusTip(self.tr("值班领导督办超时工单的承办单位，可打印督办通知单"))
        self.actions[Action.MERGE].setStatusTip(self.tr("值班领导把重复工单并入另一张未办结的工单，受理量只计一次"))
        # where the 督办通知单 is saved: a file dialog by default; tests put a path here
        self.pick_notice_path = self._pick_notice_path
        self.pick_photo_path = self._pick_photo_path  # the photo to add: a file dialog; tests put a path here
        self.actions[Action.ADD_PHOTO].setStatusTip(self.tr("把居民或承办单位发来的现场照片（JPEG/PNG）存入工单，"
                                                            "照片中的拍摄位置等信息会被去掉"))
        # Ctrl+Shift+V: a photo copied from a chat window or a screenshot goes onto the selected ticket
        self.paste_photo_action = QAction(self.tr("粘贴照片(&I)"), parent)
        self.paste_photo_action.setObjectName("action_paste_photo")
        self.paste_photo_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.paste_photo_action.setStatusTip(self.tr("把剪贴板中的图片存入所选工单"))
        self.paste_photo_action.triggered.connect(self.paste_photo)
        # 保密: the caller's name, phone and address in no list or output (anyone sets it, supervisors lift it)
        self.confidential_action = QAction(self.tr("保密(&K)…"), parent)
        self.confidential_action.setObjectName("action_confidential")
        self.confidential_action.setCheckable(True)
        self.confidential_action.setStatusTip(self.tr("来电人要求保密：姓名、电话、地址不出现在任何列表和导出中（取消需值班领导）"))
        self.confidential_action.triggered.connect(self.toggle_confidential)
        # Ctrl+Z: a text field with the focus keeps its own undo (it takes the shortcut first)
        self.undo_action = QAction(self.tr("撤销上一步(&U)…"), parent)
        self.undo_action.setObjectName("action_undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setStatusTip(self.tr("撤销自己刚做的一步（值班领导可更正任何一步，需写明原因）"))
        self.undo_action.triggered.connect(self.undo_last_step)
        self.set_ticket(None)

    def set_actor(self, actor: Actor) -> None:
        """After a switch of user: steps run for the new person (void follows the role)."""
        self._actor = actor
        self.set_ticket(self.detail)

    # -- which steps are possible ---------------------------------------------
    def set_ticket(self, detail: TicketDetail | None) -> None:
        self.detail = detail
        allowed = set(allowed_actions(Status(detail.status), detail.paused_at is not None,
                                      detail.review_stage)) if detail else set()
        for a, qa in self.actions.items():
            ok = a in allowed and not self._busy
            if a is Action.VOID:
                ok = ok and may(self._actor.role, "void")
            if a is Action.REVIEW_UPHELD:
                ok = ok and may(self._actor.role, "review_ratings")
            if a in (Action.PRESS, Action.MERGE):
                ok = ok and may(self._actor.role, "press" if a is Action.PRESS else "merge")
            if a is Action.CO_CHECK_BACK:
                ok = ok and detail is not None and any(u.came_at is None for u in detail.co_units)
            if detail is not None and a in _REQUESTS:
                asked, decide, right = _REQUESTS[a]
                pending = asked([e.action for e in detail.events if not e.undone])
                ok = ok and (pending and may(self._actor.role, right) if decide else not pending)
            qa.setEnabled(ok)
        self.undo_action.setEnabled(detail is not None and not self._busy and self._may_undo(detail))
        self.paste_photo_action.setEnabled(self.actions[Action.ADD_PHOTO].isEnabled())
        secret = detail is not None and detail.confidential
        self.confidential_action.setChecked(secret)
        self.confidential_action.setEnabled(detail is not None and not self._busy
                                            and (not secret or may(self._actor.role, "lift_confidential")))

    def _records(self, d: TicketDetail) -> list[StepRecord]:
        return [StepRecord(e.action, e.actor_id, e.at, e.undone, e.has_state) for e in d.events]

    def _may_undo(self, d: TicketDetail) -> bool:
        """Offered when there is a step to take back that this person could take back: their own,
        or anyone's for a supervisor (the minutes are checked when asked, by the service too)."""
        records = self._records(d)
        i = last_step(records)
        if i is None or not records[i].has_state:
            return False
        return records[i].actor_id == self._actor.id or may(self._actor.role, "correct_steps")

    def undo_last_step(self) -> None:
        """Ctrl+Z: say which step goes back, ask (a reason, if it is a correction), then undo it."""
        d = self.detail
        if d is None or self._busy:
            return
        minutes = read_desk_settings(self._desk).undo_minutes
        right = undo_right(self._records(d), actor_id=self._actor.id, role=self._actor.role,
                           now=self._desk.now(), minutes=minutes)
        if not right.allowed or right.index is None:
            QMessageBox.information(self._parent, self.tr("撤销"), right.why_en if is_english() else right.why_zh)
            return
        e = d.events[right.index]
        step = self.tr("{t} 的“{step}”").format(t=f"{self._desk.local(e.at):%H:%M}",
                                                step=step_label(e.action, current_lang()))
        if right.needs_reason:
            reason = self._text(self.tr("更正操作"), self.tr(
                "撤销工单 {n} {step}：工单回到这一步之前的状态和时限，两者都留在记录中。更正原因：").format(
                    n=d.number, step=step))
            if reason is None:
                return
        else:
            asked = QMessageBox.question(self._parent, self.tr("撤销"), self.tr(
                "撤销工单 {n} {step}？工单回到这一步之前的状态和时限（不算重新办理）。").format(n=d.number, step=step),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if asked != QMessageBox.StandardButton.Yes:
                return
            reason = ""
        self._set_busy(True)
        self._runner.submit(T.undo_last_step, self._desk, self._actor, d.id, reason, expected_version=d.version,
                            on_result=self._done, on_error=lambda err, tid=d.id: self._failed(err, tid))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.set_ticket(self.detail)
        self.busy_changed.emit(busy)

    # -- running a step ----------------------------------------------------------
    def trigger(self, action: Action) -> None:
        d = self.detail
        if d is None or self._busy:
            return
        call = self._ask(action, d)
        if call is None:
            return
        fn, args, kwargs = call
        self._set_busy(True)
        done = self._done if action is not Action.PRESS else lambda c, d=d: (self._done(c), self.offer_notice(d))
        self._runner.submit(fn, self._desk, self._actor, d.id, *args, expected_version=d.version,
                            on_result=done, on_error=lambda e, tid=d.id: self._failed(e, tid), **kwargs)

    # -- 督办通知单 ------------------------------------------------------------------
    def offer_notice(self, d: TicketDetail) -> None:
        """After a press: save the notice as a PDF to print or send to the unit (Esc: not now)."""
        path = self.pick_notice_path(d.number)
        if not path:
            return
        self._runner.submit(write_press_notice, self._desk, self._actor, d.id, path,
                            on_result=lambda _pages, p=path: self.notice_saved.emit(p),
                            on_error=lambda e, tid=d.id: self._failed(e, tid))

    def _pick_photo_path(self) -> str:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        path, _ = QFileDialog.getOpenFileName(self._parent, self.tr("添加照片"), start,
                                              self.tr("照片 (*.jpg *.jpeg *.png)"))
        return path

    def toggle_confidential(self) -> None:
        """Mark the selected ticket 保密, or (supervisors) lift it; the reason is asked (optional to mark)."""
        d = self.detail
        if d is None or self._busy:
            return
        on = not d.confidential
        self.confidential_action.setChecked(d.confidential)  # shown as it is until the service says otherwise
        reason = self._text(self.tr("保密") if on else self.tr("取消保密"),
                            self.tr("设为保密的原因（可不填）：") if on else self.tr("取消保密的原因："), required=not on)
        if reason is None:
            return
        self._set_busy(True)
        self._runner.submit(set_confidential, self._desk, self._actor, d.id, on, reason, expected_version=d.version,
                            on_result=self._done, on_error=lambda e, tid=d.id: self._failed(e, tid))

    def paste_photo(self) -> None:
        """The clipboard's picture onto the selected ticket (as PNG; the service re-encodes it)."""
        d = self.detail
        if d is None or self._busy or not self.paste_photo_action.isEnabled():
            return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            QMessageBox.information(self._parent, self.tr("粘贴照片"), self.tr("剪贴板中没有图片。"))
            return
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        self._set_busy(True)
        self._runner.submit(add_photo, self._desk, self._actor, d.id, bytes(data.data()), self.tr("剪贴板.png"),
                            on_result=self._done, on_error=lambda e, tid=d.id: self._failed(e, tid))

    def _pick_notice_path(self, number: str) -> str:
        default = str(Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
                      / f"督办通知单_{number}.pdf")
        path, _ = QFileDialog.getSaveFileName(self._parent, self.tr("保存督办通知单"), default,
                                              self.tr("PDF 文件 (*.pdf)"))
        return path

    def _text(self, title: str, prompt: str, *, required: bool = True, max_len: int = 2000) -> str | None:
        dlg = TextPromptDialog(title, prompt, self._parent, required=required, max_len=max_len)
        return dlg.text() if dlg.exec() == QDialog.DialogCode.Accepted else None

    def _ask(self, action: Action, d: TicketDetail):
        """Collect the step's input; None when the operator cancels."""
        if action is Action.ANSWER:
            t = self._text(self.tr("直接答复"), self.tr("答复内容（工单 {n}）：").format(n=d.number),
                           max_len=T.MAX_TEXT)
            return None if t is None else (T.answer, (t,), {})
        if action is Action.DISPATCH:
            ranked = dispatch_options(self._desk, d.category_id, d.community_id)  # as New Call ranks them
            dlg = DispatchDialog(ranked, self._parent)
            if dlg.exec() != QDialog.DialogCode.Accepted or dlg.choice() is None:
                return None
            unit_id, contact_id, note = dlg.choice()
            return T.dispatch, (T.Dispatch(unit_id, contact_id, note),), {}
        if action is Action.CHECK_BACK_CAME:
            return self._ask_arrival(d)
        if action is Action.CHECK_BACK_NOT_YET:
            t = self._text(self.tr("回访：未到场"), self.tr("回访记录（可不填）："), required=False)
            return None if t is None else (T.record_check_back, (False, t), {})
        if action is Action.ESCALATE:
            t = self._text(self.tr("上报街道"), self.tr("上报原因："))
            return None if t is None else (T.escalate, (t,), {})
        if action is Action.RESOLVE:
            t = self._text(self.tr("办结"), self.tr("办理结果："), max_len=T.MAX_TEXT)
            return None if t is None else (T.resolve, (t,), {})
        if action in (Action.SATISFIED, Action.REVISIT):
            return self._ask_satisfaction(d, revisit=action is Action.REVISIT)
        if action is Action.REVIEW_UPHELD:
            review = ReviewDialog(d.number, sat_label(d.satisfaction, d.satisfaction_scale, current_lang()),
                                  self._parent)
            if review.exec() != QDialog.DialogCode.Accepted:
                return None
            upheld, note = review.values()
            return S.decide_review, (upheld, note), {}
        if action is Action.RECTIFY:
            rect = RectifyDialog(d.number, self._parent)
            if rect.exec() != QDialog.DialogCode.Accepted:
                return None
            reopen, note = rect.values()
            return S.rectify, (note,), {"reopen": reopen, "redispatch": self._ask_redispatch(d) if reopen else None}
        if action is Action.REOPEN:
            t = self._text(self.tr("重新办理"), self.tr("重新办理的原因："))
            return None if t is None else (T.reopen, (t,), {})
        if action is Action.PRESS:
            t = self._text(self.tr("督办"), self.tr("督办意见（将印在督办通知单上，工单 {n}，承办单位 {u}）：").format(
                n=d.number, u=d.unit or self.tr("未派单")))
            return None if t is None else (T.press, (t,), {})
        if action is Action.PAUSE:
            t = self._text(self.tr("挂起"), self.tr("挂起原因（等待居民什么，约定何时）。挂起期间时限停止计时："))
            return None if t is None else (T.pause, (t,), {})
        if action is Action.RESUME:
            t = self._text(self.tr("恢复办理"), self.tr("备注（可不填）。时限按挂起时剩余的时间继续计时："), required=False)
            return None if t is None else (T.resume, (t,), {})
        if action is Action.REQUEST_EXTENSION:
            req = ExtensionRequestDialog(d.unit or "", read_desk_settings(self._desk).limits["extension_days"],
                                         self._parent)
            if req.exec() != QDialog.DialogCode.Accepted:
                return None
            days, reason = req.values()
            return request_extension, (days, reason), {}
        if action is Action.APPROVE_EXTENSION:
            asked = next((e for e in reversed(d.events) if e.action == Action.REQUEST_EXTENSION), None)
            dec = DecisionDialog(self.tr("审批延期"), self.tr("{unit}：{text}").format(
                unit=d.unit or "", text=asked.detail if asked else ""), self.tr("同意延期"),
                self.tr("不同意（按原时限办理）"), self._parent)
            if dec.exec() != QDialog.DialogCode.Accepted:
                return None
            approve, note = dec.values()
            return decide_extension, (approve, note), {}
        if action is Action.RETURN_DISPATCH:
            t = self._text(self.tr("退单"), self.tr("{unit} 退回工单 {n} 的原因（为什么不属于该单位）：").format(
                unit=d.unit or "", n=d.number))
            return None if t is None else (return_dispatch, (t,), {})
        if action is Action.APPROVE_RETURN:
            return self._ask_return_decision(d)
        if action is Action.MERGE:
            return self._ask_merge(d)
        if action is Action.ADD_CO_UNIT:
            ranked = [r for r in dispatch_options(self._desk, d.category_id, d.community_id)
                      if r.option.unit_name != d.unit and r.option.unit_name not in {u.unit for u in d.co_units}]
            pick = DispatchDialog(ranked, self._parent, title=self.tr("协办派单"), explain=self.tr(
                "{unit} 主办，所选单位协办：协办单位有自己的派单回访。").format(unit=d.unit or ""))
            if pick.exec() != QDialog.DialogCode.Accepted or pick.choice() is None:
                return None
            unit_id, contact_id, note = pick.choice()
            return add_co_unit, (T.Dispatch(unit_id, contact_id, note),), {}
        if action is Action.CO_CHECK_BACK:
            co = CoCheckBackDialog([(u.id, u.unit) for u in d.co_units if u.came_at is None], self._parent)
            if co.exec() != QDialog.DialogCode.Accepted:
                return None
            co_id, came, note = co.values()
            return record_co_check_back, (co_id, came, note), {}
        if action is Action.ADD_PHOTO:
            path = self.pick_photo_path()
            return (add_photo_file, (path,), {}) if path else None
        if action is Action.NOTE:
            t = self._text(self.tr("添加备注"), self.tr("备注："), max_len=5000)
            return None if t is None else (_add_note, (t,), {})
        if action is Action.VOID:
            t = self._text(self.tr("作废工单"),
                           self.tr("作废原因（重复、骚扰、打错电话等）。作废的工单不会被删除："))
            return None if t is None else (T.void, (t,), {})
        return None

    def _ask_return_decision(self, d: TicketDetail):
        """审批退单: agree and pick the unit it goes to (改派), or refuse (the first unit keeps it)."""
        asked = next((e for e in reversed(d.events) if e.action == Action.RETURN_DISPATCH), None)
        dec = DecisionDialog(self.tr("审批退单"), self.tr("{unit} 退单：{text}").format(
            unit=d.unit or "", text=asked.detail if asked else ""), self.tr("同意退单，改派其他单位"),
            self.tr("不同意（原单位继续办理）"), self._parent)
        if dec.exec() != QDialog.DialogCode.Accepted:
            return None
        approve, note = dec.values()
        if not approve:
            return decide_return, (False, None, note), {}
        ranked = [r for r in dispatch_options(self._desk, d.category_id, d.community_id)
                  if r.option.unit_name != d.unit]
        pick = DispatchDialog(ranked, self._parent, title=self.tr("改派"))
        if pick.exec() != QDialog.DialogCode.Accepted or pick.choice() is None:
            return None
        unit_id, contact_id, dispatch_note = pick.choice()
        return decide_return, (True, T.Dispatch(unit_id, contact_id, dispatch_note), note), {}

    def _ask_arrival(self, d: TicketDetail):
        """Someone came: when (now by default; not before the dispatch, not later than now) and a note."""
        now = self._desk.now().replace(second=0, microsecond=0)
        dlg = ArrivalDialog(QDateTime(self._desk.local(now).replace(tzinfo=None)),
                            QDateTime(self._desk.local(d.dispatched_at).replace(tzinfo=None)) if d.dispatched_at
                            else None, self._parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        when, note = dlg.values()
        arrived = when.toPython().replace(tzinfo=self._desk.tz).astimezone(now.tzinfo)
        return T.record_check_back, (True, note), {"arrived_at": None if arrived >= now else arrived}

    def _ask_merge(self, d: TicketDetail):
        """并单: the ticket it goes into (the likeliest listed first) and the reason."""
        choices = [(b.number, "  ".join(x for x in (b.number, b.caller_phone, b.community or "", b.category or "",
                                                    " ".join(b.description.split())[:24]) if x))
                   for b in merge_candidates(self._desk, d.id)]
        dlg = MergeDialog(d.number, choices, self._parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        number, reason = dlg.values()
        return merge_tickets, (number, reason), {}

    def _ask_satisfaction(self, d: TicketDetail, revisit: bool):
        """满意度回访 or 再回访 on the desk's scale: a rating, 拒评 or 回访不成功."""
        people = [(d.caller_name, d.caller_phone)] + [(c.caller_name, c.caller_phone) for c in d.calls]
        callers = list(dict.fromkeys(" ".join(x for x in p if x) for p in people if any(p)))
        dlg = SatisfactionDialog(self._parent, callers if len(callers) > 1 else (),
                                 scale=desk_satisfaction_scale(self._desk), revisit=revisit)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        rating, att, abl, comment = dlg.values()
        if dlg.kind() == dlg.DECLINED:
            return S.record_declined, (comment,), {}
        if dlg.kind() == dlg.FAILED:
            return S.record_callback_failed, (comment,), {}
        return T.record_satisfaction, (rating, att, abl, comment), {"scale": dlg.scale,
                                                                    "solved": dlg.solved_answer()}

    def _ask_redispatch(self, d: TicketDetail) -> T.Dispatch | None:
        """整改 that reopens the ticket: the next step is asked at once — send it back to its unit (chosen
        first) or to another. Cancel leaves it reopened; its new resolution deadline keeps it in
        the due queue until someone dispatches it."""
        ranked = dispatch_options(self._desk, d.category_id, d.community_id)
        dlg = DispatchDialog(ranked, self._parent, title=self.tr("整改：重新派单"), current_unit=d.unit,
                             explain=self.tr("工单将重新办理。请选择承办单位重新派单（原单位排在选中位置）；"
                                             "取消则只记录整改，工单留在待办中等待派单。"))
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.choice() is None:
            return None
        unit_id, contact_id, note = dlg.choice()
        return T.Dispatch(unit_id, contact_id, note)

    def _done(self, changes: Changes) -> None:
        self._set_busy(False)
        self.changed.emit(changes)

    def _failed(self, e: BaseException, ticket_id: int) -> None:
        self._set_busy(False)
        text = one_line(e, self._desk.db.display)  # a refusal, or the server gone: one line
        if text is None:
            report_bug(e)
            return
        QMessageBox.warning(self._parent, self.tr("无法完成"), text)
        if isinstance(e, UserError):
            self.changed.emit(Changes(tickets={ticket_id}))  # show what the ticket is now


def _add_note(desk: Desk, actor: Actor, ticket_id: int, text: str, expected_version=None) -> Changes:
    """Notes never conflict: they change no field, so the version is not checked."""
    return T.add_note(desk, actor, ticket_id, text)
