"""Satisfaction scales: the seeds' three levels and the five of 政务服务“好差评”, once.

A desk chooses its scale (desk setting ``satisfaction_scale``: 3 or 5); every
rating is stored with the scale it was given on (``tickets.satisfaction`` the
level's code, ``tickets.satisfaction_scale`` 3 or 5), so a desk that switches
keeps its history readable and comparable.

Levels (codes as stored):

- three: 满意 ``satisfied``, 基本满意 ``fairly``, 不满意 ``unsatisfied``;
- five: 非常满意 ``very_satisfied``, 满意 ``satisfied``, 基本满意 ``fairly``,
  不满意 ``unsatisfied``, 非常不满意 ``very_unsatisfied``.

Favourable (counted in 满意率): 满意 and 基本满意 on three; 非常满意, 满意 and
基本满意 on five. Unfavourable (opens a review): 不满意 on three; 不满意 and
非常不满意 on five.

The documented mapping five → three, used where a period holds both scales
(and by every per-level figure that must add up across a switch)::

    非常满意, 满意   → 满意
    基本满意         → 基本满意
    不满意, 非常不满意 → 不满意

It keeps favourable and unfavourable as they were, so 满意率 is the same
whether a period is counted on each rating's own scale or mapped to three.

Besides a rating, a satisfaction call can end as 拒评 (the resident was reached
and declined to rate: the visit is done, no rating) or, after the desk's
attempts all failed, 回访不成功 (``CallbackOutcome``). Neither is a rating:
both are counted apart and left out of 满意率's denominator.

The review of an unfavourable rating (``ReviewStage``)::

    unfavourable rating ─► 待复核 ──复核属实──► 待整改 ──整改──► 待再回访 ──再回访──► 已再回访
                             └──复核不属实──► (ends; the rating stands)   └─整改：重新办理─► the ticket is
                                                                        reopened; its next satisfaction
                                                                        call is the 再回访

An unfavourable 再回访 opens a new review.
"""
from __future__ import annotations

from .enums import CallbackOutcome, LabelledEnum, ReviewStage, Satisfaction, Satisfaction5
from .errors import ValidationError

THREE, FIVE = 3, 5
SCALES = (THREE, FIVE)
DEFAULT_SCALE = THREE  # the seeds' scale; a desk without the setting, and every rating stored before 0021

FAVOURABLE = frozenset({Satisfaction5.VERY_SATISFIED.value, Satisfaction5.SATISFIED.value,
                        Satisfaction5.FAIRLY.value})  # the same codes on both scales
UNFAVOURABLE = frozenset({Satisfaction5.UNSATISFIED.value, Satisfaction5.VERY_UNSATISFIED.value})

TO_THREE: dict[str, str] = {
    Satisfaction5.VERY_SATISFIED.value: Satisfaction.SATISFIED.value,
    Satisfaction5.SATISFIED.value: Satisfaction.SATISFIED.value,
    Satisfaction5.FAIRLY.value: Satisfaction.FAIRLY.value,
    Satisfaction5.UNSATISFIED.value: Satisfaction.UNSATISFIED.value,
    Satisfaction5.VERY_UNSATISFIED.value: Satisfaction.UNSATISFIED.value,
}

# the stages a review is still waiting in (the due queue has a deadline for each)
OPEN_STAGES = frozenset({ReviewStage.REVIEW.value, ReviewStage.RECTIFY.value, ReviewStage.REVISIT.value})


def check_scale(scale: int | str | None) -> int:
    """3 or 5, from a setting's text or a number; anything else refused."""
    text = str(scale).strip() if scale is not None else ""
    if text in ("3", "5"):
        return int(text)
    raise ValidationError("满意度等级只能是三级或五级。", "The satisfaction scale is three or five levels.")


def stored_scale(scale: int | None) -> int:
    """The scale of a stored rating: a rating from before scales were recorded is on three levels."""
    return FIVE if scale == FIVE else THREE


def levels(scale: int) -> tuple[LabelledEnum, ...]:
    """The levels of a scale, best first."""
    return tuple(Satisfaction5) if check_scale(scale) == FIVE else tuple(Satisfaction)


def level(scale: int, value: str) -> LabelledEnum:
    """The level `value` names on `scale` (its code, Chinese or English label); refused when the scale
    has no such level (非常满意 on three)."""
    enum = Satisfaction5 if check_scale(scale) == FIVE else Satisfaction
    try:
        return enum.from_text(value)
    except ValueError:
        names = "、".join(m.zh for m in enum)
        raise ValidationError(f"满意度“{value}”不在{scale}级评价中（{names}）。",
                              f"{value!r} is not a level of the {scale}-level scale.") from None


def is_favourable(code: str | None) -> bool:
    return code in FAVOURABLE


def is_unfavourable(code: str | None) -> bool:
    return code in UNFAVOURABLE


def to_three(code: str) -> str:
    """A level's three-level counterpart (the documented mapping); a three-level code is itself."""
    return TO_THREE.get(code, code)


def label(code: str | None, scale: int | None = None, lang: str = "zh_CN") -> str:
    """A stored rating or outcome in words: the level on its scale, or 拒评 / 回访不成功; "" for nothing."""
    if not code:
        return ""
    for enum in ((Satisfaction5, Satisfaction) if stored_scale(scale) == FIVE else (Satisfaction, Satisfaction5)):
        try:
            return enum(code).label(lang)
        except ValueError:
            continue
    try:
        return CallbackOutcome(code).label(lang)
    except ValueError:
        return code


def scale_name(scale: int, lang: str = "zh_CN") -> str:
    if lang.startswith("en"):
        return "five levels (好差评)" if scale == FIVE else "three levels"
    return "五级（好差评）" if scale == FIVE else "三级"
