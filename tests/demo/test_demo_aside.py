"""The demo history generated in a forked child (console.demo.aside): a failure there fails the build and
leaves the database as it was; progress still reaches the caller."""
from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from console.demo.desk import build_demo_desk
from console.demo.history import HistoryGenerator
from console.domain.clock import FakeClock
from console.services.context import Desk
from console.store.database import Database
from console.store.migrate import ensure_schema
from console.store.models import Deadline, Ticket, TicketEvent, Unit

NOW = datetime(2026, 11, 22, 22, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the generator runs aside only where fork exists")


def _desk(tmp_path) -> Desk:
    db = Database(tmp_path / "desk.sqlite3")
    ensure_schema(db, backup_dir=tmp_path)
    return Desk(db, FakeClock(NOW))


def test_a_failure_in_the_generator_fails_the_build_and_changes_nothing(tmp_path, monkeypatch):
    real = HistoryGenerator.generic
    calls = {"n": 0}

    def failing(self, *a, **kw):
        calls["n"] += 1  # counted in the child: the parent's copy never runs the generator
        if calls["n"] > 700:
            raise ValueError("generator broke")
        return real(self, *a, **kw)

    monkeypatch.setattr(HistoryGenerator, "generic", failing)
    desk = _desk(tmp_path)
    try:
        with pytest.raises(RuntimeError, match="generator broke"):
            build_demo_desk(desk, tickets=1000, seed=2)
        assert calls["n"] == 0
        with desk.db.read() as s:
            for model in (Ticket, TicketEvent, Deadline, Unit):
                assert s.scalar(select(func.count()).select_from(model)) == 0, model.__tablename__
    finally:
        desk.db.dispose()


def test_progress_from_the_child_reaches_the_caller(tmp_path):
    seen: list[tuple[int, int, str]] = []
    desk = _desk(tmp_path)
    try:
        build_demo_desk(desk, tickets=1000, seed=2, progress=lambda d, t, p="": seen.append((d, t, p)))
    finally:
        desk.db.dispose()
    ticks = [(d, t) for d, t, p in seen if p == "tickets"]
    assert len(ticks) >= 50  # about every percent
    assert ticks[-1][0] == ticks[-1][1]
    assert [d for d, _ in ticks] == sorted(d for d, _ in ticks)
