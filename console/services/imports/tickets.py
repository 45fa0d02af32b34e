"""`import tickets`: the hotline sheets desks kept before this program.

A desk arrives with years of 热线单 in Excel: one row per call, dates typed
every which way, statuses in the desk's own words. This module reads such a
sheet (DESIGN.md's header names or English aliases; the header may sit
under a title row), checks every row, and writes the good ones as tickets
with their history, so the caller history, the quarterly figures and the
on-time rates include the old calls.

Rules (each bad row is reported by row number and reason):

- 受理时间 and 内容 are required. Times may be Excel dates or text such as
  ``2025/3/4 14:05``, ``2025-03-04 14:05``, ``2025年3月4日 14时05分``
  (full-width digits too), read in the desk's time zone; none may lie in the
  future, and they must run in order: 受理 ≤ 派单 ≤ 办结 ≤ 回访. A later
  step given as a date only, on the same day as the step before it, is
  taken to be at that step's time (sheets often record only the day).
- 社区, 问题分类 and 承办单位 must name existing ones (a category as
  ``大类/小类``, a top-level name, or a unique sub-category name); an unknown
  name is the row's error, naming it — nothing is created behind the
  desk's back.
- 状态 in the desk's words (已办结, 办结, 已完成, 处理中, 已派单, 已回访,
  已答复, 作废 …) maps to our status, and must agree with the times given:
  a dispatched ticket needs 承办单位 and 派单时间, a resolved one 办结时间,
  a satisfaction call needs both 满意度 and 回访时间; a blank 状态 is
  inferred from the times. 已办结 with a satisfaction call becomes
  已回访 (closed), or 重新办理 (reopened) when the resident was 不满意, as the
  lifecycle does. 满意/非常满意 → satisfied, 基本满意/一般 → fairly,
  不满意 → unsatisfied.
- A row is the same call as one already imported when its (受理时间, 来电号码,
  内容) are: `Ticket.import_key` holds their SHA-256, so importing a file
  twice does not double the tickets; the same call twice in one file is the
  second row's error.

A file with bad rows changes nothing unless the caller asks for the good
rows only. Everything is written in ONE transaction: ticket numbers by the
local day each call came in (`services.tickets.next_number`), the ticket's
steps as `ticket_events` with the sheet's times, its resolution deadline
(timed by the current policy and marked done at the 办结时间, so on-time
rates work) and its satisfaction-call deadline, an ``import_ticket`` audit
row per ticket and one ``import_tickets`` row for the file. Imported steps
have no actor (nobody at this desk did them); the audit rows name the
supervisor who imported them.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...domain.deadline_effects import RES, replay
from ...domain.deadline_policy import DeadlinePolicy
from ...domain.enums import DeadlineOutcome, RequestType, Satisfaction, Status
from ...domain.errors import ValidationError
from ...domain.lifecycle import OPEN_STATUS_CODES, Action
from ...domain.permissions import require
from ...domain.phone import normalise_phone
from ...services.context import Actor, Changes, Desk, audit
from ...services.deadlines import load_policy
from ...services.phonebook import clean_unit_name
from ...services.tickets import MAX_TEXT, address_fields, next_number
from ...sheets.missing import MissingNames, real_id
from ...sheets.sheet_rows import (
    DeskNames,
    MissingName,
    RowError,
    nfkc,
    report_message,
    require_rows,
    row_error,
    rows_under_header,
)
from ...sheets.tickets import (
    LABELS,
    RowCheck,
    final_status,
    find_header,
    import_key,
    parse_when,
    request_type_code,
    satisfaction_code,
    solved_code,
    status_code,
    to_utc,
)
from ...sheets.xlsx_safety import cell_text
from ...store.models import Category, Community, Deadline, Ticket, TicketEvent
from ...store.queries import imported_open_count
from ...util.progress import Progress
from .missing import create_missing
from .units import _Refs, read_desk_names

S = Status
_KEPT_OUTCOMES = (DeadlineOutcome.DONE.value, DeadlineOutcome.CANCELLED.value)  # history: closed rows only
MIN_YEAR = 1990
MAX_NAME, MAX_ADDRESS = 64, 255
BATCH = 500


# ------------------------------------------------------------------ results

@dataclass(frozen=True)
class PlannedTicket:
    """One good row, ready to be written (times aware UTC)."""

    row_number: int
    import_key: str
    received_at: datetime
    caller_name: str
    caller_phone: str
    address: str
    community_id: int | None
    community: str | None
    request_type: str
    category_id: int | None
    category: str | None
    description: str
    unit_id: int | None
    unit: str | None
    dispatched_at: datetime | None
    resolved_at: datetime | None
    callback_at: datetime | None
    result: str
    satisfaction: str | None
    status: str
    escalated: bool = False
    void_reason: str = ""
    solved: str | None = None  # 解决情况 beside the rating (enums.Solved)


@dataclass
class TicketImportPlan:
    """What the file holds, checked; nothing written. The window shows this as a preview."""

    file_name: str
    rows_total: int  # non-blank data rows under the header
    errors: list[RowError]
    tickets: list[PlannedTicket]  # new tickets, in the order they will be numbered
    already_imported: list[int] = field(default_factory=list)  # row numbers skipped as imported before
    missing: MissingNames = field(default_factory=MissingNames)  # --add-missing: created with the rows

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_ok(self) -> int:
        return len(self.tickets) + len(self.already_imported)


@dataclass
class TicketImportReport:
    file_name: str
    imported: bool  # False: the file had errors and nothing was written
    rows_total: int
    rows_ok: int
    errors: list[RowError]
    created: int = 0
    skipped: int = 0  # rows already imported before
    numbers: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    missing: MissingNames = field(default_factory=MissingNames)
    open_imported: int = 0  # after the import: imported tickets still open at this desk (to triage)

    def open_line(self, lang: str = "zh_CN") -> str:
        """"N 张导入的未办结工单": what the desk is told to triage (the filter 导入的未办结 lists them)."""
        if lang.startswith("en"):
            return (f"{self.open_imported} imported ticket(s) still open: the filter "
                    "'Imported, open' lists them for triage.")
        return f"{self.open_imported} 张导入的未办结工单：状态筛选“导入的未办结”列出它们，请逐一处理。"

    def message(self, lang: str = "zh_CN") -> str:
        """A summary for the CLI or a dialog; what is (or would be) created; problems, one line per cause."""
        extra = [m for m in [self.missing.summary(lang, done=bool(self.imported))] if m]
        if self.imported:
            extra.append(self.open_line(lang))
        return report_message(
            self.file_name, self.errors, bool(self.imported),
            f"{self.file_name}：导入 {self.created} 张工单，{self.skipped} 行此前已导入（跳过），"
            f"{len(self.errors)} 行有错误未导入；文件共 {self.rows_total} 行。",
            f"{self.file_name}: {self.created} ticket(s) imported, {self.skipped} already imported "
            f"before; {len(self.errors)} bad row(s) left out; {self.rows_total} row(s) in the file.", lang, extra)



class _Lookup:
    """Names as the sheet writes them → ids, with the tickets' wording for unknown ones."""

    def __init__(self, names: DeskNames, add_missing: bool = False):
        self.refs = _Refs(names, add_missing)
        self.units = {nfkc(name): i for name, i in self.refs.units.items()}

    @property
    def missing(self) -> MissingNames:
        return self.refs.missing

    def community(self, value: str) -> int:
        return self.refs.community(value, "社区")

    def category(self, value: str) -> int:
        return self.refs.category(value, "问题分类")

    def unit(self, value: str) -> int:
        v = nfkc(value)
        if v in self.units:
            return self.units[v]
        if self.refs.add_missing:
            return self.missing.temp("units", clean_unit_name(v))
        raise MissingName(f"承办单位“{value}”不在电话簿中", f"unit {value!r} is not in the phonebook")



