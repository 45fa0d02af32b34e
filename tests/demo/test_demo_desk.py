"""The demo desk: a believable street, consistent history, work due now, same seed same data."""
from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from console.demo.desk import PHASES, build_demo_desk
from console.demo.shapes import NEXT
from console.domain.clock import FakeClock
from console.domain.deadline_effects import invariant_breaches
from console.domain.duty_hours import parse_duty_hours
from console.domain.errors import UserError, ValidationError
from console.domain.phone import normalise_phone
from console.domain.ranking import ContactOption, rank_contacts
from console.services import tickets as T
from console.services.accounts import authenticate
from console.services.context import Actor, Desk, get_setting
from console.store.database import Database
from console.store.migrate import ensure_schema
from console.store.models import (
    AuditEntry,
    Category,
    Community,
    Contact,
    Deadline,
    ExtensionRequest,
    MissedCall,
    Shift,
    SpecialGroupMember,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketPhoto,
    Unit,
    UnitCommunity,
    User,
)
from console.store.queries import due_queue, search_ticket_ids, unit_candidates

SAMPLE_STEPS = ("press", "pause", "request_extension", "approve_extension", "refuse_extension", "return_dispatch",
                "approve_return", "refuse_return", "add_call", "merge", "merge_in", "add_photo", "add_co_unit",
                "declined", "callback_failed", "rectify")
UNITLESS = ("pause", "merge", "add_photo", "declined", "callback_failed", "rectify")  # the steps of the samples that name no unit (the duplicate was never dispatched)
SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 22, 22, 0, tzinfo=SH)  # a Sunday night, as the shared `clock` fixture
OPEN = {"logged", "dispatched", "in_progress", "escalated"}


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo-empty") / "empty.sqlite3"
    db = Database(path)
    ensure_schema(db, backup_dir=path.parent)
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


def _fresh_desk(template, folder, name="desk.sqlite3", now=NOW) -> Desk:
    p = folder / name
    shutil.copyfile(template, p)
    return Desk(Database(p), FakeClock(now))


@pytest.fixture(scope="module")
def built(empty_template, tmp_path_factory):
    """One demo desk of 1,000 tickets shared by the read-only tests."""
    desk = _fresh_desk(empty_template, tmp_path_factory.mktemp("demo"))
    calls: list[tuple[int, int, str]] = []
    summary = build_demo_desk(desk, tickets=1000, seed=7, progress=lambda *a: calls.append(a))
    yield desk, summary, calls
    desk.db.dispose()


@pytest.fixture
def small(empty_template, tmp_path):
    """A demo desk of its own (80 tickets) for tests that change it."""
    desk = _fresh_desk(empty_template, tmp_path)
    summary = build_demo_desk(desk, tickets=80, seed=5)
    yield desk, summary
    desk.db.dispose()


def _count(s, model, *where) -> int:
    return s.scalar(select(func.count()).select_from(model).where(*where))


# -- the street -----------------------------------------------------------------

def test_summary_matches_the_database(built):
    desk, summary, _ = built
    with desk.db.read() as s:
        assert summary.tickets == _count(s, Ticket) == 1000
        assert _count(s, Ticket, Ticket.status == "merged") == 1
        assert _count(s, TicketPhoto) == 1  # a resident's photo on the live 漏水 ticket
        assert summary.units == _count(s, Unit) and 50 <= summary.units <= 70
        assert summary.contacts == _count(s, Contact) and summary.contacts > summary.units
        assert summary.communities == _count(s, Community) == 12
        assert summary.grids == 7
        assert summary.special_groups == _count(s, SpecialGroupMember) and 25 <= summary.special_groups <= 40
        assert summary.handbook_entries >= 25
        assert summary.missed_calls == _count(s, MissedCall)
        assert summary.deadlines_open == _count(s, Deadline, Deadline.done_at.is_(None)) > 0
        assert get_setting(s, "desk_name") == "城东街道社区服务热线"
        assert get_setting(s, "timezone") == "Asia/Shanghai"
        users = {u.username: (u.display_name, u.role) for u in s.scalars(select(User))}
    assert users == {"zhang": ("张晓梅", "operator"), "wang": ("王建国", "operator"),
                     "li": ("李主任", "supervisor"), "admin": ("管理员", "admin")}
    assert {(a.username, a.role) for a in summary.accounts} == {(u, r) for u, (_, r) in users.items()}
    assert summary.password == "hotline"


