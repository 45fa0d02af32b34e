"""Test data for the window: the desk's name, and thousands of tickets in one Core statement."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

DESK_NAME = "嘉宏街道热线"


def insert_bulk_tickets(db, n: int, *, start: datetime | None = None) -> None:
    """n tickets through SQLAlchemy Core (one transaction): fast enough for 100,000."""
    from console.store.models import Ticket

    start = start or datetime(2026, 1, 1, tzinfo=UTC)
    statuses = ("logged", "dispatched", "resolved", "closed", "answered")
    rows = [
        {
            "number": f"B{i:09d}",
            # a few share a time stamp: the keyset must order them by id
            "received_at": start + timedelta(minutes=(i // 3) * 7),
            "channel": "phone",
            "caller_name": f"居民{i}",
            "caller_phone": f"139{i:08d}",
            "description": f"批量工单 {i} 号的内容",
            "status": statuses[i % len(statuses)],
            "request_type": "help",
            "urgency": "normal",
            "updated_at": start,
            "version": 1,
            "reopen_count": 0,
            "result": "",
            "void_reason": "",
            "building": "",
            "room": "",
            "address": "",
        }
        for i in range(n)
    ]
    with db.engine.begin() as conn:
        conn.execute(insert(Ticket), rows)
