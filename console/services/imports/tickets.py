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

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...domain.deadline_effects import replay
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
    HEADER_SEARCH_ROWS,
    MissingName,
    RowError,
    header_lookup,
    match_header,
    norm_header,
    report_message,
    require_rows,
    row_error,
    rows_under_header,
)
from ...sheets.xlsx_safety import cell_text
from ...store.models import Category, Community, Deadline, Ticket, TicketEvent
from ...store.queries import imported_open_count
from ...util.progress import Progress
from .missing import create_missing
from .units import _nfkc, _Refs

_KEPT_OUTCOMES = (DeadlineOutcome.DONE.value, DeadlineOutcome.CANCELLED.value)  # history: closed rows only
MIN_YEAR = 1990
MAX_NAME, MAX_ADDRESS = 64, 255
BATCH = 500


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    aliases: tuple[str, ...]


COLUMNS: tuple[Column, ...] = (
    Column("received_at", "受理时间", "received_at", ("来电时间", "受理日期", "来电日期", "时间", "received",
                                                   "received at", "time")),
    Column("caller_name", "来电人", "caller_name", ("来电人姓名", "姓名", "来电人员", "caller", "name")),
    Column("caller_phone", "来电号码", "caller_phone", ("来电电话", "联系电话", "电话", "电话号码", "号码",
                                                    "phone")),
    Column("address", "地址", "address", ("详细地址", "住址", "门牌")),
    Column("community", "社区", "community", ("小区", "所属社区", "社区名称")),
    Column("request_type", "诉求类型", "request_type", ("来电类型", "诉求类别", "类型", "type")),
    Column("category", "问题分类", "category", ("问题类别", "问题类型", "分类", "category")),
    Column("description", "内容", "description", ("来电内容", "诉求内容", "反映内容", "问题描述", "反映问题",
                                                "事项", "content", "text")),
    Column("unit", "承办单位", "unit", ("责任单位", "处理单位", "派单单位", "办理单位")),
    Column("dispatched_at", "派单时间", "dispatched_at", ("转办时间", "交办时间", "dispatched")),
    Column("resolved_at", "办结时间", "resolved_at", ("完成时间", "办结日期", "resolved")),
    Column("result", "办理结果", "result", ("处理结果", "办理情况", "处理情况", "答复内容", "答复情况")),
    Column("callback_at", "回访时间", "callback_at", ("回访日期", "callback")),
    Column("satisfaction", "满意度", "satisfaction", ("回访结果", "满意程度", "评价")),
    Column("status", "状态", "status", ("办理状态", "处理状态", "工单状态")),
)
REQUIRED = ("received_at", "description")
_BY_KEY = {c.key: c for c in COLUMNS}
_HEADER_LOOKUP = header_lookup(COLUMNS)

S = Status
STATUS_WORDS: dict[str, str] = {}
for _codes, _words in (
    (S.LOGGED, "已受理 受理 待处理 未处理 待派单 未派单 登记 已登记"),
    (S.ANSWERED, "已答复 答复 直接答复 当场答复 已解答 解答 已告知 已回复"),
    (S.DISPATCHED, "已派单 派单 已转办 转办 已交办 交办"),
    (S.IN_PROGRESS, "处理中 办理中 正在处理 正在办理 在办"),
    (S.ESCALATED, "已上报 上报 上报街道 已上报街道"),
    (S.RESOLVED, "已办结 办结 已完成 完成 已解决 解决 已处理 处理完毕 办理完毕 已办理"),
    (S.CLOSED, "已回访 回访 已关闭 关闭 结案 已结案"),
    (S.REOPENED, "重新办理 重办 退回"),
    (S.VOID, "作废 已作废 无效 重复 重复来电 骚扰 误拨"),
):
    for _w in _words.split():
        STATUS_WORDS[_w] = _codes.value

