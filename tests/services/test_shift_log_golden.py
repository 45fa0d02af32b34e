"""Golden answers of the shift log's reads (services.shift_log.shift_log_data, which the PDF, the CLI and the
window's preview all use) on a demo desk, on SQLite and PostgreSQL.

The digests were computed from the code before the reads moved onto the driver (issue 21, session 11: main
at 4240104), so a faster read that answers differently — a call, a step, a status or unit *as of* the end of
the window, a masked number, a follow-up, a backlog band, the full backlog's order — fails here. The demo
desk is pinned itself (tests/demo/test_demo_digest.py) and is the same on both engines
(tests/pg/test_transfer.py). On a mismatch the log's rows are written as JSON beside the test's tmp folder,
to be compared with those of the code before.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from engines import create_database, drop_database, pg_url

from console.domain.clock import FakeClock
from console.services.context import Desk
from console.services.shift_log import shift_log_data
from console.store.database import Database
from console.store.migrate import ensure_schema

NOW = datetime(2026, 11, 22, 22, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# (name, arguments of shift_log_data): the day and the night of dates from tonight (running) back to months
# ago — tickets changed after the window's end are read back as they were then — masked or not, the backlog
# listed in full or only counted; and shift rows, named by their position among the desk's shifts.
CASES: dict[str, dict] = {
    **{f"{'night' if night else 'day'} {back} days back{', unmasked' if i % 3 == 1 else ''}"
       f"{', full backlog' if i % 4 in (0, 3) else ''}":
       dict(day=(NOW - timedelta(days=back)).date(), night=night, mask=i % 3 != 1, full_backlog=i % 4 in (0, 3))
       for i, (back, night) in enumerate((b, n) for b in (0, 1, 2, 3, 5, 8, 13, 21, 34, 60, 120)
                                         for n in (False, True))},
    "the first shift row, full backlog": dict(shift=0, full_backlog=True),
    "the last shift row, unmasked": dict(shift=-1, mask=False),
    "a shift row in between, masked": dict(shift=-5),
    "a shift row weeks ago, unmasked, full backlog": dict(shift=-40, mask=False, full_backlog=True),
}

# Computed on 4240104 (before the reads moved onto the driver) by `digests` below: demo desk of 3,000 tickets,
# seed 3, NOW.
PINNED: dict[str, str] = {
    'day 0 days back, full backlog': 'a8d0acadb85a3b174c7f6ccca54e67b61bf0b6f980776295c90265f9339ff45d',
    'night 0 days back, unmasked': '2a862eef464166d8880d1fb9751b83c2fcf977c49040bf810651865c7a350b21',
    'day 1 days back': 'acb8edcc9b284c8a190f2517c42496d00ebfcafa6d70c2b5b6f4f900793a9440',
    'night 1 days back, full backlog': 'eb78ff5db52086145afeb3707851a41529e548dde9af68d0cea019cfab97b0a6',
    'day 2 days back, unmasked, full backlog': '9bf750873c4e00680546307154201494fceb0147f3a7cebb728ba6270aa07361',
    'night 2 days back': 'eb5bbf452de61e3da5144fb1ce42798e9a91a09451e519d023f1bc32ca6b0bbd',
    'day 3 days back': 'c8dedc07e321af3345461494542ddca7d1661fbf0a73cec30bdd19e58d00d9e0',
    'night 3 days back, unmasked, full backlog': 'e088fb2a89df8e53e4b35baa647ab0fa345ac9c0bd6e8be2aa2ec01859a1d85d',
    'day 5 days back, full backlog': '7edad1ac7c8f2c9300bf82dfab63f0b65ce93b07a9cd7e05fd5d91ed065c289c',
    'night 5 days back': '91b26a04cccb1421363398399cf46836207da111aa578ce1a530c9c69ba9e49f',
    'day 8 days back, unmasked': '09691218f52db61163494bb93109963c0a259eafff441f6c0af33e764ad13050',
    'night 8 days back, full backlog': 'cc70d66808ca9df4440c642be7c324e2858aae444300fc3e51f33576fbdd91f9',
    'day 13 days back, full backlog': '5716a485d96a13775cde45d12ada6da539347ded93cc8b282a540c2cefcd6c93',
    'night 13 days back, unmasked': 'e2579a36f05655baf76d2df8ae7a31d6cbac2b3457545033aa77847ac1d5c904',
    'day 21 days back': '123bb7738c37f263371eb28dc9e19a09f72d571bbfd32cf84e696f944f5f7a23',
    'night 21 days back, full backlog': 'cdfac48a4290aa09d0ffebd5a908c602528250a6e0eaa2a91bcccb61aad7a686',
    'day 34 days back, unmasked, full backlog': '4cb917f6e3448a975d1f9be71eb8be2bd909c2b1060062d70cd02c64498f7958',
    'night 34 days back': '3dfd613f2fc963690993023f831c4eb3490f200fa78e10a7b2b9127f2e99e0e2',
    'day 60 days back': '6fc94148c1c05b6d2a53247645f29674ca6c024e2464b7ec60a98734e1881387',
    'night 60 days back, unmasked, full backlog': 'f9b2b60af3dce7fcf980a830e81d6289b619d7e22949907c7156b5a8ee3fb30e',
    'day 120 days back, full backlog': 'b6bdeeffa817da519a431114942fbd72090bd7a0c5813ef0350dbcb09f730efd',
    'night 120 days back': '1e607174c83b92226453dd9ba65833f29871f21cbfcc6fa5a3dcb93afa3fe2e3',
    'the first shift row, full backlog': 'a06f5c4600ac0c575084ccd58f618bac83e48502cac38f9932142312b49a1fcd',
    'the last shift row, unmasked': '66c8e9182626a443151165f3af62d903a7dcea0f9da798ccf7bea829e514b508',
    'a shift row in between, masked': 'eb5bbf452de61e3da5144fb1ce42798e9a91a09451e519d023f1bc32ca6b0bbd',
    'a shift row weeks ago, unmasked, full backlog': '8a4fe054a4f2fde3827de22fd7a9397a37b1b3fc9d5361a54f060374c8980388',
}


def _plain(v):
    """A value of ShiftLogData as JSON: datetimes in UTC with their offset, zones by name."""
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, tzinfo):
        return str(v)
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    return v


def logs(desk: Desk) -> dict[str, str]:
    """Each case's ShiftLogData as canonical JSON."""
    from console.store.models import Shift

    with desk.db.read() as s:
        shift_ids = [i for (i,) in s.query(Shift.id).order_by(Shift.started_at, Shift.id)]
    out = {}
    for name, args in CASES.items():
        args = dict(args)
        if "shift" in args:
            args["shift_id"] = shift_ids[args.pop("shift")]
        data = shift_log_data(desk, **args)
        out[name] = json.dumps(_plain(data), ensure_ascii=False, sort_keys=True, indent=1)
    return out


