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
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ...domain.enums import RequestType, Status
from ...domain.errors import ValidationError
from ...domain.permissions import require
from ...domain.phone import normalise_phone
from ...services.context import Actor, Changes, Desk, audit
from ...services.phonebook import clean_unit_name
from ...services.tickets import MAX_TEXT
from ...sheets.missing import MissingNames
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
from ...store.models import Ticket
from ...store.queries import imported_open_count
from ...store.staged_rows import temp_tables
from ...util.progress import Progress
from .missing import create_missing
from .ticket_staging import StagedImport, Temp, stage, write_staged
from .unit_staging import Cancelled, ImportCancelled
from .units import _Refs, read_desk_names

S = Status
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

def import_tickets_file(desk: Desk, actor: Actor, path: str | os.PathLike[str], *,
                        good_rows_only: bool = False, add_missing: bool = False,
                        progress: Progress | None = None, cancelled: Cancelled | None = None,
                        before_write: Callable[[TicketImportPlan], None] | None = None) -> TicketImportReport:
    """Import an old hotline sheet; all or nothing unless ``good_rows_only``.

    Supervisors (and admins) only. A file with row errors and
    ``good_rows_only=False`` writes nothing and returns the report
    (``imported`` False) listing them; file-level problems raise
    ValidationError. Rows imported before are skipped, not doubled.
    ``add_missing`` creates the communities, units and categories the file
    names and the desk lacks, in the same transaction as the tickets;
    ``before_write(plan)`` is told what will be written first (the CLI prints the list).

    The rows are built with no lock held (ticket_staging: other seats keep saving meanwhile) and written
    in one short final transaction, which re-checks what another seat changed since: rows imported
    meanwhile are skipped; a community, unit or category renamed or deleted, or the deadline rules
    changed, is a ConflictError naming who and when, with nothing written. ``progress(done, total,
    phase)`` reports "read" (the sheet), "stage" (no lock held; ``cancelled()`` is asked between tickets
    and until the final step begins, and stops the import with ImportCancelled, nothing written) and
    "write" (the final transaction: 0 when it holds the lock, total when its rows are in, before the
    commit).
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
    with desk.db.own_connection() as conn, temp_tables(conn, Temp()) as temp:
        staged = stage(desk, actor, plan, now, conn, temp, progress=progress, cancelled=cancelled)
        _write(desk, actor, plan, staged, conn, now, good_rows_only, progress, cancelled)
    report.imported = True
    report.created = len(staged.tickets)
    report.skipped = len(plan.already_imported)
    report.numbers = staged.numbers
    with desk.db.read() as s:
        report.open_imported = imported_open_count(s)
    report.changes = Changes(tickets=set(staged.ids), deadlines=bool(staged.tickets), units=bool(plan.missing.units),
                             settings=bool(plan.missing))
    return report


def _write(desk: Desk, actor: Actor, plan: TicketImportPlan, staged: StagedImport, conn: Connection,
           now: datetime, good_rows_only: bool, progress: Progress | None, cancelled: Cancelled | None) -> None:
    """The final transaction, on the connection that holds the staged rows; cancel is heard up to here."""
    total = len(staged.tickets)
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    try:
        with desk.db.write_on(conn) as s:
            s.connection()  # begin: from here this import holds the desk's write lock
            if progress is not None:
                progress(0, total, "write")
            write_staged(s, desk, actor, now, staged,
                         lambda: create_missing(s, desk, actor, plan.missing) if plan.missing else {})
            plan.already_imported += staged.duplicates
            audit(s, actor, now, "import_tickets", "ticket", None, None, {
                "file": plan.file_name, "rows": plan.rows_total, "imported": len(staged.tickets),
                "already_imported": len(plan.already_imported), "bad_rows": len(plan.errors),
                "good_rows_only": good_rows_only, "added": {
                    "communities": list(plan.missing.communities), "units": list(plan.missing.units),
                    "categories": list(plan.missing.categories)}})
            s.flush()
            if progress is not None:
                progress(total, total, "write")
    except IntegrityError:
        raise ValidationError("导入时另一席位同时导入了相同的工单，请稍后重新导入（已导入的行会自动跳过）。",
                              "The same tickets were imported at another seat meanwhile; import again "
                              "(rows already imported are skipped).") from None
