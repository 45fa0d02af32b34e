"""Golden figures of the KPI pass's repeat callers (issue 21, session 10).

The per-phone index of `KpiBuilder` was a dict of Python lists of datetimes (≈ 62 MB at 250,000 tickets);
it became arrays of integers. The expectation (golden_kpi_repeats.json beside this file) was recorded from
the builder as it was before (main at ab5c457), so the compact index is held to the very same figures:
every repeat caller with its count, its most calls in any 7 days, its first and last call, the community
and category of its latest ticket, in the same order; and the other figures the same calls feed (接通率's
phone calls, merged and 追加 calls). The feed is deterministic and made to reach the corners: numbers with
a leading zero, with a plus, a long digit string, full-width digits, no number; calls exactly 7 days apart and
7 days plus a microsecond; several calls at one instant; merged tickets and 追加 calls (which know no
community or category); void tickets (never a call) and tickets outside the period; times given in two zones.
"""
from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from console.domain.kpi import CallRow, KpiTicket, QuarterKpis
from console.domain.kpi_builder import compute_kpis

GOLDEN_FILE = Path(__file__).with_name("golden_kpi_repeats.json")
RECORD_ENV = "HOTLINE_RECORD_GOLDEN"  # set only to record the expectation from a known-good commit
SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 6, 30, 16, 0, tzinfo=UTC)   # 2026 Q3 in Shanghai
END = datetime(2026, 9, 30, 16, 0, tzinfo=UTC)


def _feed(seed: int = 21) -> tuple[list[KpiTicket], list[CallRow]]:
    rnd = random.Random(seed)
    phones = ([f"13{rnd.randrange(10**9):09d}" for _ in range(120)]
              + ["02112345678", "0", "+8613800138000", "12345678901234567890123", "１３８００１３８０００",
                 "13800138000", "010-12345678"])
    communities = [None, "嘉宏三村", "白马小区", "东风新村"]
    categories = [None, "水电气/停电", "噪音扰民", "环境卫生"]
    span = int((END - START).total_seconds())
    anchor = START + timedelta(days=20)
    tickets: list[KpiTicket] = []
    for i in range(1, 1601):
        kind = rnd.random()
        if kind < 0.08:     # exactly 7 days, or 7 days and a microsecond, after an anchor; or at the anchor
            at = anchor + rnd.choice((timedelta(0), timedelta(days=7), timedelta(days=7, microseconds=1)))
        elif kind < 0.10:   # just outside the period
            at = rnd.choice((START - timedelta(microseconds=1), END))
        else:
            at = START + timedelta(seconds=rnd.randrange(span), microseconds=rnd.randrange(10**6))
        if rnd.random() < 0.3:
            at = at.astimezone(SH)
        status = rnd.choice(("logged", "answered", "dispatched", "resolved", "closed", "void", "merged"))
        tickets.append(KpiTicket(id=i, received_at=at, status=status, channel=rnd.choice(("phone", "walk_in")),
                                 caller_phone=rnd.choice(phones) if rnd.random() < 0.95 else "",
                                 community=rnd.choice(communities), category=rnd.choice(categories)))
    tickets.sort(key=lambda t: (t.received_at, t.id))   # as the query feeds them: oldest first
    calls = [CallRow(at=START + timedelta(seconds=rnd.randrange(span)),
                     caller_phone=rnd.choice(phones) if rnd.random() < 0.9 else "",
                     channel=rnd.choice(("phone", "walk_in"))) for _ in range(400)]
    return tickets, calls


def _utc(v: datetime) -> str:
    return v.astimezone(UTC).isoformat()


def _figures(k: QuarterKpis) -> dict[str, Any]:
    return {"repeat_callers": [[r.phone, r.tickets, r.most_in_window, _utc(r.first_at), _utc(r.last_at),
                                r.community, r.category] for r in k.repeat_callers],
            "received": k.received, "void": k.void, "merged": k.merged, "added_calls": k.added_calls,
            "phone_calls": k.phone_calls}


def test_repeat_callers_are_the_golden_ones():
    tickets, calls = _feed()
    k = compute_kpis(tickets, (), start=START, end=END, tz=SH, as_of=END, calls=calls)
    got = json.loads(json.dumps(_figures(k), ensure_ascii=False))
    if os.environ.get(RECORD_ENV):
        GOLDEN_FILE.write_text(json.dumps(got, ensure_ascii=False, indent=0) + "\n", "utf-8")
    want = json.loads(GOLDEN_FILE.read_text("utf-8"))
    assert len(want["repeat_callers"]) > 50   # the feed reaches the rule, many times over
    assert got == want


def test_repeat_callers_keep_the_zone_they_were_given_in():
    """first_at / last_at are the instants fed in, in the zone the calls came in (the store gives UTC)."""
    a = START + timedelta(days=3)
    k = compute_kpis([KpiTicket(id=1, received_at=a.astimezone(SH), status="logged", caller_phone="13800000001"),
                      KpiTicket(id=2, received_at=(a + timedelta(hours=5)).astimezone(SH), status="logged",
                                caller_phone="13800000001")], (), start=START, end=END, tz=SH, as_of=END)
    r = k.repeat_callers[0]
    assert (r.first_at, r.last_at) == (a, a + timedelta(hours=5))
    assert r.first_at.utcoffset() == timedelta(hours=8)