SATISFACTION_WORDS = {
    **{w: Satisfaction.SATISFIED.value for w in ("满意", "非常满意", "很满意", "十分满意")},
    **{w: Satisfaction.FAIRLY.value for w in ("基本满意", "一般", "较满意", "比较满意")},
    **{w: Satisfaction.UNSATISFIED.value for w in ("不满意", "很不满意", "非常不满意")},
}
REQUEST_TYPE_WORDS = {
    "询问": "enquiry", "咨询类": "enquiry", "报修": "help", "求助类": "help", "投诉类": "complaint",
    "举报类": "report", "意见": "suggestion", "建议类": "suggestion", "感谢": "praise", "表扬类": "praise",
}


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


# ------------------------------------------------------------------ values

_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_TIME = re.compile(r"(\d{1,2})\s*[:时点]\s*(?:(\d{1,2})\s*分?\s*(?:(?::\s*(\d{1,2})(?:\.\d+)?)|(\d{1,2})\s*秒)?)?")


@dataclass(frozen=True)
class _When:
    local: datetime  # naive, desk-local
    has_time: bool


def parse_when(value, label_zh: str, label_en: str) -> _When | None:
    """A cell as a local date-time: an Excel date, or text as desks type it. None if blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    bad = ValidationError(
        f"{label_zh}“{cell_text(value)}”无法识别（例：2025-03-04 14:05、2025/3/4 14:05、2025年3月4日 14时05分）",
        f"{label_en} {cell_text(value)!r} is not a date and time (e.g. 2025-03-04 14:05)")
    if isinstance(value, datetime):
        has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
        return _When(value.replace(tzinfo=None, microsecond=0), has_time)
    if isinstance(value, date):
        return _When(datetime.combine(value, time(0)), False)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date whose cell lost its date format
            from openpyxl.utils.datetime import from_excel

            dt = from_excel(value)
            return _When(dt.replace(microsecond=0), (dt.hour, dt.minute, dt.second) != (0, 0, 0))
        raise bad
    if not isinstance(value, str):
        raise bad
    text = unicodedata.normalize("NFKC", value).strip()
    m = _DATE.match(text)
    if not m:
        raise bad
    rest = text[m.end():].strip().lstrip("Tt").strip()
    hh = mm = ss = 0
    has_time = False
    if rest:
        t = _TIME.fullmatch(rest)
        if not t:
            raise bad
        hh, mm = int(t.group(1)), int(t.group(2) or 0)
        ss = int(t.group(3) or t.group(4) or 0)
        has_time = True
    try:
        return _When(datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), hh, mm, ss), has_time)
    except ValueError:
        raise bad from None


def _to_utc(local: datetime, tz: tzinfo) -> datetime:
    return local.replace(tzinfo=tz).astimezone(UTC)


def import_key(received_at: datetime, phone: str, description: str) -> str:
    """SHA-256 of (received_at in UTC to the minute, phone, description): the same call twice."""
    stamp = received_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
    return hashlib.sha256(f"{stamp}\x1f{phone}\x1f{description}".encode()).hexdigest()


# ------------------------------------------------------------------ parsing

def _find_header(path: Path, rows: list[tuple[int, tuple]]) -> tuple[int, dict[str, int]]:
    found = match_header(path, rows, lambda text: _HEADER_LOOKUP.get(norm_header(text)), _BY_KEY, REQUIRED,
                         lambda m: len(m) >= 3 and ("received_at" in m or "description" in m))
    if found is not None:
        return found
    raise ValidationError(
        f"文件“{path.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头（需要“受理时间”“内容”等列）。"
        "表头应为：" + "、".join(c.zh for c in COLUMNS) + "。",
        f"File '{path.name}': no header row in the first {HEADER_SEARCH_ROWS} rows (columns such as "
        "received_at and description are required).")


class _Lookup:
    """Names as the sheet writes them → ids, with the tickets' wording for unknown ones."""

    def __init__(self, s, add_missing: bool = False):
        self.refs = _Refs(s, add_missing)
        self.units = {_nfkc(name): i for name, i in self.refs.units.items()}

    @property
    def missing(self) -> MissingNames:
        return self.refs.missing

    def community(self, value: str) -> int:
        return self.refs.community(value, "社区")

    def category(self, value: str) -> int:
        return self.refs.category(value, "问题分类")

    def unit(self, value: str) -> int:
        v = _nfkc(value)
        if v in self.units:
            return self.units[v]
        if self.refs.add_missing:
            return self.missing.temp("units", clean_unit_name(v))
        raise MissingName(f"承办单位“{value}”不在电话簿中", f"unit {value!r} is not in the phonebook")