def test_demo_accounts_log_in_with_the_documented_password(built):
    desk, _, _ = built
    for username, role in (("zhang", "operator"), ("li", "supervisor")):
        assert authenticate(desk, username, "hotline").role == role
    with pytest.raises(UserError):
        authenticate(desk, "zhang", "wrong-password")


def test_reference_categories_exist_after_the_build(built):
    desk, _, _ = built
    with desk.db.read() as s:
        cats = {c.path: c.initials for c in s.scalars(select(Category))}
    assert cats["水电气/停电"] == "td" and cats["物业管理/电梯故障"] == "dtgz" and "证明开具" in cats


def test_phonebook_parses_and_phones_are_canonical(built):
    desk, _, _ = built
    with desk.db.read() as s:
        contacts = s.execute(select(Contact.duty_hours, Contact.phones)).all()
        members = s.scalars(select(SpecialGroupMember.phone)).all()
        skills = dict(s.execute(select(Unit.name, Unit.skills).where(Unit.kind == "craftsman")).all())
        kinds = Counter(s.scalars(select(Unit.kind)))
    for duty, phones in contacts:
        assert parse_duty_hours(duty).known, duty
        assert normalise_phone(phones) == phones
    assert all(normalise_phone(p) == p for p in members)
    assert {"property", "power", "water", "gas", "sanitation", "police", "street_office", "committee",
            "volunteer", "craftsman"} <= set(kinds)
    assert kinds["property"] == kinds["committee"] == 12
    joined = "、".join(skills.values())
    for skill in ("修伞", "磨刀", "配钥匙", "家电维修"):
        assert skill in joined


def test_jhsc_finds_the_estate_whose_night_electrician_ranks_first(built):
    desk, _, _ = built
    with desk.db.read() as s:
        jh = s.scalars(select(Community).where(Community.initials == "jhsc")).one()
        assert jh.name == "嘉宏三村" and jh.grid_id is not None
        power = s.scalars(select(Category).where(Category.name == "停电")).one()
        cands = unit_candidates(s, power.id, jh.id)
    own = [c for c in cands if c.unit_kind == "property" and c.covers_community]
    assert own, "嘉宏三村 needs its own property company for 停电"
    electrician = next(c for c in own if "电工" in c.role)
    hours = parse_duty_hours(electrician.duty_hours)
    monday = datetime(2026, 11, 23, tzinfo=SH)
    assert hours.is_on_duty(monday.replace(hour=23)) and not hours.is_on_duty(monday.replace(hour=11))
    assert any(c.unit_kind == "power" and parse_duty_hours(c.duty_hours).always for c in cands)
    options = [ContactOption(c.unit_id, c.unit_name, c.unit_kind, c.contact_id, c.person, c.role, c.phones,
                             parse_duty_hours(c.duty_hours), c.covers_community, c.handles_category)
               for c in cands]
    ranked = rank_contacts(options, NOW)
    assert ranked[0].reachable and ranked[0].option.contact_id == electrician.contact_id


def test_the_power_station_covers_the_whole_street(built):
    desk, _, _ = built
    with desk.db.read() as s:
        station = s.scalars(select(Unit).where(Unit.kind == "power")).one()
        assert _count(s, UnitCommunity, UnitCommunity.unit_id == station.id) == 0
        power = s.scalars(select(Category).where(Category.name == "停电")).one()
        for cid in s.scalars(select(Community.id)):
            assert station.id in {c.unit_id for c in unit_candidates(s, power.id, cid)}


