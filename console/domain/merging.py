"""并单: two tickets about one matter become one.

Two operators log the same burst pipe from two neighbours, or a resident
rings twice and the second call becomes a ticket of its own. A supervisor
merges the duplicate into the ticket that stays (国办函〔2025〕66号, 重复诉求并单):

- the duplicate ends as *merged* (已并单), pointing to the one that stays; its
  open deadlines close as merged (console.domain.deadline_effects) — the one
  that stays keeps its own deadlines and its unit;
- every caller of the duplicate (its own and any repeat calls 追加 on it)
  joins the callers of the one that stays, so the satisfaction call (回访)
  reaches each of them;
- 受理量 counts the matter once: a merged ticket is not a ticket received
  (console.domain.kpi), but each of its calls still counts as a call answered
  (接通率) and towards 重复来电.

Both must be open: a resolved ticket has its own outcome to rate, and a
closed, void or merged one is over. A merge is not undone (it spans two
tickets; console.domain.undo); a wrong one is mended by logging anew.
"""
from __future__ import annotations

from .enums import Status
from .errors import ValidationError
from .lifecycle import OPEN_STATUS_CODES


def check_merge(keep_number: str, keep_status: str, gone_number: str, gone_status: str) -> None:
    """A ValidationError saying why the duplicate `gone` cannot be merged into `keep`; nothing if it can."""
    if keep_number == gone_number:
        raise ValidationError("不能把工单并入它自己。", "A ticket cannot be merged into itself.")
    for number, status in ((gone_number, gone_status), (keep_number, keep_status)):
        if status not in OPEN_STATUS_CODES:
            st = Status(status)
            raise ValidationError(
                f"工单 {number} 当前状态为“{st.zh}”，只有未办结的工单可以并单。",
                f"Ticket {number} is '{st.en}': only open tickets can be merged.")
