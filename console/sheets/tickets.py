"""The old hotline sheet (`import tickets`), read and checked without the desk: its columns,
the words desks use for statuses, satisfaction and request types, dates as desks type them, and
whether a row's status agrees with the times and names it gives. Pure rules; the service
(console.services.imports.tickets) looks names up, plans and writes.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from ..domain.enums import RequestType, Satisfaction, Solved, Status
from ..domain.errors import ValidationError
from .sheet_rows import HEADER_SEARCH_ROWS, Column, header_lookup, match_header, nfkc, norm_header
from .xlsx_safety import Row, cell_text

T = TypeVar("T")

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
    Column("solved", "解决情况", "solved", ("是否解决", "解决程度")),
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

# ------------------------------------------------------------------ values

_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_TIME = re.compile(r"(\d{1,2})\s*[:时点]\s*(?:(\d{1,2})\s*分?\s*(?:(?::\s*(\d{1,2})(?:\.\d+)?)|(\d{1,2})\s*秒)?)?")


@dataclass(frozen=True)
class When:
    local: datetime  # naive, desk-local
    has_time: bool


def parse_when(value: object, label_zh: str, label_en: str) -> When | None:
    """A cell as a local date-time: an Excel date, or text as desks type it. None if blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    bad = ValidationError(
        f"{label_zh}“{cell_text(value)}”无法识别（例：2025-03-04 14:05、2025/3/4 14:05、2025年3月4日 14时05分）",
        f"{label_en} {cell_text(value)!r} is not a date and time (e.g. 2025-03-04 14:05)")
    if isinstance(value, datetime):
        has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
        return When(value.replace(tzinfo=None, microsecond=0), has_time)
    if isinstance(value, date):
        return When(datetime.combine(value, time(0)), False)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date whose cell lost its date format
            from openpyxl.utils.datetime import from_excel

            dt = from_excel(value)
            return When(dt.replace(microsecond=0), (dt.hour, dt.minute, dt.second) != (0, 0, 0))
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
        return When(datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), hh, mm, ss), has_time)
    except ValueError:
        raise bad from None


def to_utc(local: datetime, tz: tzinfo) -> datetime:
    return local.replace(tzinfo=tz).astimezone(UTC)


def import_key(received_at: datetime, phone: str, description: str) -> str:
    """SHA-256 of (received_at in UTC to the minute, phone, description): the same call twice."""
    stamp = received_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
    return hashlib.sha256(f"{stamp}\x1f{phone}\x1f{description}".encode()).hexdigest()


# ------------------------------------------------------------------ parsing

def find_header(path: Path, rows: list[Row]) -> tuple[int, dict[str, int]]:
    found = match_header(path, rows, lambda text: _HEADER_LOOKUP.get(norm_header(text)), _BY_KEY, REQUIRED,
                         lambda m: len(m) >= 3 and ("received_at" in m or "description" in m))
    if found is not None:
        return found
    raise ValidationError(
        f"文件“{path.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头（需要“受理时间”“内容”等列）。"
        "表头应为：" + "、".join(c.zh for c in COLUMNS) + "。",
        f"File '{path.name}': no header row in the first {HEADER_SEARCH_ROWS} rows (columns such as "
        "received_at and description are required).")


def _word(table: dict[str, str], value: str) -> str | None:
    v = re.sub(r"\s+", "", nfkc(value))
    return table.get(v)


def status_code(value: str) -> str:
    code = _word(STATUS_WORDS, value)
    if code is None:
        try:
            code = Status.from_text(nfkc(value)).value
        except ValueError:
            raise ValidationError(
                f"状态“{value}”无法识别（可写：已受理、已答复、已派单、处理中、已上报、已办结、已回访、作废）",
                f"status {value!r} is not recognised (use e.g. 已办结, 处理中, 已派单, 已回访, 作废)") from None
    return code


def satisfaction_code(value: str) -> str:
    code = _word(SATISFACTION_WORDS, value)
    if code is None:
        try:
            code = Satisfaction.from_text(nfkc(value)).value
        except ValueError:
            raise ValidationError(f"满意度“{value}”无法识别（可写：满意、基本满意、不满意）",
                                  f"satisfaction {value!r} is not recognised (满意, 基本满意 or 不满意)") from None
    return code


def solved_code(value: str) -> str:
    """解决情况 as the resident said it at the satisfaction call (enums.Solved; 解决率)."""
    v = nfkc(value)
    words = {"是": Solved.SOLVED, "解决": Solved.SOLVED, "基本解决": Solved.PARTLY, "否": Solved.UNSOLVED,
             "没解决": Solved.UNSOLVED, "未能解决": Solved.UNSOLVED}
    if v in words:
        return words[v].value
    try:
        return Solved.from_text(v).value
    except ValueError:
        raise ValidationError(f"解决情况“{value}”无法识别（可写：已解决、部分解决、未解决）",
                              f"solved {value!r} is not recognised (已解决, 部分解决 or 未解决)") from None


def request_type_code(value: str) -> str:
    v = nfkc(value)
    code = REQUEST_TYPE_WORDS.get(v)
    if code is None:
        try:
            code = RequestType.from_text(v).value
        except ValueError:
            raise ValidationError(f"诉求类型“{value}”无法识别（可写：咨询、求助、投诉、举报、建议、表扬）",
                                  f"request type {value!r} is not recognised") from None
    return code


class RowCheck:
    """Collects every problem of one row, so the report lists them all at once."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def attempt(self, fn: Callable[..., T], *a: Any) -> T | None:
        try:
            return fn(*a)
        except ValidationError as e:
            self.errors.append(e)
            return None

    def fail(self, zh: str, en: str) -> None:
        self.errors.append(ValidationError(zh, en))


LABELS = {k: (c.zh, c.en) for k, c in _BY_KEY.items()}


def final_status(chk: RowCheck, word: str, explicit: str | None, *, unit_id: int | None, has_unit: bool,
                 dispatched: datetime | None, resolved: datetime | None, callback: datetime | None,
                 sat: str | None, raw_times: dict[str, bool]) -> str | None:
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

    def contradicts(field_zh: str, field_en: str) -> None:
        chk.fail(f"状态“{shown}”与已填写的{field_zh}不符", f"status {shown!r} contradicts the {field_en} given")

    if status == S.LOGGED.value:
        for key, given in raw_times.items():
            if key != "received_at" and given:
                contradicts(*LABELS[key])
        if has_unit:
            contradicts(*LABELS["unit"])
        if sat is not None:
            contradicts(*LABELS["satisfaction"])
    elif status == S.ANSWERED.value:
        if has_unit or raw_times["dispatched_at"]:
            contradicts(*LABELS["unit"])
        if sat is not None or raw_times["callback_at"]:
            contradicts(*LABELS["satisfaction"])
    elif status in (S.DISPATCHED.value, S.IN_PROGRESS.value, S.ESCALATED.value):
        if not has_unit:
            chk.fail(f"状态“{shown}”需要承办单位和派单时间", f"status {shown!r} needs a unit and a dispatch time")
        for key in ("resolved_at", "callback_at"):
            if raw_times[key]:
                contradicts(*LABELS[key])
    elif status in (S.RESOLVED.value, S.CLOSED.value, S.REOPENED.value):
        if not raw_times["resolved_at"]:
            chk.fail(f"状态“{shown}”需要办结时间", f"status {shown!r} needs a resolved time")
        if status != S.RESOLVED.value and sat is None:
            chk.fail(f"状态“{shown}”需要满意度和回访时间",
                     f"status {shown!r} needs a satisfaction and a callback time")
    return status