def test_every_category_called_about_has_a_unit_in_every_community(built):
    desk, _, _ = built
    with desk.db.read() as s:
        cats = s.scalars(select(Ticket.category_id).where(Ticket.unit_id.is_not(None)).distinct()).all()
        comms = s.scalars(select(Community.id)).all()
        for cat in cats:
            for cid in comms:
                assert unit_candidates(s, cat, cid), (cat, cid)


# -- the history ---------------------------------------------------------------

def test_ratios_follow_the_seeds(built):
    desk, _, _ = built
    with desk.db.read() as s:
        rows = s.execute(select(Ticket.status, Ticket.received_at, Ticket.satisfaction, Ticket.attitude,
                                Ticket.ability, Ticket.escalated_at, Ticket.reopen_count)).all()
        late = s.scalar(select(func.count()).select_from(Deadline).where(
            Deadline.kind == "resolution", Deadline.outcome == "done", Deadline.done_at > Deadline.due_at))
        calls = Counter(s.scalars(select(TicketEvent.action).where(
            TicketEvent.action.in_(("satisfied", "unsatisfied")))))
        voiders = set(s.scalars(select(TicketEvent.actor_id).where(TicketEvent.action == "void")))
        li = s.scalar(select(User.id).where(User.username == "li"))
    now = NOW
    counted = [r for r in rows if r.status != "void"]
    old = [r for r in counted if r.received_at < now - timedelta(days=14)]
    answered = sum(r.status == "answered" for r in counted) / len(counted)
    assert 0.22 <= answered <= 0.38
    done = sum(r.status in ("answered", "resolved", "closed") for r in old) / len(old)
    assert 0.95 <= done < 1.0
    unsatisfied_share = calls["unsatisfied"] / (calls["satisfied"] + calls["unsatisfied"])
    assert 0.01 < unsatisfied_share <= 0.10  # satisfaction rate about 95%
    assert all(1 <= v <= 5 for r in rows for v in (r.attitude, r.ability) if v is not None)
    assert any(r.escalated_at for r in rows) and late > 0
    assert any(r.reopen_count and r.status == "closed" for r in rows)  # unsatisfied, reopened, then resolved
    assert 1 <= sum(r.status == "void" for r in rows) <= 30 and voiders == {li}


def test_callers_repeat_and_some_are_on_the_special_register(built):
    desk, _, _ = built
    with desk.db.read() as s:
        calls = s.execute(select(Ticket.caller_phone, Ticket.received_at)).all()
        register = set(s.scalars(select(SpecialGroupMember.phone)))
    by_phone = defaultdict(list)
    for phone, at in calls:
        by_phone[phone].append(at)
    repeats = [p for p, ts in by_phone.items()
               if any(b - a <= timedelta(days=7) for a, b in zip(sorted(ts), sorted(ts)[1:], strict=False))]
    assert len(repeats) >= 10
    assert sum(p in register for p, _ in calls) >= 5


def test_calls_follow_the_day_and_night_calls_are_urgent_kinds(built):
    desk, _, _ = built
    with desk.db.read() as s:
        rows = s.execute(select(Ticket.received_at, Category.name)
                         .join(Category, Ticket.category_id == Category.id)).all()
    hours = Counter(at.astimezone(SH).hour for at, _ in rows)
    busy = sum(hours[h] for h in (8, 9, 10, 18, 19, 20, 21))
    small_hours = sum(hours[h] for h in (2, 3, 4))
    assert busy > 0.35 * len(rows) and 0 < small_hours < 0.04 * len(rows)
    night = Counter(name for at, name in rows if at.astimezone(SH).hour in (23, 0, 1, 2, 3, 4, 5))
    urgent_kinds = sum(night[n] for n in ("停电", "漏水", "夜间噪音", "紧急呼叫", "燃气", "电梯故障"))
    assert urgent_kinds > 0.5 * sum(night.values())
    assert night["证明开具"] + night["社保医保"] <= 0.05 * sum(night.values())