def _parse_row(number: int, raw: dict[str, object], look: _Lookup, tz: tzinfo,
               now: datetime) -> tuple[PlannedTicket | None, list[ValidationError]]:
    chk = RowCheck()
    txt = {k: cell_text(v).replace("\x00", "") for k, v in raw.items()}

    def long_text(key: str, limit: int) -> str:
        v = txt.get(key, "")
        if len(v) > limit:
            zh, en = LABELS[key]
            chk.fail(f"{zh}太长（最多 {limit} 个字）", f"{en} is too long (at most {limit} characters)")
        return v

    description = long_text("description", MAX_TEXT)
    if not description:
        chk.fail("缺少内容", "the description is missing")
    caller_name = long_text("caller_name", MAX_NAME)
    address = long_text("address", MAX_ADDRESS)
    result = long_text("result", MAX_TEXT)
    phone = chk.attempt(normalise_phone, txt["caller_phone"]) if txt.get("caller_phone") else ""

    community_id = chk.attempt(look.community, txt["community"]) if txt.get("community") else None
    category_id = chk.attempt(look.category, txt["category"]) if txt.get("category") else None
    unit_id = chk.attempt(look.unit, txt["unit"]) if txt.get("unit") else None
    rtype = chk.attempt(request_type_code, txt["request_type"]) if txt.get("request_type") else RequestType.HELP.value
    sat = chk.attempt(satisfaction_code, txt["satisfaction"]) if txt.get("satisfaction") else None
    solved = chk.attempt(solved_code, txt["solved"]) if txt.get("solved") else None
    if solved is not None and not txt.get("satisfaction"):
        chk.fail("填写了解决情况，但没有满意度", "whether it was solved is given but no satisfaction")
    word = txt.get("status", "")
    explicit = chk.attempt(status_code, word) if word else None

    # Times, in order; a later step given as a bare date on the previous step's day takes its time.
    times: dict[str, datetime | None] = {}
    prev_key, prev_local = None, None
    for key in ("received_at", "dispatched_at", "resolved_at", "callback_at"):
        zh, en = LABELS[key]
        before = len(chk.errors)
        w = chk.attempt(parse_when, raw.get(key), zh, en)
        if w is None:
            times[key] = None
            if key == "received_at" and len(chk.errors) == before:
                chk.fail("缺少受理时间", "the received time is missing")
            continue
        local = w.local
        if prev_local is not None and not w.has_time and local.date() == prev_local.date():
            local = prev_local
        if local.year < MIN_YEAR:
            chk.fail(f"{zh}“{txt.get(key)}”早于 {MIN_YEAR} 年", f"{en} is before {MIN_YEAR}")
            times[key] = None
            continue
        at = to_utc(local, tz)
        if at > now:
            chk.fail(f"{zh}“{txt.get(key)}”晚于现在", f"{en} {txt.get(key)!r} is in the future")
        if prev_local is not None and local < prev_local:
            pzh, pen = LABELS[prev_key or key]  # prev_key is set with prev_local
            chk.fail(f"{zh}早于{pzh}", f"{en} is earlier than {pen}")
        times[key] = at
        prev_key, prev_local = key, local
    received, dispatched = times["received_at"], times["dispatched_at"]
    resolved, callback = times["resolved_at"], times["callback_at"]

    status = final_status(chk, word, explicit, unit_id=unit_id, has_unit=bool(txt.get("unit")),
                           dispatched=dispatched, resolved=resolved, callback=callback, sat=sat,
                           raw_times={k: bool(txt.get(k)) for k in times})
    if chk.errors or received is None or status is None or rtype is None:
        return None, chk.errors
    if status == S.ANSWERED.value and resolved is None:
        resolved = received  # answered on the spot
    void_reason = ""
    if status == S.VOID.value:
        void_reason = result or f"原登记表状态为“{word}”"
    return PlannedTicket(
        row_number=number, import_key=import_key(received, phone or "", description), received_at=received,
        caller_name=caller_name, caller_phone=phone or "", address=address, community_id=community_id,
        community=txt.get("community") or None, request_type=rtype, category_id=category_id,
        category=txt.get("category") or None, description=description, unit_id=unit_id,
        unit=txt.get("unit") or None, dispatched_at=dispatched, resolved_at=resolved,
        callback_at=callback, result=result if status != S.VOID.value else "", satisfaction=sat,
        status=status, escalated=status == S.ESCALATED.value, void_reason=void_reason, solved=solved), []