def _word(table: dict[str, str], value: str) -> str | None:
    v = re.sub(r"\s+", "", _nfkc(value))
    return table.get(v)


def _status(value: str) -> str:
    code = _word(STATUS_WORDS, value)
    if code is None:
        try:
            code = Status.from_text(_nfkc(value)).value
        except ValueError:
            raise ValidationError(
                f"状态“{value}”无法识别（可写：已受理、已答复、已派单、处理中、已上报、已办结、已回访、作废）",
                f"status {value!r} is not recognised (use e.g. 已办结, 处理中, 已派单, 已回访, 作废)") from None
    return code


def _satisfaction(value: str) -> str:
    code = _word(SATISFACTION_WORDS, value)
    if code is None:
        try:
            code = Satisfaction.from_text(_nfkc(value)).value
        except ValueError:
            raise ValidationError(f"满意度“{value}”无法识别（可写：满意、基本满意、不满意）",
                                  f"satisfaction {value!r} is not recognised (满意, 基本满意 or 不满意)") from None
    return code


def _request_type(value: str) -> str:
    v = _nfkc(value)
    code = REQUEST_TYPE_WORDS.get(v)
    if code is None:
        try:
            code = RequestType.from_text(v).value
        except ValueError:
            raise ValidationError(f"诉求类型“{value}”无法识别（可写：咨询、求助、投诉、举报、建议、表扬）",
                                  f"request type {value!r} is not recognised") from None
    return code


class _RowCheck:
    """Collects every problem of one row, so the report lists them all at once."""

    def __init__(self):
        self.errors: list[ValidationError] = []

    def attempt(self, fn, *a):
        try:
            return fn(*a)
        except ValidationError as e:
            self.errors.append(e)
            return None

    def fail(self, zh: str, en: str) -> None:
        self.errors.append(ValidationError(zh, en))


_LABELS = {k: (c.zh, c.en) for k, c in _BY_KEY.items()}


def _parse_row(number: int, raw: dict[str, object], look: _Lookup, tz: tzinfo,
               now: datetime) -> tuple[PlannedTicket | None, list[ValidationError]]:
    chk = _RowCheck()
    txt = {k: cell_text(v).replace("\x00", "") for k, v in raw.items()}

    def long_text(key: str, limit: int) -> str:
        v = txt.get(key, "")
        if len(v) > limit:
            zh, en = _LABELS[key]
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
    rtype = chk.attempt(_request_type, txt["request_type"]) if txt.get("request_type") else RequestType.HELP.value
    sat = chk.attempt(_satisfaction, txt["satisfaction"]) if txt.get("satisfaction") else None
    word = txt.get("status", "")
    explicit = chk.attempt(_status, word) if word else None

    # Times, in order; a later step given as a bare date on the previous step's day takes its time.
    times: dict[str, datetime | None] = {}
    prev_key, prev_local = None, None
    for key in ("received_at", "dispatched_at", "resolved_at", "callback_at"):
        zh, en = _LABELS[key]
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
        at = _to_utc(local, tz)
        if at > now:
            chk.fail(f"{zh}“{txt.get(key)}”晚于现在", f"{en} {txt.get(key)!r} is in the future")
        if prev_local is not None and local < prev_local:
            pzh, pen = _LABELS[prev_key]
            chk.fail(f"{zh}早于{pzh}", f"{en} is earlier than {pen}")
        times[key] = at
        prev_key, prev_local = key, local
    received, dispatched = times["received_at"], times["dispatched_at"]
    resolved, callback = times["resolved_at"], times["callback_at"]

    status = _final_status(chk, word, explicit, unit_id=unit_id, has_unit=bool(txt.get("unit")),
                           dispatched=dispatched, resolved=resolved, callback=callback, sat=sat,
                           raw_times={k: bool(txt.get(k)) for k in times})
    if chk.errors or received is None or status is None:
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
        status=status, escalated=status == S.ESCALATED.value, void_reason=void_reason), []


