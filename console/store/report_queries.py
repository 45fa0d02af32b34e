"""Rows for reports on a Session (any engine): the statements of console.store.report_statements run on the
cursor of the session's own connection (`prepared.session_stream`), shaped by console.store.report_reads.

The shaping, the statements and the choices the figures depend on live there, once; the SQLAlchemy-free
quarterly export (console.services.quarterly_lite) reads the same statements, frozen, through the same
functions. Each function here takes a Session, as the services have always called them.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy.orm import Session

from ..domain.kpi import CallRow, KpiTicket, MissedCallRow
from ..domain.report_rows import ReportTicket
from . import report_reads as rr
from .frozen_sql import StreamReader
from .prepared import session_stream
from .report_statements import latest_resolution_id

__all__ = ["count_tickets", "latest_resolution_id", "period_added_calls", "period_missed_calls",
           "period_tickets", "period_unit_steps", "session_reads"]


def session_reads(s: Session) -> rr.Reads:
    """`report_reads`'s way to open a read: a raw read on a cursor of `s`'s connection, in its transaction."""
    def reads() -> AbstractContextManager[StreamReader]:
        return session_stream(s)
    return reads


def period_tickets(s: Session, start: datetime, end: datetime, *, detail: bool = True,
                   include_void: bool = True) -> Iterator[ReportTicket | KpiTicket]:
    """report_reads.period_tickets on `s`."""
    return rr.period_tickets(session_reads(s), start, end, detail=detail, include_void=include_void)


def count_tickets(s: Session, start: datetime, end: datetime, *, include_void: bool = False) -> int:
    return rr.count_tickets(session_reads(s), start, end, include_void=include_void)


def period_missed_calls(s: Session, start: datetime, end: datetime) -> Iterator[MissedCallRow]:
    return rr.period_missed_calls(session_reads(s), start, end)


def period_added_calls(s: Session, start: datetime, end: datetime) -> Iterator[CallRow]:
    return rr.period_added_calls(session_reads(s), start, end)


def period_unit_steps(s: Session, start: datetime, end: datetime) -> Iterator[tuple[int, str, str | None]]:
    return rr.period_unit_steps(session_reads(s), start, end)