PROGRESS_EVERY = 500  # rows between progress reports (a 100,000-row sheet takes minutes)


def parse_tickets_file(desk: Desk, path: str | os.PathLike[str], *,
                       progress: Progress | None = None,
                       add_missing: bool = False) -> TicketImportPlan:
    """Read and check the whole file; nothing is written. File-level problems raise ValidationError.

    ``add_missing``: communities, units and categories the file names and the
    desk lacks are listed in ``plan.missing`` (the import creates them)
    instead of being the rows' errors.

    ``progress(done, total, "read")`` is called every few hundred rows; total is
    the row count the sheet declares (a hint: the count read is what counts).
    """
    p = Path(path)
    rows, mapping, data_rows = rows_under_header(p, find_header)
    declared = getattr(rows, "declared_rows", None)
    expected = max(1, declared - 1) if declared else 0  # 0: unknown, only the count is shown
    tz, now = desk.tz, desk.now()
    with desk.db.read() as s:
        look = _Lookup(read_desk_names(s), add_missing)
    errors: list[RowError] = []
    planned: list[PlannedTicket] = []
    first_row: dict[str, int] = {}
    total = 0
    try:
        if progress is not None:
            progress(0, expected, "read")
        for number, values in data_rows:
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number, max(expected, number) if expected else 0, "read")
            raw = {k: (values[i] if i < len(values) else None) for k, i in mapping.items()}
            if not any(cell_text(v) for v in raw.values()):
                continue
            total += 1
            t, errs = _parse_row(number, raw, look, tz, now)
            if errs:
                errors.append(row_error(number, errs))
                continue
            assert t is not None
            if t.import_key in first_row:
                first = first_row[t.import_key]
                errors.append(RowError(number, f"与第 {first} 行是同一来电（受理时间、来电号码和内容都相同）。",
                                       f"the same call as row {first} (same time, phone and description)."))
                continue
            first_row[t.import_key] = number
            planned.append(t)
    finally:
        rows.close()
    require_rows(total, p)

    existing: set[str] = set()
    keys = [t.import_key for t in planned]
    with desk.db.read() as s:
        for i in range(0, len(keys), BATCH):
            existing.update(s.scalars(select(Ticket.import_key).where(Ticket.import_key.in_(keys[i:i + BATCH]))))
    new = [t for t in planned if t.import_key not in existing]
    skipped = [t.row_number for t in planned if t.import_key in existing]
    new.sort(key=lambda t: (t.received_at, t.row_number))
    look.missing.keep_only({i for t in new for i in (t.community_id, t.unit_id, t.category_id) if i is not None})
    return TicketImportPlan(p.name, total, errors, new, skipped, look.missing)


