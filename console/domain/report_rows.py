"""The rows reports take, as plain values: what the store's queries
(console.store.shift_log_queries, report_queries) produce and the report
builders (console.reports) take, so a report never sees a session or a
model, and never imports the store. Times are aware UTC; `ShiftLogData.tz` says how to show them. Phone
numbers arrive masked unless the export asked otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from .backlog import BacklogSummary
from .enums import ShiftKind, Status
from .kpi import KpiTicket
from .lifecycle import OPEN_STATUS_CODES as _OPEN


def category_label(path: str | None, code: str | None) -> str | None:
    """A category as a printed report shows it: "水电气/停电（A0102）" when it has a code (city platform /
    GB/T 39666), the path alone when not; None without a category."""
    if not path:
        return path
    return f"{path}（{code.strip()}）" if code and code.strip() else path


@dataclass(frozen=True)
class ShiftEvent:
    """One step of a ticket (lifecycle action code, or "log")."""

    at: datetime
    action: str
    to_status: str | None
    unit: str | None
    actor: str | None
    detail: str


@dataclass(frozen=True)
class ShiftCall:
    ticket_id: int
    number: str
    received_at: datetime
    channel: str
    caller_name: str
    phone: str  # masked unless the export asked otherwise
    community: str | None
    address: str  # community, building, room and free text, once: "嘉宏三村 12号301室 北门"
    request_type: str
    urgency: str
    category: str | None
    description: str
    unit: str | None
    status: str  # as of the log's moment
    result: str
    satisfaction: str | None
    operator: str | None
    events: tuple[ShiftEvent, ...] = ()
    request_type_name: str = ""  # the desk's name for the code (a desk-added type has no built-in one)


@dataclass(frozen=True)
class ShiftMissedCall:
    id: int
    at: datetime
    phone: str
    called_back_at: datetime | None  # only if made by the log's moment
    called_back_by: str | None
    note: str
    ticket_number: str | None


@dataclass(frozen=True)
class ShiftCallback:
    """A call-back made during the shift on a ticket the shift did not take (check-back, satisfaction)."""

    at: datetime
    ticket_number: str
    action: str  # lifecycle action code
    unit: str | None
    actor: str | None
    detail: str


@dataclass(frozen=True)
class OpenTicket:
    number: str
    received_at: datetime
    status: str
    community: str | None
    category: str | None
    unit: str | None
    description: str
    resolution_due_at: datetime | None


@dataclass(frozen=True)
class DueFollowUp:
    kind: str  # DeadlineKind code
    due_at: datetime
    ticket_number: str | None
    phone: str
    unit: str | None


@dataclass(frozen=True)
class ShiftInfo:
    id: int
    kind: str
    started_at: datetime
    ended_at: datetime | None
    opened_by: str | None
    closed_by: str | None
    handover_note: str


@dataclass(frozen=True)
class ShiftCounts:
    received: int
    phone: int
    answered: int
    dispatched: int
    resolved: int
    still_open: int
    void: int
    missed: int
    called_back: int
    handed_over: int  # open tickets at the log's moment (all, not only this shift's)
    follow_ups: int
    photos: int = 0  # 现场照片 added during the shift (any ticket's)


@dataclass
class ShiftLogData:
    """Everything a shift log shows, as plain values (times aware UTC; `tz` to show them)."""

    desk_name: str
    day: date  # the date the shift began (a night belongs to the date it began)
    night: bool
    start: datetime
    end: datetime
    as_of: datetime  # the moment statuses and handover lists refer to: min(end, now)
    generated_at: datetime
    tz: tzinfo
    masked: bool
    shifts: tuple[ShiftInfo, ...] = ()
    operators: tuple[str, ...] = ()
    calls: list[ShiftCall] = field(default_factory=list)
    missed: list[ShiftMissedCall] = field(default_factory=list)
    # the backlog (open tickets the shift did not take), listed only when the log asks for the full list
    open_tickets: list[OpenTicket] = field(default_factory=list)
    open_total: int = 0  # every ticket open at the log's moment, the shift's own included
    backlog: BacklogSummary | None = None  # the backlog counted by unit × age (console.domain.backlog)
    full_backlog: bool = False  # open_tickets lists the whole backlog (else it is empty)
    callbacks: list[ShiftCallback] = field(default_factory=list)
    due: list[DueFollowUp] = field(default_factory=list)
    due_total: int = 0
    running: bool = False  # the shift has not ended yet: the log is as of now
    photos: int = 0  # 现场照片 added during the shift

    @property
    def kind(self) -> ShiftKind:
        return ShiftKind.NIGHT if self.night else ShiftKind.DAY

    @property
    def handover_note(self) -> str:
        notes = [s for s in self.shifts if s.handover_note.strip()]
        if len(notes) == 1:
            return notes[0].handover_note
        return "\n\n".join(
            f"【{s.started_at.astimezone(self.tz):%H:%M} 开班】\n{s.handover_note}" for s in notes)

    @property
    def counts(self) -> ShiftCounts:
        calls = self.calls
        st = [c.status for c in calls]
        dispatched = sum(1 for c in calls if any(e.action == "dispatch" for e in c.events))
        return ShiftCounts(
            received=len(calls),
            phone=sum(1 for c in calls if c.channel == "phone"),
            answered=st.count(Status.ANSWERED.value),
            dispatched=dispatched,
            resolved=st.count(Status.RESOLVED.value) + st.count(Status.CLOSED.value),
            still_open=sum(1 for s in st if s in _OPEN),
            void=st.count(Status.VOID.value),
            missed=len(self.missed),
            called_back=sum(1 for m in self.missed if m.called_back_at is not None),
            handed_over=self.open_total,
            follow_ups=self.due_total,
            photos=self.photos,
        )


# ------------------------------------------------------------------ quarterly

@dataclass(slots=True)
class ReportTicket(KpiTicket):
    """A ticket as the quarterly detail sheet shows it (KPI facts included)."""

    number: str = ""
    caller_name: str = ""
    room: str = ""
    urgency: str = "normal"
    description: str = ""
    result: str = ""
    void_reason: str = ""
    reopen_count: int = 0
    operator: str = ""
    escalated_at: datetime | None = None
    category_code: str = ""  # the category's code (city platform / GB/T 39666), "" when it has none
    confidential: bool = False  # 保密: its phone and address are shown as （保密）


@dataclass(frozen=True)
class NoticeDeadline:
    kind: str
    start_at: datetime
    due_at: datetime
    done_at: datetime | None
    outcome: str | None


@dataclass(frozen=True)
class Press:
    at: datetime
    by: str | None
    note: str


@dataclass(frozen=True)
class PressNotice:
    """督办通知单 (console.reports.press_notice_pdf): one ticket, its deadlines and its presses."""

    desk_name: str
    number: str
    received_at: datetime
    caller_name: str
    phone: str  # masked unless asked otherwise
    address: str
    category: str | None
    urgency: str
    status: str
    description: str
    unit: str | None
    contact: str
    dispatched_at: datetime | None
    resolution_due_at: datetime | None
    overdue_minutes: int
    deadlines: tuple[NoticeDeadline, ...]
    presses: tuple[Press, ...]
    supervisor: str
    generated_at: datetime
    tz: tzinfo
    masked: bool = True
    duty_phone: str = ""  # the desk's number, where the unit answers ("" = not set)


@dataclass(frozen=True)
class DispatchSheet:
    """派单单 (console.reports.dispatch_sheet_pdf): what the desk sends a unit with a dispatched ticket."""

    desk_name: str
    number: str
    received_at: datetime
    channel: str
    caller_name: str  # （保密） for a 保密 ticket
    phone: str  # masked unless asked otherwise; （保密） for a 保密 ticket
    address: str  # community, building, room, address; （保密） for a 保密 ticket
    community: str | None
    category: str | None  # with its code (category_label)
    request_type: str
    urgency: str
    description: str
    unit: str
    contact: str  # the unit's contact person and phones, as dispatched
    co_units: tuple[str, ...]  # 协办
    note: str  # the dispatch's own note to the unit
    dispatched_at: datetime
    dispatched_by: str | None  # None for an imported ticket (no dispatch step on record)
    resolution_due_at: datetime | None
    arrival_due_at: datetime | None  # 特急: someone on site by then
    printed_by: str
    generated_at: datetime
    tz: tzinfo
    masked: bool = True
    duty_phone: str = ""  # the desk's number, where the unit answers ("" = not set)