def test_events_replay_the_lifecycle_up_to_now(built):
    desk, _, _ = built
    with desk.db.read() as s:
        tickets = {t.id: t for t in s.scalars(select(Ticket))}
        events = s.execute(select(TicketEvent).order_by(TicketEvent.ticket_id, TicketEvent.id)).scalars().all()
        now = desk.now()
        by_ticket = defaultdict(list)
        for e in events:
            by_ticket[e.ticket_id].append(e)
        assert set(by_ticket) == set(tickets)
        for tid, evs in by_ticket.items():
            t = tickets[tid]
            assert evs[0].action == "log" and evs[0].from_status is None and evs[0].actor_id == t.operator_id
            assert evs[0].at >= t.received_at
            status = "logged"
            for prev, e in zip(evs, evs[1:], strict=False):
                assert e.from_status == status and NEXT[(status, e.action)] == e.to_status, (t.number, e.action)
                assert prev.at <= e.at <= now
                # the unit concerned: where it was sent, who was pressed or asked for more time
                assert (e.unit_id is not None) == (e.action in ("dispatch", *SAMPLE_STEPS) and e.action not in UNITLESS)
                status = e.to_status
            sampled = any(e.action in SAMPLE_STEPS for e in evs)  # console.demo.supervision, via the services
            assert t.status == status and t.updated_at == evs[-1].at and (t.version > 1 if sampled else t.version == 1)
            if t.status in ("resolved", "closed", "answered"):
                assert t.resolved_at is not None and t.result
            if t.status == "closed":  # rated (an unfavourable rating is under review or was), or 拒评
                assert t.callback_at is not None
                assert t.satisfaction in ("satisfied", "fairly") or t.review_stage or t.callback_outcome
            if t.status == "void":
                assert t.void_reason


def test_deadlines_are_open_exactly_where_the_ticket_waits(built):
    desk, _, _ = built
    with desk.db.read() as s:
        status = dict(s.execute(select(Ticket.id, Ticket.status)).all())
        stage = dict(s.execute(select(Ticket.id, Ticket.review_stage)).all())
        paused = {tid for tid, at in s.execute(select(Ticket.id, Ticket.paused_at)).all() if at is not None}
        escalated = dict(s.execute(select(Ticket.id, Ticket.escalated_at)).all())
        extended = set(s.scalars(select(ExtensionRequest.ticket_id).where(ExtensionRequest.approved.is_(True))))
        rows = s.execute(select(Deadline)).scalars().all()
        open_by = defaultdict(list)
        for d in rows:
            assert d.due_at > d.start_at
            if d.done_at is None:
                assert d.outcome is None and d.done_by is None
                if d.ticket_id:
                    open_by[d.ticket_id].append(d.kind)
            else:
                assert d.outcome in ("done", "superseded", "cancelled", "paused", "merged") and d.done_by is not None
                assert d.done_at >= d.start_at
            if (d.kind == "resolution" and d.ticket_id and escalated[d.ticket_id] and d.done_at is None
                    and d.ticket_id not in extended):
                assert d.due_at - d.start_at == timedelta(days=3)
    for tid, st in status.items():  # the invariant, as console.domain.deadline_effects states it
        kinds = open_by.get(tid, [])
        assert invariant_breaches(st, {k: kinds.count(k) for k in set(kinds)}, tid in paused, stage[tid]) == [], (
            tid, st, kinds)
        if st == "resolved":
            assert kinds == ["satisfaction"]  # generated through the steps: the call is always owed


