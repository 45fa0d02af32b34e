"""The demo desk: a fictional street office (城东街道) with two years of calls.

`hotline-console init --demo [--tickets N] [--seed S]` calls
`build_demo_desk` on a freshly migrated, empty database. It writes, in one
transaction (a failure leaves the database as it was):

- the street from `db/reference/demo_street.json`: 12 communities (嘉宏三村
  among them) in 7 grids, about 60 units with contacts and duty hours, the
  service handbook, the special-groups register, four demo accounts;
- N tickets over the last eight quarters with their events, deadlines,
  shifts, ticket counters and missed calls (`demo_history`), ending in an
  open shift whose check-backs fall due in the next minutes;
- one audit row, `build_demo_desk`, summarising what was generated
  (history is not replayed through the audit trail).

Same seed and same clock give the same content (password hashes are salted
and so differ). Times derive from `desk.now()` rounded down to the minute.

What the history looks like (seed 1, 20,000 tickets, clock 2026-11-22 22:00):
answered on the spot 29.5%; completion of tickets older than a week 98.2%;
satisfaction 95.2% of satisfaction calls (97.7% by each ticket's final
rating); resolved on time 93%; 5% of dispatched tickets escalated; 0.3%
void (supervisor 李主任); missed calls 3.0% of phone calls, 96% called back;
busiest 09-11 and 19-21, 2-5 am quiet but for power cuts, leaks and noise;
summer brings power, water and noise calls, winter leaks and gas.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from random import Random

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ..domain.address import split_free_text
from ..domain.duty_hours import parse_duty_hours
from ..domain.errors import UserError, ValidationError
from ..domain.initials import pinyin_initials
from ..domain.phone import normalise_phone
from ..domain.timeutil import DAY_SHIFT_START, NIGHT_SHIFT_START
from ..services.accounts import hash_password
from ..services.context import Actor, Desk, audit
from ..services.deadlines import load_policy
from ..services.reference_data import load_json, seed_reference
from ..services.shifts import kind_for
from ..store.bulk import BulkWriter, large_cache, suspended_search_and_indexes
from ..store.models import (
    Category,
    Community,
    Contact,
    Deadline,
    Grid,
    HandbookEntry,
    MissedCall,
    Setting,
    Shift,
    SpecialGroupMember,
    Ticket,
    TicketCounter,
    TicketEvent,
    Unit,
    UnitCategory,
    UnitCommunity,
    User,
)
from ..store.unit_search import refresh_unit_search
from ..util.progress import Progress
from .accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount  # noqa: F401 - re-exported
from .history import HistoryGenerator
from .supervision import add_supervision_samples
from .world import MIN, CommunityInfo, LiveTicket, Scenario, ShiftPlan, UnitInfo, World, cumulative

MAX_TICKETS = 5_000_000
# Their non-unique indexes are built once after the history (one sort each, not a B-tree insert per row).
BULK_TABLES = ("tickets", "deadlines", "ticket_events", "missed_calls")
SHIFT_COLS = ("id", "kind", "started_at", "ended_at", "opened_by", "closed_by", "handover_note")
# Phase codes passed as `progress(done, total, phase)`, with labels to show.
PHASES: dict[str, tuple[str, str]] = {
    "street": ("街道、电话簿和账号", "street, phonebook and accounts"),
    "tickets": ("历史工单", "ticket history"),
    "index": ("重建索引", "rebuilding indexes"),
    "search": ("重建全文检索", "rebuilding full-text search"),
    "commit": ("写入磁盘", "writing to disk"),
    "done": ("完成", "done"),
}

# The open shift always has this work in it (minutes before now). Fewer
# tickets than specs: the first ones are kept.
_LIVE = (
    # received, dispatched (None: answered), category, community, urgency, unit kind, caller on the register
    (44, 38, "水电气/停电", "嘉宏三村", "urgent", "property", "王桂英"),      # check-back 8 min overdue
    (18, 13, "噪音扰民/夜间噪音", "白马小区", "normal", "police", None),     # due in 17 min
    (40, 34, "水电气/漏水", "南塘新村", "normal", "property", None),         # 4 min overdue
    (9, 5, "物业管理/电梯故障", "金桥花园", "critical", "property", None),   # 特急: due in 10 min
    (27, 22, "水电气/停电", "城东新村", "normal", "power", None),            # due in 8 min
    (55, None, "证明开具", "和平里", "normal", None, None),
)
_LIVE_DAYTIME_NOISE = ("噪音扰民/装修噪音", "property")
_LIVE_MISSED = ((3, "刘翠英"), (9, None), (21, None))  # minutes ago, caller on the register


@dataclass(frozen=True)
class DemoSummary:
    tickets: int
    units: int
    contacts: int
    communities: int
    grids: int
    missed_calls: int
    deadlines_open: int
    special_groups: int
    handbook_entries: int
    shift_id: int | None
    accounts: tuple[DemoAccount, ...]
    password: str
    seed: int


def _no_progress(done: int, total: int, phase: str = "") -> None:
    """Nobody is watching: build silently."""


def _check_args(tickets, seed) -> None:
    if isinstance(tickets, bool) or not isinstance(tickets, int) or not 0 <= tickets <= MAX_TICKETS:
        raise ValidationError(f"演示工单数必须是 0 到 {MAX_TICKETS} 之间的整数。",
                              f"The number of demo tickets must be a whole number from 0 to {MAX_TICKETS}.")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValidationError("随机种子必须是整数。", "The seed must be a whole number.")


def _refuse_unless_empty(s: Session) -> None:
    def count(model) -> int:
        return s.scalar(select(func.count()).select_from(model)) or 0

    if count(Ticket):
        raise UserError("这个数据库里已经有工单，不能再生成演示数据（未做任何改动）。请用新的数据库文件。",
                        "This database already holds tickets; demo data can only go into a new, empty "
                        "database (nothing was changed).")
    busy = [name for name, model in (("电话簿", Unit), ("社区", Community), ("网格", Grid), ("班次", Shift),
                                     ("未接来电", MissedCall), ("服务手册", HandbookEntry),
                                     ("重点人群", SpecialGroupMember)) if count(model)]
    if busy:
        raise UserError(f"演示数据只能生成在新建的空数据库上：这个数据库里已有{'、'.join(busy)}（未做任何改动）。",
                        "Demo data can only go into a new, empty database; this one already has a "
                        "phonebook or registers (nothing was changed).")


def _epoch(dt: datetime) -> int:
    return int(dt.timestamp())


def _dt(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def period_start(local_now: datetime) -> datetime:
    """Local midnight starting the quarter seven quarters before the current one."""
    q = local_now.year * 4 + (local_now.month - 1) // 3 - 7
    return local_now.replace(year=q // 4, month=3 * (q % 4) + 1, day=1, hour=0, minute=0, second=0,
                             microsecond=0)


def _shift_plan(tz, start: int, now: int, ops: tuple[int, int]) -> tuple[ShiftPlan, str]:
    """Shifts from before the first ticket to the open one (started at least an hour ago)."""
    first = datetime.fromtimestamp(start, tz).date() - timedelta(days=1)
    last = datetime.fromtimestamp(now, tz).date()
    bounds: list[int] = []
    d: date = first
    while d <= last:
        for t in (DAY_SHIFT_START, NIGHT_SHIFT_START):
            b = _epoch(datetime(d.year, d.month, d.day, t.hour, t.minute, tzinfo=tz))
            if b <= now:
                bounds.append(b)
        d += timedelta(days=1)
    live_start = min(bounds[-1], now - 60 * MIN)
    starts = [b for b in bounds if b < live_start] + [live_start]
    kinds = ["day" if datetime.fromtimestamp(b, tz).hour == DAY_SHIFT_START.hour else "night" for b in starts]
    live_kind = kind_for(datetime.fromtimestamp(now, tz).time())
    kinds[-1] = live_kind
    k = len(starts) - 1
    operators = [ops[0] if (k - i) % 2 == 0 else ops[1] for i in range(len(starts))]
    return ShiftPlan(starts, kinds, operators, [[0, 0, 0] for _ in starts]), live_kind


class _Street:
    """Writes the street's reference rows and remembers their ids."""

    def __init__(self, s: Session, data: dict, now: datetime):
        self.s, self.data, self.now = s, data, now
        self.categories: dict[str, tuple[int, int | None]] = {}
        self.communities: dict[str, int] = {}
        self.grid_of: dict[str, int] = {}
        self.grid_worker: dict[int, str] = {}
        self.units: list[UnitInfo] = []
        self.contacts = 0
        self.users: dict[str, int] = {}

    def _id(self, model, **values) -> int:
        t = model.__table__
        return self.s.execute(insert(t).values(**values).returning(t.c.id)).scalar_one()

    def category(self, path: str) -> tuple[int, int | None]:
        """(id, parent id) of a path such as 水电气/停电, created if the desk's list lacks it."""
        got = self.categories.get(path)
        if got is not None:
            return got
        parent_name, _, child = path.partition("/")
        if child:
            parent_id = self.category(parent_name)[0]
            cid = self._id(Category, parent_id=parent_id, name=child, initials=pinyin_initials(child),
                           sort_order=99)
            got = (cid, parent_id)
        else:
            got = (self._id(Category, parent_id=None, name=path, initials=pinyin_initials(path),
                            sort_order=99), None)
        self.categories[path] = got
        return got

    def load_categories(self) -> None:
        rows = self.s.execute(select(Category.id, Category.parent_id, Category.name)).all()
        names = {r.id: r.name for r in rows}
        for r in rows:
            path = f"{names[r.parent_id]}/{r.name}" if r.parent_id else r.name
            self.categories[path] = (r.id, r.parent_id)

    def settings(self) -> None:
        name = self.data["desk_name"]
        if self.s.get(Setting, "desk_name") is None:
            self.s.execute(insert(Setting.__table__).values(key="desk_name", value=name))
        else:
            self.s.execute(update(Setting.__table__).where(Setting.key == "desk_name").values(value=name))

    def accounts(self, password_hash: str) -> None:
        """The demo accounts; a user name that already exists is kept as it is."""
        existing = dict(self.s.execute(select(User.username, User.id)).all())
        for a in DEMO_ACCOUNTS:
            uid = existing.get(a.username)
            if uid is None:
                uid = self._id(User, username=a.username, display_name=a.display_name, role=a.role,
                               password_hash=password_hash, active=True, created_at=self.now)
            self.users[a.username] = uid

    def places(self) -> None:
        for g in self.data["grids"]:
            gid = self._id(Grid, name=g["name"], worker=g["worker"], phone=normalise_phone(g["phone"]))
            self.grid_of[g["name"]] = gid
            self.grid_worker[gid] = g["worker"]
        for c in self.data["communities"]:
            self.communities[c["name"]] = self._id(Community, name=c["name"], initials=pinyin_initials(c["name"]),
                                                   grid_id=self.grid_of[c["grid"]])

    def phonebook(self) -> None:
        for u in self.data["units"]:
            uid = self._id(Unit, name=u["name"], kind=u["kind"], initials=pinyin_initials(u["name"]),
                           skills=u.get("skills", ""), notes=u.get("notes", ""), active=True)
            cat_ids = sorted({self.category(p)[0] for p in u["categories"]})
            comm_ids = sorted({self.communities[c] for c in u["communities"]})
            if cat_ids:
                self.s.execute(insert(UnitCategory.__table__), [{"unit_id": uid, "category_id": c} for c in cat_ids])
            if comm_ids:
                self.s.execute(insert(UnitCommunity.__table__),
                               [{"unit_id": uid, "community_id": c} for c in comm_ids])
            contacts = []
            for c in u["contacts"]:
                duty = parse_duty_hours(c["duty_hours"])
                cid = self._id(Contact, unit_id=uid, person=c["person"], role=c["role"],
                               phones=normalise_phone(c["phones"]), duty_hours=c["duty_hours"])
                contacts.append((cid, duty))
            self.contacts += len(contacts)
            self.units.append(UnitInfo(uid, u["kind"], set(cat_ids), set(comm_ids), contacts))
        refresh_unit_search(self.s, [u.id for u in self.units])  # the phonebook's search columns

    def registers(self) -> list[tuple[str, str, int, str, str]]:
        """Handbook and special groups; returns the members as callers for the generator."""
        rows = [{"category_id": self.category(h["category"])[0], "question": h["question"],
                 "answer": h["answer"], "keywords": h["keywords"]} for h in self.data["handbook"]]
        if rows:
            self.s.execute(insert(HandbookEntry.__table__), rows)
        names = [c["name"] for c in self.data["communities"]]
        grid_of_comm = {c["name"]: self.grid_of[c["grid"]] for c in self.data["communities"]}
        members, callers = [], []
        for m in self.data["special_groups"]:
            phone = normalise_phone(m["phone"])
            members.append({"name": m["name"], "phone": phone, "community_id": self.communities[m["community"]],
                            "address": m["address"], "group": m["group"], "needs": m["needs"],
                            "grid_worker": self.grid_worker[grid_of_comm[m["community"]]], "notes": m["notes"]})
            place = split_free_text(m["address"])
            building, room = place.building, place.room
            callers.append((m["name"], phone, names.index(m["community"]), building, room))
        if members:
            self.s.execute(insert(SpecialGroupMember.__table__), members)
        return callers