def _final_status(chk: _RowCheck, word: str, explicit: str | None, *, unit_id, has_unit: bool,
                  dispatched, resolved, callback, sat, raw_times: dict[str, bool]) -> str | None:
    """Our status for the row, checked against the times and names it gives."""
    if word and explicit is None:
        return None  # the word itself was the error
    if sat is not None and not raw_times["callback_at"]:
        chk.fail("填写了满意度，但没有回访时间", "a satisfaction is given but no callback time")
    if raw_times["callback_at"] and sat is None:
        chk.fail("填写了回访时间，但没有满意度", "a callback time is given but no satisfaction")
    if raw_times["dispatched_at"] and not has_unit:
        chk.fail("填写了派单时间，但没有承办单位", "a dispatch time is given but no unit")
    if has_unit and not raw_times["dispatched_at"]:
        chk.fail("填写了承办单位，但没有派单时间", "a unit is given but no dispatch time")

    status = explicit
    if status is None:  # inferred from what the row records
        if sat is not None:
            status = S.CLOSED.value
        elif raw_times["resolved_at"]:
            status = S.RESOLVED.value if has_unit else S.ANSWERED.value
        elif has_unit:
            status = S.DISPATCHED.value
        else:
            status = S.LOGGED.value
    if status in (S.RESOLVED.value, S.CLOSED.value, S.REOPENED.value) and sat is not None:
        # History stays history: a call-back the register recorded closes the ticket, 不满意 too;
        # only a row whose own status says 重新办理 (and whose resident was unsatisfied) is open again.
        reopened = status == S.REOPENED.value and sat == Satisfaction.UNSATISFIED.value
        status = S.REOPENED.value if reopened else S.CLOSED.value

    shown = word or Status(status).zh

    def contradicts(field_zh: str, field_en: str):
        chk.fail(f"状态“{shown}”与已填写的{field_zh}不符", f"status {shown!r} contradicts the {field_en} given")

    if status == S.LOGGED.value:
        for key, given in raw_times.items():
            if key != "received_at" and given:
                contradicts(*_LABELS[key])
        if has_unit:
            contradicts(*_LABELS["unit"])
        if sat is not None:
            contradicts(*_LABELS["satisfaction"])
    elif status == S.ANSWERED.value:
        if has_unit or raw_times["dispatched_at"]:
            contradicts(*_LABELS["unit"])
        if sat is not None or raw_times["callback_at"]:
            contradicts(*_LABELS["satisfaction"])
    elif status in (S.DISPATCHED.value, S.IN_PROGRESS.value, S.ESCALATED.value):
        if not has_unit:
            chk.fail(f"状态“{shown}”需要承办单位和派单时间", f"status {shown!r} needs a unit and a dispatch time")
        for key in ("resolved_at", "callback_at"):
            if raw_times[key]:
                contradicts(*_LABELS[key])
    elif status in (S.RESOLVED.value, S.CLOSED.value, S.REOPENED.value):
        if not raw_times["resolved_at"]:
            chk.fail(f"状态“{shown}”需要办结时间", f"status {shown!r} needs a resolved time")
        if status != S.RESOLVED.value and sat is None:
            chk.fail(f"状态“{shown}”需要满意度和回访时间",
                     f"status {shown!r} needs a satisfaction and a callback time")
    return status


PROGRESS_EVERY = 500  # rows between progress reports (a 100,000-row sheet takes minutes)