def test_ticket_numbers_follow_the_local_day_and_counters_match(built):
    desk, _, _ = built
    with desk.db.read() as s:
        rows = s.execute(select(Ticket.number, Ticket.received_at).order_by(Ticket.id)).all()
        counters = dict(s.execute(select(TicketCounter.day, TicketCounter.last)).all())
    seqs = defaultdict(list)
    previous = None
    for number, at in rows:
        day, seq = re.fullmatch(r"(\d{8})-(\d{4,})", number).groups()
        assert day == at.astimezone(SH).strftime("%Y%m%d")
        seqs[day].append(int(seq))
        assert previous is None or at >= previous  # ids in received order
        previous = at
    assert {d: max(v) for d, v in seqs.items()} == counters
    assert all(v == list(range(1, len(v) + 1)) for v in seqs.values())
    first = min(at for _, at in rows).astimezone(SH)
    assert (first.year, first.month) in ((2025, 1), (2025, 2))  # eight quarters: 2025Q1 .. 2026Q4


def test_missed_calls_are_mostly_called_back(built):
    desk, summary, _ = built
    with desk.db.read() as s:
        rows = s.execute(select(MissedCall.called_back_at, MissedCall.ticket_id, MissedCall.at)).all()
        phone_calls = _count(s, Ticket, Ticket.channel == "phone")
        kinds = Counter(s.scalars(select(Deadline.kind).where(Deadline.missed_call_id.is_not(None))))
    assert kinds["missed_callback"] == len(rows)
    assert 0.015 <= len(rows) / (len(rows) + phone_calls) <= 0.06
    called = sum(r.called_back_at is not None for r in rows)
    assert called >= 0.8 * len(rows) and any(r.ticket_id for r in rows)


def test_open_shift_has_check_backs_due_now_and_overdue(built):
    desk, _, _ = built
    now = desk.now()
    with desk.db.read() as s:
        shift = s.scalars(select(Shift).where(Shift.ended_at.is_(None))).one()
        zhang = s.scalar(select(User.id).where(User.username == "zhang"))
        assert shift.opened_by == zhang and shift.kind == "night" and shift.started_at <= now - timedelta(hours=1)
        assert _count(s, Shift, Shift.ended_at.is_not(None), Shift.handover_note == "") == 0
        in_shift = set(s.scalars(select(Ticket.id).where(Ticket.shift_id == shift.id)))
        due = due_queue(s, now, horizon=timedelta(minutes=30))
    checks = [d for d in due if d.kind == "check_back" and d.ticket_id in in_shift]
    assert any(d.due_at < now for d in checks)
    assert any(now < d.due_at <= now + timedelta(minutes=30) for d in checks)
    missed = [d for d in due if d.kind == "missed_callback"]
    assert len(missed) >= 2 and any(d.due_at < now for d in missed)


def test_full_text_search_finds_demo_descriptions(built):
    desk, _, _ = built
    with desk.db.read() as s:
        tid, description = s.execute(select(Ticket.id, Ticket.description).where(
            Ticket.description.like("%窨井盖%")).order_by(Ticket.id)).first()
        ids = search_ticket_ids(s, "窨井盖", limit=10_000)
        triggers = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        indexes = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))
    assert tid in ids
    assert {"tickets_fts_ai", "tickets_fts_ad", "tickets_fts_au"} <= triggers
    assert {"ix_tickets_received", "ix_tickets_phone_received", "ix_deadlines_open_due"} <= indexes


def test_database_is_consistent(built):
    desk, _, _ = built
    with desk.db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        c.exec_driver_sql("INSERT INTO ticket_fts(ticket_fts) VALUES('integrity-check')")
        c.rollback()


def test_one_audit_row_summarises_the_build(built):
    desk, _, _ = built
    with desk.db.read() as s:
        rows = s.execute(select(AuditEntry.action, AuditEntry.new)).all()
    assert [a for a, _ in rows].count("build_demo_desk") == 1
    assert '"tickets": 1000' in next(n for a, n in rows if a == "build_demo_desk")