# ------------------------------------------------------------------ writing

def _steps(t: PlannedTicket) -> list[tuple[str, datetime, str | None, str, int | None, str]]:
    """The ticket's events as (action, at, from, to, unit_id, detail), oldest first."""
    out: list[tuple[str, datetime, str | None, str, int | None, str]] = [
        ("log", t.received_at, None, S.LOGGED.value, None, "")]
    cur = S.LOGGED.value

    def step(action: str, at: datetime, to: str, unit_id: int | None = None, detail: str = "") -> None:
        nonlocal cur
        out.append((action, at, cur, to, unit_id, detail))
        cur = to

    if t.status == S.ANSWERED.value:
        step("answer", t.resolved_at or t.received_at, S.ANSWERED.value, detail=t.result)
    if t.dispatched_at is not None:
        step("dispatch", t.dispatched_at, S.DISPATCHED.value, t.unit_id)
        if t.status == S.IN_PROGRESS.value:
            step("check_back_came", t.dispatched_at, S.IN_PROGRESS.value)
        if t.escalated:
            step("escalate", t.dispatched_at, S.ESCALATED.value, detail="（导入）")
    if t.resolved_at is not None and t.status != S.ANSWERED.value:
        step("resolve", t.resolved_at, S.RESOLVED.value, detail=t.result)
    if t.satisfaction is not None and t.callback_at is not None:
        unsat = t.satisfaction == Satisfaction.UNSATISFIED.value
        step("unsatisfied" if unsat else "satisfied", t.callback_at,
             S.REOPENED.value if t.status == S.REOPENED.value else S.CLOSED.value)
    if t.status == S.VOID.value:
        last = max(x for x in (t.received_at, t.dispatched_at, t.resolved_at, t.callback_at) if x)
        step("void", last, S.VOID.value, detail=t.void_reason)
    return out


