"""The desk's fixed vocabularies.

Values are short ASCII codes stored in the database (stable across
languages); the Chinese label is what the desk sees and what imports accept.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Any, Self


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese and an English label."""

    zh: str  # annotated, not assigned: attributes of each member, not members
    en: str

    # The defaults only tell the type checker that `Status("logged")` (a look-up by value, which never
    # reaches __new__) is a valid call; every member is defined with its three parts.
    def __new__(cls, value: str, zh: str = "", en: str = "") -> Self:  # noqa: D102
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.zh = zh
        obj.en = en
        return obj

    def label(self, lang: str = "zh_CN") -> str:
        return self.en if lang.startswith("en") else self.zh

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Accept the code, the Chinese label or the English label (any case): the first member, in their
        order, that any of the three names (two look-ups in `_texts`, not a walk over the members: every
        logged call reads three of these)."""
        known = _FOUND.get((cls, text))
        if known is not None:
            return known  # type: ignore[no-any-return]  # a member of cls, put there below
        t = (text or "").strip()
        members, exact, lowered = _texts(cls)
        hits = [i for i in (exact.get(t), lowered.get(t.lower())) if i is not None]
        if not hits:
            raise ValueError(text)
        member: Self = members[min(hits)]
        if len(_FOUND) < _FOUND_MAX and isinstance(text, str):
            _FOUND[(cls, text)] = member
        return member


# (class, text as given) -> the member `from_text` found for it: the form's few codes and labels, answered
# without the strip, the lower-casing and the two look-ups on every logged call. Bounded: texts that name a
# member differ only in case and spaces, but a caller could still bring many.
_FOUND: dict[tuple[type, str], Any] = {}
_FOUND_MAX = 1024


_TEXTS: dict[type, tuple[list[Any], dict[str, int], dict[str, int]]] = {}


def _texts(cls: type[LabelledEnum]) -> tuple[list[Any], dict[str, int], dict[str, int]]:
    """A LabelledEnum's members in order, with the position of the first one each code or Chinese label
    names and of the first one each English label names in lower case (built once per class)."""
    found = _TEXTS.get(cls)
    if found is None:
        members = list(cls)
        exact: dict[str, int] = {}
        lowered: dict[str, int] = {}
        for i, m in enumerate(members):
            exact.setdefault(m.value, i)
            exact.setdefault(m.zh, i)
            lowered.setdefault(m.en.lower(), i)
        found = _TEXTS[cls] = (members, exact, lowered)
    return found


class Status(LabelledEnum):
    LOGGED = "logged", "已受理", "Logged"
    ANSWERED = "answered", "已答复", "Answered"
    DISPATCHED = "dispatched", "已派单", "Dispatched"
    IN_PROGRESS = "in_progress", "处理中", "In progress"
    ESCALATED = "escalated", "已上报", "Escalated"
    RESOLVED = "resolved", "已办结", "Resolved"
    CLOSED = "closed", "已回访", "Closed"
    REOPENED = "reopened", "重新办理", "Reopened"
    VOID = "void", "已作废", "Void"
    MERGED = "merged", "已并单", "Merged"  # a duplicate kept on another ticket (console.domain.merging)


class Channel(LabelledEnum):
    PHONE = "phone", "电话", "Phone"
    WALK_IN = "walk_in", "来访", "Walk-in"
    ONLINE = "online", "网络", "Online"
    OTHER = "other", "其他", "Other"


class RequestType(LabelledEnum):
    ENQUIRY = "enquiry", "咨询", "Enquiry"
    HELP = "help", "求助", "Help"
    COMPLAINT = "complaint", "投诉", "Complaint"
    REPORT = "report", "举报", "Report"
    SUGGESTION = "suggestion", "建议", "Suggestion"
    PRAISE = "praise", "表扬", "Praise"


class Urgency(LabelledEnum):
    NORMAL = "normal", "普通", "Normal"
    URGENT = "urgent", "紧急", "Urgent"
    CRITICAL = "critical", "特急", "Critical"


class Satisfaction(LabelledEnum):
    SATISFIED = "satisfied", "满意", "Satisfied"
    FAIRLY = "fairly", "基本满意", "Fairly satisfied"
    UNSATISFIED = "unsatisfied", "不满意", "Unsatisfied"


class Satisfaction5(LabelledEnum):
    """The five levels of 政务服务“好差评” (console.domain.satisfaction: scales, mapping to three levels)."""

    VERY_SATISFIED = "very_satisfied", "非常满意", "Very satisfied"
    SATISFIED = "satisfied", "满意", "Satisfied"
    FAIRLY = "fairly", "基本满意", "Fairly satisfied"
    UNSATISFIED = "unsatisfied", "不满意", "Unsatisfied"
    VERY_UNSATISFIED = "very_unsatisfied", "非常不满意", "Very unsatisfied"


class CallbackOutcome(LabelledEnum):
    """A satisfaction call that ended without a rating (tickets.callback_outcome; a rating leaves it empty)."""

    DECLINED = "declined", "拒评", "Declined to rate"            # reached; the visit is done, no rating
    UNREACHABLE = "unreachable", "回访不成功", "Could not be reached"  # the desk's attempts all failed


class Solved(LabelledEnum):
    """Whether the matter was solved, as the resident says at the satisfaction call (tickets.solved; 解决率 in
    console.domain.bulletin). Asked beside the rating; a call that did not ask leaves it empty."""

    SOLVED = "solved", "已解决", "Solved"
    PARTLY = "partly", "部分解决", "Partly solved"
    UNSOLVED = "unsolved", "未解决", "Not solved"


class ReviewStage(LabelledEnum):
    """Where the review of an unfavourable rating stands (tickets.review_stage; console.domain.satisfaction)."""

    REVIEW = "review", "待复核", "Awaiting review"
    RECTIFY = "rectify", "待整改", "Awaiting rectification"
    REVISIT = "revisit", "待再回访", "Awaiting the second call"
    UNJUSTIFIED = "unjustified", "复核不属实", "Review: not upheld"
    REVISITED = "revisited", "已再回访", "Called again"


class DeadlineKind(LabelledEnum):
    CHECK_BACK = "check_back", "派单回访", "Check-back call"
    RESOLUTION = "resolution", "办结时限", "Resolution"
    SATISFACTION = "satisfaction", "满意度回访", "Satisfaction call"
    MISSED_CALLBACK = "missed_callback", "未接回拨", "Missed-call call-back"
    ARRIVAL = "arrival", "到场时限", "On-site arrival"  # 特急: someone on site within 15 minutes of dispatch
    CO_CHECK_BACK = "co_check_back", "协办回访", "Co-handling unit check-back"  # one per 协办 unit
    REVIEW = "review", "回访复核", "Review of an unfavourable rating"  # a supervisor: upheld or not
    RECTIFY = "rectify", "整改时限", "Rectification"                    # the unit's rectification, reported
    REVISIT = "revisit", "再回访", "Second satisfaction call"           # after the rectification


class DeadlineOutcome(LabelledEnum):
    DONE = "done", "已完成", "Done"
    CANCELLED = "cancelled", "已取消", "Cancelled"
    SUPERSEDED = "superseded", "已替代", "Superseded"
    PAUSED = "paused", "已挂起", "Paused"  # stopped while the ticket waits on the resident; reopened on resume
    MERGED = "merged", "已并单", "Merged"  # the ticket was merged into another; that one's deadlines run


class Role(LabelledEnum):
    OPERATOR = "operator", "话务员", "Operator"
    SUPERVISOR = "supervisor", "值班领导", "Supervisor"
    ADMIN = "admin", "管理员", "Admin"


class UnitKind(LabelledEnum):
    PROPERTY = "property", "物业", "Property company"
    POWER = "power", "供电所", "Power supply"
    WATER = "water", "供水", "Water"
    GAS = "gas", "燃气", "Gas"
    SANITATION = "sanitation", "环卫所", "Sanitation"
    POLICE = "police", "派出所", "Police"
    STREET_OFFICE = "street_office", "街道科室", "Street office"
    RESIDENTS_COMMITTEE = "committee", "居委会", "Residents' committee"
    VOLUNTEER = "volunteer", "志愿者", "Volunteer"
    CRAFTSMAN = "craftsman", "工匠", "Craftsman"
    OTHER = "other", "其他", "Other"


class ShiftKind(LabelledEnum):
    DAY = "day", "白班", "Day"
    NIGHT = "night", "夜班", "Night"