def _scenarios(data: dict, street: _Street, communities: list[CommunityInfo]) -> list[Scenario]:
    lift = {i for i, c in enumerate(data["communities"]) if c["elevators"]}
    out = []
    for sc in data["scenarios"]:
        cid, parent = street.category(sc["category"])
        allowed = sorted(lift) if sc.get("elevator_only") else list(range(len(communities)))
        comm_w = [data["communities"][i]["weight"] for i in allowed]
        types = sc["types"]
        answer_types = {k: v for k, v in types.items() if k in ("enquiry", "suggestion", "praise")} or {"enquiry": 1}
        dispatch_types = {k: v for k, v in types.items() if k != "enquiry"} or {"help": 1}
        out.append(Scenario(
            category_id=cid, parent_id=parent, weight=sc["weight"], season=sc["season"], night=sc["night"],
            answer_share=sc["answer_share"], unit_weights=sc["units"],
            urgency=(list(sc["urgency"]), cumulative(list(sc["urgency"].values()))),
            answer_types=(list(answer_types), cumulative(list(answer_types.values()))),
            dispatch_types=(list(dispatch_types), cumulative(list(dispatch_types.values()))),
            escalate=sc["escalate"], resolve_median=sc["resolve_minutes"][0], resolve_sigma=sc["resolve_minutes"][1],
            communities=(allowed, cumulative(comm_w)), allowed=frozenset(allowed),
            descriptions=sc["descriptions"], results=sc["results"], answers=sc["answers"],
        ))
    return out