def test_progress_reports_each_phase_and_about_every_percent(built):
    _, _, calls = built
    phases = [p for _, _, p in calls]
    order = list(dict.fromkeys(phases))
    assert order == ["street", "tickets", "index", "search", "commit", "done"] and set(order) <= set(PHASES)
    ticks = [(d, t) for d, t, p in calls if p == "tickets"]
    assert ticks[-1] == (999, 999) and 50 <= len(ticks) <= 110  # the 1,000th: the duplicate merged at the end
    assert all(a[0] <= b[0] for a, b in zip(ticks, ticks[1:], strict=False))


# -- building it ---------------------------------------------------------------

def _content(desk: Desk) -> dict:
    with desk.db.engine.connect() as c:
        q = lambda sql: c.exec_driver_sql(sql).all()  # noqa: E731
        return {
            "tickets": q("SELECT * FROM tickets ORDER BY id"),
            "events": q("SELECT * FROM ticket_events ORDER BY id"),
            "deadlines": q("SELECT * FROM deadlines ORDER BY id"),
            "missed": q("SELECT * FROM missed_calls ORDER BY id"),
            "shifts": q("SELECT * FROM shifts ORDER BY id"),
            "counters": q("SELECT * FROM ticket_counters ORDER BY day"),
            "units": q("SELECT * FROM units ORDER BY id"),
            "contacts": q("SELECT * FROM contacts ORDER BY id"),
            "special": q("SELECT * FROM special_groups ORDER BY id"),
            "users": q("SELECT id, username, display_name, role, created_at FROM users ORDER BY id"),
        }


def test_same_seed_and_clock_give_the_same_desk(empty_template, tmp_path):
    a = _fresh_desk(empty_template, tmp_path, "a.sqlite3")
    b = _fresh_desk(empty_template, tmp_path, "b.sqlite3")
    c = _fresh_desk(empty_template, tmp_path, "c.sqlite3")
    try:
        for desk, seed in ((a, 3), (b, 3), (c, 4)):
            build_demo_desk(desk, tickets=300, seed=seed)
        ca, cb, cc = _content(a), _content(b), _content(c)
        assert len(ca["tickets"]) == 300
        for key in ca:
            assert ca[key] == cb[key], key
        assert ca["tickets"] != cc["tickets"]
    finally:
        for desk in (a, b, c):
            desk.db.dispose()


def test_refuses_to_build_twice_and_changes_nothing(small):
    desk, _ = small
    before = _content(desk)
    with pytest.raises(UserError) as err:
        build_demo_desk(desk, tickets=10)
    assert "已经有工单" in err.value.zh
    assert _content(desk) == before


def test_refuses_a_desk_with_a_phonebook(desk):
    """The shared fixture's small street has units but no tickets."""
    with pytest.raises(UserError) as err:
        build_demo_desk(desk, tickets=10)
    assert "电话簿" in err.value.zh
    with desk.db.read() as s:
        assert _count(s, Ticket) == 0 and get_setting(s, "desk_name", "") != "城东街道社区服务热线"


@pytest.mark.parametrize("tickets", [-1, True, 5_000_001, "100"])
def test_rejects_a_bad_ticket_count(empty_template, tmp_path, tickets):
    desk = _fresh_desk(empty_template, tmp_path)
    try:
        with pytest.raises(ValidationError):
            build_demo_desk(desk, tickets=tickets)
    finally:
        desk.db.dispose()


def test_services_work_on_generated_tickets(small):
    """The generated rows are ordinary tickets: the services act on them, FTS triggers fire."""
    desk, _ = small
    now = desk.now()
    with desk.db.read() as s:
        actor = Actor(*s.execute(select(User.id, User.username, User.display_name, User.role)
                                 .where(User.username == "zhang")).one())
        overdue = next(d for d in due_queue(s, now) if d.kind == "check_back" and d.due_at < now)
        version = s.get(Ticket, overdue.ticket_id).version  # 2 or more where a sample step touched it
    T.record_check_back(desk, actor, overdue.ticket_id, came=True, note="电工已到场")
    logged = T.log_call(desk, actor, T.NewCall(description="三轮车漏油污染楼道", caller_phone="13800138000"))
    with desk.db.read() as s:
        t = s.get(Ticket, overdue.ticket_id)
        assert t.status == "in_progress" and t.version == version + 1
        assert logged.id in search_ticket_ids(s, "三轮车")
        assert logged.number.startswith("20261122-") and logged.number > s.scalar(
            select(func.max(Ticket.number)).where(Ticket.id != logged.id))


