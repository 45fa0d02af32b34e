"""Read-side queries: plain rows out, no rules about what they mean.

Each takes a Session and returns dataclasses or tuples that a widget, a
report or the CLI can use without touching SQLAlchemy. One module per
subject (the sections of the old single module); every name is also
importable from `console.store.queries`, as the callers have always written it.
"""
from __future__ import annotations

from .accounts import (
    has_active_users,
)
from .audit import (
    AuditRow,
    DeadlineRuleInfo,
    audit_rows,
    deadline_rules,
)
from .calendar import (
    known_calendar_years,
    work_calendar,
)
from .callers import (
    CallerCardReads,
    LastCallerTicket,
    caller_card_reads,
    caller_history,
    last_caller_ticket,
    latest_caller_phone,
    open_tickets_at,
    recent_ticket_count,
    same_address_count,
    special_group_matches,
    typed_address_key,
)
from .due import (
    DueItem,
    due_counts,
    due_queue,
    next_due_after,
    next_due_at,
    paused_count,
)
from .live_calls import (
    LiveRow,
    last_live_call_id,
    live_call_rows,
)
from .missed_calls import (
    MissedCallRow,
    missed_calls_open_count,
    missed_calls_page,
)
from .search import (
    PG_SEARCH_EXPR,
    PG_SEARCH_INDEX,
    search_ticket_ids,
)
from .shifts import (
    Handover,
    HandoverFollowUp,
    HandoverTicket,
    ShiftBrief,
    latest_shift,
    shift_brief,
    shift_handover,
)
from .ticket_list import (
    IMPORTED_OPEN,
    TICKET_ORDERS,
    TicketBrief,
    TicketCoUnitRow,
    TicketDeadlineRow,
    TicketDetail,
    TicketEventRow,
    TicketPhotoRow,
    TicketWhere,
    imported_open_clause,
    imported_open_count,
    ticket_detail,
    ticket_filter,
    ticket_ids_changed_since,
    ticket_ids_page,
    ticket_rows_by_ids,
)
from .units import (
    UnitCandidate,
    unit_candidates,
)

__all__ = [
    "has_active_users",
    "AuditRow",
    "DeadlineRuleInfo",
    "audit_rows",
    "deadline_rules",
    "caller_history",
    "caller_card_reads",
    "CallerCardReads",
    "LastCallerTicket",
    "last_caller_ticket",
    "latest_caller_phone",
    "open_tickets_at",
    "known_calendar_years",
    "work_calendar",
    "recent_ticket_count",
    "same_address_count",
    "special_group_matches",
    "typed_address_key",
    "DueItem",
    "due_counts",
    "due_queue",
    "next_due_after",
    "next_due_at",
    "paused_count",
    "LiveRow",
    "last_live_call_id",
    "live_call_rows",
    "MissedCallRow",
    "missed_calls_open_count",
    "missed_calls_page",
    "PG_SEARCH_EXPR",
    "PG_SEARCH_INDEX",
    "search_ticket_ids",
    "Handover",
    "HandoverFollowUp",
    "HandoverTicket",
    "ShiftBrief",
    "latest_shift",
    "shift_brief",
    "shift_handover",
    "IMPORTED_OPEN",
    "TICKET_ORDERS",
    "TicketBrief",
    "TicketCoUnitRow",
    "TicketDeadlineRow",
    "TicketDetail",
    "TicketPhotoRow",
    "TicketEventRow",
    "imported_open_clause",
    "imported_open_count",
    "ticket_detail",
    "ticket_filter",
    "TicketWhere",
    "ticket_ids_changed_since",
    "ticket_ids_page",
    "ticket_rows_by_ids",
    "UnitCandidate",
    "unit_candidates",
]
