"""New Call's draft: what the form holds as plain JSON-able values, and back.

The form writes its draft (console.services.drafts, one file per database and user)
every few seconds and on every way out that does not save, so a crash, a killed
process or a log out loses no words. This module is the draft's shape: what is read
from the form (`form_state`), how a draft fills the fields again (`fill_fields`),
and whether a draft left behind holds any words (`pending_draft`).
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...domain.enums import RequestType, Urgency
from ...services import drafts
from ...services.context import Actor, Desk

if TYPE_CHECKING:  # pragma: no cover
    from .new_call_dialog import NewCallDialog

TEXT_FIELDS = ("phone", "caller_name", "community_text", "building", "room", "address",
               "category_text", "description", "answer")


def has_words(state: dict[str, Any]) -> bool:
    """Whether a draft holds anything typed (an empty form is not worth keeping)."""
    return any(str(state.get(k) or "").strip() for k in TEXT_FIELDS)


def form_state(dlg: NewCallDialog) -> dict[str, Any]:
    """Everything typed, as plain JSON-able values (the draft)."""
    o = dlg.dispatch_panel.picked
    return {
        "received_at": dlg.received_at.isoformat(),
        "phone": dlg.phone.text(),
        "caller_name": dlg.caller_name.text(),
        "community_id": dlg.community_picker.current_id,
        "community_text": dlg.community.text(),
        "building": dlg.building.text(),
        "room": dlg.room.text(),
        "address": dlg.address.text(),
        "category_id": dlg.category_picker.current_id,
        "category_text": dlg.category.text(),
        "request_type": dlg.request_type.code(),
        "urgency": dlg.urgency.code(),
        "confidential": dlg.confidential.isChecked(),
        "description": dlg.description.toPlainText(),
        "mode": dlg.mode,
        "answer": dlg.answer_panel.answer.toPlainText(),
        "dispatch_unit_id": o.unit_id if o else None,
        "dispatch_contact_id": o.contact_id if o else None,
    }


def fill_fields(dlg: NewCallDialog, d: dict[str, Any]) -> None:
    """Put a draft's (form_state's shape) values back into the form's fields; unknown keys are
    ignored, and a received time in the future (a clock set back) keeps the form's own."""
    received = d.get("received_at")
    if isinstance(received, str):
        try:
            dt = datetime.fromisoformat(received)
            if dt.tzinfo is not None and dt <= dlg.desk.now():
                dlg.received_at = dt
        except ValueError:
            pass
    dlg.phone.setText(str(d.get("phone") or ""))
    for name in ("caller_name", "building", "room", "address"):
        getattr(dlg, name).setText(str(d.get(name) or ""))
    dlg.community_picker.set_current(d.get("community_id"), str(d.get("community_text") or ""))
    dlg.category_picker.set_current(d.get("category_id"), str(d.get("category_text") or ""))
    dlg.request_type.set_code(str(d.get("request_type") or RequestType.HELP.value))
    dlg.urgency.set_code(str(d.get("urgency") or Urgency.NORMAL.value))
    dlg.confidential.setChecked(d.get("confidential") is True)
    dlg.description.setPlainText(str(d.get("description") or ""))
    dlg.answer_panel.answer.setPlainText(str(d.get("answer") or ""))


def pending_draft(desk: Desk, actor: Actor) -> dict[str, Any] | None:
    """The draft a crash left behind for this database and user, if it holds any words."""
    d = drafts.load_draft(drafts.draft_key(desk.db, actor.username))
    if not d or not has_words(d):
        return None
    return d


def discard_pending_draft(desk: Desk, actor: Actor) -> None:
    """When the operator declines to restore it."""
    drafts.discard_draft(drafts.draft_key(desk.db, actor.username))