def _deadlines(policy: DeadlinePolicy, t: PlannedTicket, ticket: Ticket, parent_ids: dict[int, int | None],
               steps: list[tuple[str, datetime, str | None, str, int | None, str]], now: datetime) -> list[Deadline]:
    """The deadlines the imported steps leave, done or cancelled as the sheet says (so on-time rates work).

    The steps are replayed through the one table of deadline effects
    (domain.deadline_effects), as the services would have applied them; the
    rows the history closed (done or cancelled) are kept. A resolution the
    register recorded without a dispatch counts as promised from the call
    itself. A row the register shows as still open is owed an outcome like
    any open ticket (the invariant the due queue rests on), but from the
    import on, not from a promise in the sheet's past that would ring as
    overdue at once: one resolution deadline timed from `now`. The filter
    导入的未办结 lists such tickets for triage.
    """
    parent = parent_ids.get(t.category_id) if t.category_id else None
    played = [(action, at) for action, at, *_ in steps]
    if t.resolved_at is not None and t.status != S.ANSWERED.value and t.dispatched_at is None:
        played.insert(1, (Action.DISPATCH.value, t.received_at))

    def due(rule: str, start: datetime) -> datetime | None:
        return policy.due_at(rule, start, t.category_id, ticket.urgency, parent)

    rows = [Deadline(ticket_id=ticket.id, kind=d.kind, start_at=d.start_at, due_at=d.due_at,
                     done_at=d.done_at, outcome=d.outcome)
            for d in replay(played, due) if d.outcome in _KEPT_OUTCOMES]
    if t.status in OPEN_STATUS_CODES:
        rows.append(Deadline(ticket_id=ticket.id, kind=RES, start_at=now, due_at=due(RES, now)))
    return rows