def parse_tickets_file(desk: Desk, path: str | os.PathLike, *,
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
    rows, mapping, data_rows = rows_under_header(p, _find_header)
    declared = getattr(rows, "declared_rows", None)
    expected = max(1, declared - 1) if declared else 0  # 0: unknown, only the count is shown
    tz, now = desk.tz, desk.now()
    with desk.db.read() as s:
        look = _Lookup(s, add_missing)
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
    out = [("log", t.received_at, None, S.LOGGED.value, None, "")]
    cur = S.LOGGED.value

    def step(action, at, to, unit_id=None, detail=""):
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


def _deadlines(policy, t: PlannedTicket, ticket: Ticket, parent_ids: dict[int, int | None],
               steps: list[tuple[str, datetime, str | None, str, int | None, str]]) -> list[Deadline]:
    """The deadlines the imported steps leave, done or cancelled as the sheet says (so on-time rates work).

    The steps are replayed through the one table of deadline effects
    (domain.deadline_effects), as the services would have applied them; only
    the rows the history closed (done or cancelled) are kept. A resolution the
    register recorded without a dispatch counts as promised from the call
    itself. A row the register shows as still open gets no deadline at all:
    its due time would lie in the past and ring as overdue at once. Such
    tickets are triaged instead (the filter 导入的未办结 lists them; whoever
    takes one up dispatches it again, which times it anew).
    """
    if t.status in OPEN_STATUS_CODES:
        return []
    parent = parent_ids.get(t.category_id) if t.category_id else None
    played = [(action, at) for action, at, *_ in steps]
    if t.resolved_at is not None and t.status != S.ANSWERED.value and t.dispatched_at is None:
        played.insert(1, (Action.DISPATCH.value, t.received_at))

    def due(rule: str, start: datetime) -> datetime:
        return policy.due_at(rule, start, t.category_id, ticket.urgency, parent)

    return [Deadline(ticket_id=ticket.id, kind=d.kind, start_at=d.start_at, due_at=d.due_at,
                     done_at=d.done_at, outcome=d.outcome)
            for d in replay(played, due) if d.outcome in _KEPT_OUTCOMES]


def import_tickets_file(desk: Desk, actor: Actor, path: str | os.PathLike, *,
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
                made = []
                for t in batch:
                    with s.no_autoflush:  # one INSERT per batch, not a flush per ticket number
                        number = next_number(s, desk, t.received_at)
                    ticket = Ticket(
                        number=number, received_at=t.received_at,
                        channel="phone", caller_name=t.caller_name, caller_phone=t.caller_phone,
                        community_id=t.community_id, grid_id=grids.get(t.community_id),
                        **address_fields("", "", t.address, t.community or ""),  # "12号301" → 12号 / 301
                        request_type=t.request_type, category_id=t.category_id,
                        urgency="normal", description=t.description, status=t.status,
                        operator_id=None, shift_id=None, unit_id=t.unit_id, dispatched_at=t.dispatched_at,
                        escalated_at=t.dispatched_at if t.escalated else None, resolved_at=t.resolved_at,
                        result=t.result, callback_at=t.callback_at, satisfaction=t.satisfaction,
                        reopen_count=1 if t.status == S.REOPENED.value else 0, void_reason=t.void_reason,
                        import_key=t.import_key, updated_at=now)
                    s.add(ticket)
                    made.append((t, ticket))
                s.flush()
                for t, ticket in made:
                    steps = _steps(t)
                    for action, at, frm, to, unit_id, detail in steps:
                        s.add(TicketEvent(ticket_id=ticket.id, at=at, actor_id=None, action=action,
                                          from_status=frm, to_status=to, unit_id=unit_id,
                                          detail=detail if action != "log" else
                                          f"从旧登记表导入（{plan.file_name} 第 {t.row_number} 行）"))
                    s.add_all(_deadlines(policy, t, ticket, parent_ids, steps))
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