def digests(desk: Desk) -> dict[str, str]:
    return {k: hashlib.sha256(v.encode()).hexdigest() for k, v in logs(desk).items()}


@pytest.fixture(scope="module", params=["sqlite", "pg"])
def demo(request, tmp_path_factory):
    """The demo desk (3,000 tickets, seed 3, NOW) on each engine; PostgreSQL when a server is given."""
    from console.demo.desk import build_demo_desk

    made = None
    if request.param == "pg":
        base = pg_url()
        if not base:
            pytest.skip("PostgreSQL tests need a server (HOTLINE_TEST_PG_URL)")
        from sqlalchemy.engine import make_url

        made = f"{make_url(base).database}_golden_shift_log_{os.getpid()}"
        db = Database(create_database(base, made))
    else:
        db = Database(tmp_path_factory.mktemp("golden-shift-log") / "demo.sqlite3")
    try:
        ensure_schema(db, backup_dir=tmp_path_factory.mktemp("backups"))
        desk = Desk(db, FakeClock(NOW))
        build_demo_desk(desk, tickets=3000, seed=3)
        yield desk
    finally:
        db.dispose()
        if made:
            drop_database(pg_url(), made)


def test_shift_logs_of_the_demo_desk_are_as_before(demo, tmp_path):
    got = logs(demo)
    mine = {k: hashlib.sha256(v.encode()).hexdigest() for k, v in got.items()}
    if mine != PINNED:
        for k, v in got.items():
            Path(tmp_path / f"{k}.json").write_text(v, encoding="utf-8")
    assert mine == PINNED, f"rows written to {tmp_path}"
    logs_ = [json.loads(v) for v in got.values()]
    for part in ("calls", "missed", "callbacks", "due", "open_tickets"):  # every part of the log is pinned somewhere
        assert sum(bool(x[part]) for x in logs_) >= 3, part
    assert any(x["running"] for x in logs_) and any(not x["masked"] for x in logs_)


def frozen_logs(desk: Desk) -> dict[str, str]:
    """`logs`, read by the same queries on a bare sqlite3 connection through the frozen statements
    (console.store.frozen_sql: what `export shift-log` runs without SQLAlchemy)."""
    import sqlite3

    from console.domain.shift_hours import DAY_START_KEY, NIGHT_START_KEY, hours_from_text
    from console.store.frozen_sql import FrozenRead
    from console.store.models import Shift
    from console.store.shift_log_queries import setting_text, shift_log_for_day, shift_log_for_shift

    with desk.db.read() as s:
        shift_ids = [i for (i,) in s.query(Shift.id).order_by(Shift.started_at, Shift.id)]
    con = sqlite3.connect(str(desk.db.sqlite_path), isolation_level=None)
    out = {}
    try:
        cur = con.cursor()
        cur.execute("BEGIN")
        r = FrozenRead(cur)
        hours = hours_from_text(setting_text(r, DAY_START_KEY), setting_text(r, NIGHT_START_KEY))
        for name, args in CASES.items():
            args = dict(args)
            kw = dict(tz=desk.tz, now=desk.now(), mask=args.pop("mask", True),
                      full_backlog=args.pop("full_backlog", False))
            if "shift" in args:
                data = shift_log_for_shift(r, shift_ids[args["shift"]], **kw)
            else:
                data = shift_log_for_day(r, args["day"], args["night"], **kw, **hours.as_kwargs())
            out[name] = json.dumps(_plain(data), ensure_ascii=False, sort_keys=True, indent=1)
    finally:
        con.close()
    return out


def test_frozen_reads_give_the_same_logs(demo):
    """The SQLAlchemy-free reads (frozen SQLite text, console.store.values conversions) give every pinned log."""
    if not demo.db.is_sqlite:
        pytest.skip("frozen statements are SQLite text")
    got = {k: hashlib.sha256(v.encode()).hexdigest() for k, v in frozen_logs(demo).items()}
    assert got == PINNED