def test_zero_tickets_builds_the_street_only(empty_template, tmp_path):
    desk = _fresh_desk(empty_template, tmp_path, now=datetime(2026, 6, 1, 9, 30, tzinfo=SH))
    try:
        summary = build_demo_desk(desk, tickets=0)
        with desk.db.read() as s:
            assert summary.tickets == _count(s, Ticket) == 0 and summary.units > 50
            shift = s.scalars(select(Shift).where(Shift.ended_at.is_(None))).one()
            assert shift.kind == "day"
    finally:
        desk.db.dispose()


def test_builds_on_postgresql_too():
    """No FTS triggers or index juggling there: plain inserts, then the serials moved on."""
    from engines import NO_PG_REASON, create_database, drop_database, pg_url
    from sqlalchemy.engine import make_url

    url = pg_url()
    if not url:
        pytest.skip(NO_PG_REASON)
    name = f"{make_url(url).database}_demo_{__import__('os').getpid()}"
    db = Database(create_database(url, name))
    try:
        ensure_schema(db)
        desk = Desk(db, FakeClock(NOW))
        summary = build_demo_desk(desk, tickets=300, seed=2)
        now = desk.now()
        with db.read() as s:
            assert _count(s, Ticket) == summary.tickets == 300
            assert any(d.kind == "check_back" and d.due_at < now for d in due_queue(s, now))
            tid = s.scalar(select(Ticket.id).where(Ticket.description.like("%停电%")).order_by(Ticket.id))
            assert tid in search_ticket_ids(s, "停电", limit=10_000)
            actor = Actor(*s.execute(select(User.id, User.username, User.display_name, User.role)
                                     .where(User.username == "wang")).one())
        logged = T.log_call(desk, actor, T.NewCall(description="测试来电"))
        assert logged.id == 301
    finally:
        db.dispose()
        drop_database(url, name)


def test_demo_addresses_are_stored_as_the_new_call_form_stores_them(built):
    from console.domain.address import normalise

    desk, _, _ = built
    with desk.db.read() as s:
        rows = s.execute(select(Ticket.building, Ticket.room, Ticket.address, Ticket.address_key).limit(500)).all()
    assert rows and all(tuple(r) == tuple(normalise(r[0], r[1], r[2]).fields().values()) for r in rows)
    assert all(r.address_key and r.address == "" for r in rows)


def test_the_satisfaction_samples_went_through_the_services(built):
    """One 拒评, one 回访不成功 waiting for its retry, one unfavourable rating upheld and rectified (再回访 due)."""
    desk, _, _ = built
    with desk.db.read() as s:
        assert _count(s, Ticket, Ticket.callback_outcome == "declined") == 1
        [failed] = s.scalars(select(TicketEvent.ticket_id).where(TicketEvent.action == "callback_failed")).all()
        assert s.get(Ticket, failed).status == "resolved"
        assert s.scalar(select(Deadline.snoozed_until).where(Deadline.ticket_id == failed,
                                                             Deadline.done_at.is_(None))) is not None
        [revisit] = s.scalars(select(Ticket.id).where(Ticket.review_stage == "revisit",
                                                      Ticket.status == "closed")).all()
        assert s.scalars(select(Deadline.kind).where(Deadline.ticket_id == revisit,
                                                     Deadline.done_at.is_(None))).all() == ["revisit"]
        assert {r for (r,) in s.execute(select(Ticket.satisfaction_scale).where(
            Ticket.satisfaction.is_not(None))).all()} == {3}  # the demo desk rates on one scale