def import_tickets_file(desk: Desk, actor: Actor, path: str | os.PathLike[str], *,
                        good_rows_only: bool = False, add_missing: bool = False,
                        progress: Progress | None = None,
                        before_write: Callable[[TicketImportPlan], None] | None = None) -> TicketImportReport:
    """Import an old hotline sheet; all or nothing unless ``good_rows_only``.

    Supervisors (and admins) only. A file with row errors and
    ``good_rows_only=False`` writes nothing and returns the report
    (``imported`` False) listing them; file-level problems raise
    ValidationError. Rows imported before are skipped, not doubled.
    ``add_missing`` creates the communities, units and categories the file
    names and the desk lacks, in the same transaction as the tickets;
    ``before_write(plan)`` is told what will be written first (the CLI prints the list).
    """
    require(actor.role, "import_tickets")
    plan = parse_tickets_file(desk, path, progress=progress, add_missing=add_missing)
    report = TicketImportReport(plan.file_name, False, plan.rows_total, plan.rows_ok, plan.errors,
                                skipped=len(plan.already_imported), missing=plan.missing)
    if plan.errors and not good_rows_only:
        return report
    if before_write is not None:
        before_write(plan)
    now = desk.now()
    try:
        with desk.db.write() as s:
            if plan.missing:
                made = create_missing(s, desk, actor, plan.missing)
                plan.tickets = [replace(t, community_id=real_id(made, t.community_id),
                                        unit_id=real_id(made, t.unit_id),
                                        category_id=real_id(made, t.category_id)) for t in plan.tickets]
            policy = load_policy(s)
            parent_ids = dict(s.execute(select(Category.id, Category.parent_id)).all())
            grids = dict(s.execute(select(Community.id, Community.grid_id)).all())
            ids: set[int] = set()
            for i in range(0, len(plan.tickets), BATCH):
                if progress is not None:
                    progress(i, len(plan.tickets), "write")
                batch = plan.tickets[i:i + BATCH]
                written: list[tuple[PlannedTicket, Ticket]] = []
                for t in batch:
                    with s.no_autoflush:  # one INSERT per batch, not a flush per ticket number
                        number = next_number(s, desk, t.received_at)
                    ticket = Ticket(
                        number=number, received_at=t.received_at,
                        channel="phone", caller_name=t.caller_name, caller_phone=t.caller_phone,
                        community_id=t.community_id, grid_id=grids.get(t.community_id) if t.community_id is not None else None,
                        **address_fields("", "", t.address, t.community or ""),  # "12号301" → 12号 / 301
                        request_type=t.request_type, category_id=t.category_id,
                        urgency="normal", description=t.description, status=t.status,
                        operator_id=None, shift_id=None, unit_id=t.unit_id, dispatched_at=t.dispatched_at,
                        escalated_at=t.dispatched_at if t.escalated else None, resolved_at=t.resolved_at,
                        result=t.result, callback_at=t.callback_at, satisfaction=t.satisfaction,
                        solved=t.solved, reopen_count=1 if t.status == S.REOPENED.value else 0, void_reason=t.void_reason,
                        import_key=t.import_key, updated_at=now)
                    s.add(ticket)
                    written.append((t, ticket))
                s.flush()
                for t, ticket in written:
                    steps = _steps(t)
                    for action, at, frm, to, unit_id, detail in steps:
                        s.add(TicketEvent(ticket_id=ticket.id, at=at, actor_id=None, action=action,
                                          from_status=frm, to_status=to, unit_id=unit_id,
                                          detail=detail if action != "log" else
                                          f"从旧登记表导入（{plan.file_name} 第 {t.row_number} 行）"))
                    s.add_all(_deadlines(policy, t, ticket, parent_ids, steps, now))
                    audit(s, actor, now, "import_ticket", "ticket", ticket.id, None, {
                        "number": ticket.number, "file": plan.file_name, "row": t.row_number,
                        "status": t.status, "import_key": t.import_key})
                    report.numbers.append(ticket.number)
                    ids.add(ticket.id)
                s.flush()
            if progress is not None:
                progress(len(plan.tickets), len(plan.tickets), "write")
            audit(s, actor, now, "import_tickets", "ticket", None, None, {
                "file": plan.file_name, "rows": plan.rows_total, "imported": len(plan.tickets),
                "already_imported": len(plan.already_imported), "bad_rows": len(plan.errors),
                "good_rows_only": good_rows_only, "added": {
                    "communities": list(plan.missing.communities), "units": list(plan.missing.units),
                    "categories": list(plan.missing.categories)}})
    except IntegrityError:
        raise ValidationError("导入时另一席位同时导入了相同的工单，请稍后重新导入（已导入的行会自动跳过）。",
                              "The same tickets were imported at another seat meanwhile; import again "
                              "(rows already imported are skipped).") from None
    report.imported = True
    report.created = len(plan.tickets)
    with desk.db.read() as s:
        report.open_imported = imported_open_count(s)
    report.changes = Changes(tickets=ids, deadlines=bool(plan.tickets), units=bool(plan.missing.units),
                             settings=bool(plan.missing))
    return report