def _live_specs(n: int, live_kind: str, street: _Street, data: dict,
                special: list[tuple]) -> list[LiveTicket]:
    names = [c["name"] for c in data["communities"]]
    sg_names = [m[0] for m in special]
    specs = []
    for received, dispatched, path, community, urgency, kind, sg in _LIVE[:n]:
        if path == "噪音扰民/夜间噪音" and live_kind == "day":
            path, kind = _LIVE_DAYTIME_NOISE
        specs.append(LiveTicket(received, dispatched, street.category(path)[0], names.index(community), urgency,
                                kind, sg_names.index(sg) if sg in sg_names else None))
    return specs


def _next_ids(s: Session) -> dict[str, int]:
    return {m.__tablename__: (s.scalar(select(func.max(m.id))) or 0) + 1
            for m in (Ticket, TicketEvent, Deadline, MissedCall, Shift)}


def _handover(counts: list[int], rng: Random, remarks: list[str]) -> str:
    received, answered, dispatched = counts
    return (f"本班受理 {received} 件（直接答复 {answered} 件，派单 {dispatched} 件）。"
            f"{rng.choice(remarks)}")


def build_demo_desk(desk: Desk, tickets: int = 20000, seed: int = 1,
                    progress: Progress | None = None) -> DemoSummary:
    """Fill a new, empty desk database with the demo street and `tickets` tickets.

    Raises UserError (nothing changed) when the database already has tickets
    or a phonebook. `progress(done, total, phase)` is called about every 1%
    of the tickets and at each phase change; phases are the keys of PHASES.
    """
    _check_args(tickets, seed)
    report: Progress = progress or _no_progress
    report(0, 1, "street")
    seed_reference(desk)
    data = load_json("demo_street.json")
    password_hash = hash_password(DEMO_PASSWORD)  # argon2id: once, shared by the demo accounts
    tz = desk.tz
    now = desk.now().replace(second=0, microsecond=0)
    now_e = _epoch(now)
    start_e = _epoch(period_start(now.astimezone(tz)))
    rng = Random(seed)
    duplicate = 1 if tickets > len(_LIVE) else 0  # the last ticket is a duplicate call, merged (并单) at the end

    with desk.db.write() as s:
        _refuse_unless_empty(s)
        street = _Street(s, data, now)
        street.load_categories()
        street.settings()
        street.accounts(password_hash)
        street.places()
        street.phonebook()
        special = street.registers()
        communities = [CommunityInfo(street.communities[c["name"]], c["name"], street.grid_of[c["grid"]],
                                     c["buildings"], c["floors"]) for c in data["communities"]]
        scenarios = _scenarios(data, street, communities)
        ops = (street.users["zhang"], street.users["wang"])
        shifts, live_kind = _shift_plan(tz, start_e, now_e, ops)
        live = _live_specs(tickets, live_kind, street, data, special)
        first_ids = _next_ids(s)
        world = World(tz=tz, now=now_e, start=start_e, communities=communities, scenarios=scenarios,
                      units=street.units, special=special, texts=data, operators=ops,
                      supervisor=street.users["li"], policy=load_policy(s), shifts=shifts, first_ids=first_ids)
        report(1, 1, "street")

        conn = s.connection()
        writer = BulkWriter(conn)
        with large_cache(conn), suspended_search_and_indexes(conn, lambda phase: report(0, 1, phase), BULK_TABLES):
            sid0 = first_ids["shifts"]
            last = len(shifts.starts) - 1  # the open shift
            writer.insert("shifts", SHIFT_COLS, [
                (sid0 + i, shifts.kinds[i], writer.ts(b), None if i == last else writer.ts(shifts.starts[i + 1]),
                 shifts.operators[i], None if i == last else shifts.operators[i], "")
                for i, b in enumerate(shifts.starts)])
            gen = HistoryGenerator(world, rng, writer, lambda done, total: report(done, total, "tickets"))
            stats = gen.run(tickets - len(live) - duplicate, live)
            for ago, sg in _LIVE_MISSED:
                phone = next((m[1] for m in special if m[0] == sg), None) or gen.new_phone()
                gen.add_missed(now_e - ago * MIN, phone, None, None, "")
            gen.flush()
        if stats.counters:
            s.execute(insert(TicketCounter.__table__),
                      [{"day": day, "last": last_seq} for day, last_seq in sorted(stats.counters.items())])
        notes = [{"sid": sid0 + i, "note": _handover(shifts.counts[i], rng, data["handover_remarks"])}
                 for i in range(last)]
        if notes:
            t = Shift.__table__
            s.execute(update(t).where(t.c.id == bindparam("sid")).values(handover_note=bindparam("note")), notes)
        writer.fix_sequences(["tickets", "ticket_events", "deadlines", "missed_calls", "shifts"])
        open_deadlines = s.scalar(select(func.count()).select_from(Deadline).where(Deadline.done_at.is_(None)))
        audit(s, Actor.system(), desk.now(), "build_demo_desk", "desk", None, None, {
            "tickets": stats.tickets + duplicate, "seed": seed, "events": stats.events, "deadlines": stats.deadlines,
            "missed_calls": gen.stats.missed_calls, "units": len(street.units), "from": _dt(start_e),
            "to": now,
        })
        report(0, 1, "commit")
    # 督办, 延期, 挂起, 追加, 并单 through the services, at the demo's now (the duplicate is the last ticket)
    samples = add_supervision_samples(desk, rng, duplicate=bool(duplicate))
    with desk.db.read() as s:  # a pause closes deadlines: count what is open now
        open_deadlines = s.scalar(select(func.count()).select_from(Deadline).where(Deadline.done_at.is_(None)))
    if desk.db.is_sqlite:
        with desk.db.engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    report(1, 1, "done")
    return DemoSummary(
        tickets=stats.tickets + samples["merged"], units=len(street.units), contacts=street.contacts,
        communities=len(street.communities), grids=len(street.grid_of), missed_calls=gen.stats.missed_calls,
        deadlines_open=open_deadlines or 0, special_groups=len(special), handbook_entries=len(data["handbook"]),
        shift_id=sid0 + last, accounts=DEMO_ACCOUNTS, password=DEMO_PASSWORD, seed=seed,
    )
