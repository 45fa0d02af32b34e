"""`due`: what is due or overdue now and within the hour, as a table or as JSON."""
from __future__ import annotations

import math
from datetime import datetime

from ..context import Ctx, display_width, open_desk


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _duration(ctx: Ctx, minutes: int) -> str:
    d, rest = divmod(minutes, 1440)
    h, m = divmod(rest, 60)
    if ctx.en:
        parts = [f"{d} d" if d else "", f"{h} h" if h else "", f"{m} min" if m or not (d or h) else ""]
        return " ".join(p for p in parts if p)
    parts = [f"{d} 天" if d else "", f"{h} 小时" if h else "", f"{m} 分钟" if m or not (d or h) else ""]
    return " ".join(p for p in parts if p)


def due_rows(desk, now: datetime) -> list[dict]:
    """The due queue as plain dicts (the --json objects)."""
    from ...domain.enums import DeadlineKind
    from ...domain.masking import private
    from ...domain.phone import mask_phone
    from ...services.deadlines import due_queue

    items = due_queue(desk, now)
    rows = []
    for it in items:
        seconds = (now - it.due_at).total_seconds()
        overdue = seconds >= 0
        try:
            kind = DeadlineKind(it.kind)
            labels = (kind.zh, kind.en)
        except ValueError:
            labels = (it.kind, it.kind)
        snoozed = it.snoozed_until if it.snoozed_until and it.snoozed_until > now else None
        rows.append({
            "deadline_id": it.deadline_id,
            "kind": it.kind,
            "kind_zh": labels[0],
            "kind_en": labels[1],
            "ticket": it.ticket_number,
            "ticket_id": it.ticket_id,
            "missed_call_id": it.missed_call_id,
            "due_at": desk.local(it.due_at).isoformat(timespec="seconds"),
            "overdue": overdue,
            "overdue_minutes": int(seconds // 60) if overdue else 0,
            "minutes_left": 0 if overdue else math.ceil(-seconds / 60),
            "snoozed_until": desk.local(snoozed).isoformat(timespec="seconds") if snoozed else None,
            "unit": it.unit,
            "category": it.category,
            "caller": private(mask_phone(it.phone) if it.phone else "", it.confidential),
        })
    return rows


def warn_calendar(ctx: Ctx, desk) -> None:
    """On stderr, once: the holiday calendar runs out within 60 days (working-day limits would count plain
    weeks), as the window's status bar says it."""
    from ...services.work_calendar import calendar_warning

    w = calendar_warning(desk)
    if w is not None:
        ctx.note(w.zh, w.en)


def cmd_due(args, ctx: Ctx) -> int:
    desk = open_desk(ctx)
    try:
        now = desk.now()
        rows = due_rows(desk, now)
        warn_calendar(ctx, desk)
        if args.json:
            import json  # here, not at the top: the window starts through this module too

            print(json.dumps(rows, ensure_ascii=False, indent=2), file=ctx.out, flush=True)
            return 0
        if not rows:
            ctx.say("现在没有到期或一小时内到期的事项。", "Nothing is due or overdue in the next hour.")
            return 0
        head = [ctx.t("工单号", "Ticket"), ctx.t("类型", "Kind"), ctx.t("到期时间", "Due"),
                ctx.t("状态", "State"), ctx.t("承办单位", "Unit"), ctx.t("来电号码", "Caller")]
        table = [head]
        for r in rows:
            if r["overdue"]:
                state = (ctx.t("刚到期", "just due") if r["overdue_minutes"] == 0 else
                         ctx.t(f"逾期 {_duration(ctx, r['overdue_minutes'])}",
                               f"{_duration(ctx, r['overdue_minutes'])} overdue"))
            else:
                state = ctx.t(f"还有 {_duration(ctx, r['minutes_left'])}",
                              f"in {_duration(ctx, r['minutes_left'])}")
            if r["snoozed_until"]:
                until = datetime.fromisoformat(r["snoozed_until"]).strftime("%H:%M")
                state += ctx.t(f"（暂缓至 {until}）", f" (snoozed to {until})")
            table.append([
                r["ticket"] or ctx.t("未接来电", "missed call"),
                r["kind_en"] if ctx.en else r["kind_zh"],
                datetime.fromisoformat(r["due_at"]).strftime("%m-%d %H:%M"),
                state,
                r["unit"] or "—",
                r["caller"] or "—",
            ])
        widths = [max(display_width(row[i]) for row in table) for i in range(len(head))]
        for row in table:
            print("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=False)).rstrip(), file=ctx.out)
        ctx.out.flush()
        return 0
    finally:
        desk.db.dispose()
