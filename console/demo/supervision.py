"""The demo desk's supervision samples: a few of each 12345 exception a real night has.

After the history is written in bulk (console.demo.history), a handful of
open tickets go through the real services, as a supervisor and an operator
would take them at the demo's "now": two overdue tickets pressed (督办, one
of them twice), one unit given two more working days (延期), one request left
for the supervisor to decide, one ticket paused while the resident is away
(挂起), one fresh dispatch returned by its unit and sent to another (退单 →
改派), a neighbour's repeat call kept on an open ticket (追加) and a duplicate
ticket merged into the one about the same matter (并单); among the satisfaction
calls owed, one resident declines to rate (拒评), one does not answer (回访不成功,
tried again later) and one is unsatisfied: upheld on review and rectified, the
再回访 due (console.domain.satisfaction). The demo's history already spans statutory holidays (its calendar is
the package's). Chosen by a seeded random generator: the same seed, the
same samples.
"""
from __future__ import annotations

from datetime import timedelta
from random import Random

from sqlalchemy import select

from ..services import tickets as T
from ..services.context import Actor, Desk
from ..services.extensions import decide_extension, request_extension
from ..store.models import Deadline, Ticket, User

PRESS_NOTES = ("该工单已超过办结时限，请承办单位今天内派人处理并回复办理结果。",
               "居民再次来电反映，请立即安排，处理后回复值班台。")


def _actor(desk: Desk, username: str) -> Actor:
    with desk.db.read() as s:
        u = s.scalars(select(User).where(User.username == username)).one()
        return Actor(u.id, u.username, u.display_name, u.role)


def _running(desk: Desk, overdue: bool) -> list[int]:
    """Tickets in a unit's hands whose resolution deadline runs, overdue or not yet."""
    now = desk.now()
    with desk.db.read() as s:
        q = (select(Ticket.id).join(Deadline, Deadline.ticket_id == Ticket.id)
             .where(Ticket.status.in_(("dispatched", "in_progress", "escalated")), Ticket.paused_at.is_(None),
                    Deadline.kind == "resolution", Deadline.done_at.is_(None),
                    (Deadline.due_at <= now) if overdue else (Deadline.due_at > now))
             .order_by(Ticket.id))
        return list(s.scalars(q))


def add_supervision_samples(desk: Desk, rng: Random, duplicate: bool = True) -> dict[str, int]:
    """Press, extend and pause a few open tickets through the services; what was done, counted.
    `duplicate`: also log one call twice and merge it (the demo keeps one ticket back for it)."""
    lead, op = _actor(desk, "li"), _actor(desk, "zhang")
    done = {"presses": 0, "extensions": 0, "pending_extensions": 0, "paused": 0, "returns": 0,
            "added_calls": 0, "merged": 0}
    # first, so that a small desk's few tickets in hand still give three calls owed
    calls = dict(zip(("declined", "callback_failed", "reviews"), _satisfaction_calls(desk, op, lead, rng),
                     strict=True))
    late = _running(desk, overdue=True)
    for i, tid in enumerate(rng.sample(late, min(2, len(late)))):
        for note in PRESS_NOTES[: 2 if i == 0 else 1]:
            T.press(desk, lead, tid, note)
            done["presses"] += 1
    waiting = _running(desk, overdue=False)
    picked = rng.sample(waiting, min(3, len(waiting)))
    if picked:
        request_extension(desk, op, picked[0], 2, "需等待防水材料到货，申请延期两个工作日。")
        decide_extension(desk, lead, picked[0], True, "同意，请按新时限办结。")
        done["extensions"] += 1
    if len(picked) > 1:
        request_extension(desk, op, picked[1], 3, "涉及多户协调，申请延期三个工作日。")
        done["pending_extensions"] += 1
    if len(picked) > 2:
        T.pause(desk, op, picked[2], "居民出差，约定周末回来后上门查看。")
        done["paused"] += 1
    done["returns"] = _a_return(desk, op, lead, picked)
    done["added_calls"], done["merged"] = _neighbours(desk, op, lead, rng, set(picked) | set(late), duplicate)
    done["photos"] = _a_photo(desk, op)
    return {**done, **calls}


def _satisfaction_calls(desk: Desk, op: Actor, lead: Actor, rng: Random) -> tuple[int, int, int]:
    """拒评, 回访不成功 and a review in progress, on three resolved tickets whose call is owed."""
    from ..services import satisfaction as S

    with desk.db.read() as s:
        owed = list(s.scalars(select(Ticket.id).join(Deadline, Deadline.ticket_id == Ticket.id).where(
            Ticket.status == "resolved", Deadline.kind == "satisfaction", Deadline.done_at.is_(None))
            .order_by(Ticket.id)))
    if len(owed) < 3:  # a small desk: units report a few untouched tickets done first
        with desk.db.read() as s:
            fresh = list(s.scalars(select(Ticket.id).where(
                Ticket.status.in_(("dispatched", "in_progress")), Ticket.version == 1, Ticket.paused_at.is_(None))
                .order_by(Ticket.id.desc()).limit(3 - len(owed))))
        for tid in fresh:
            T.resolve(desk, op, tid, "承办单位已处理完毕。")
        owed += fresh
    if len(owed) < 3:
        return 0, 0, 0
    declined, failed, unhappy = rng.sample(owed, 3)
    S.record_declined(desk, op, declined, "居民表示问题已解决，不愿意评价。")
    S.record_callback_failed(desk, op, failed, "电话无人接听。")
    T.record_satisfaction(desk, op, unhappy, "不满意", 2, 2, "修好后第二天又坏了，物业态度也不好。",
                          solved="未解决")
    S.decide_review(desk, lead, unhappy, True, "经核实，维修不到位，属实，请物业整改。")
    S.rectify(desk, op, unhappy, "物业更换了配件并向居民道歉，请再回访。")
    return 1, 1, 1


def _a_photo(desk: Desk, op: Actor) -> int:
    """A resident's photo of the leak on the newest open 漏水 ticket (drawn here: the demo ships no pictures)."""
    import io

    from PIL import Image

    from ..services.photos import add_photo
    from ..store.models import Category

    with desk.db.read() as s:  # a leak if one is open (paused or not), else the newest open ticket in a unit's hands
        tid = s.scalar(select(Ticket.id).join(Category, Category.id == Ticket.category_id)
                       .where(Ticket.status.in_(("dispatched", "in_progress")))
                       .order_by((Category.name == "漏水").desc(), Ticket.received_at.desc()).limit(1))
        running = s.scalar(select(Ticket.id).where(Ticket.status.in_(("dispatched", "in_progress")),
                                                   Ticket.paused_at.is_(None))
                           .order_by(Ticket.received_at.desc()).limit(1))
    if tid is None:
        return 0
    # a ceiling with a spreading stain, from Pillow's core alone (the desktop build leaves ImageDraw's fonts out)
    img = Image.new("RGB", (640, 480), (214, 210, 200))
    img.paste((170, 160, 150), (0, 380, 640, 480))
    spread = Image.radial_gradient("L").resize((300, 220)).point(lambda v: max(0, 255 - 2 * v))
    img.paste(Image.new("RGB", spread.size, (120, 105, 85)), (170, 110), spread)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    add_photo(desk, op, tid, out.getvalue(), "居民发来的照片.jpg")
    if running is not None:
        _a_co_unit(desk, op, running)
    return 1


def _a_co_unit(desk: Desk, op: Actor, tid: int) -> None:
    """The leak needs a second unit (协办): the next one the ranking offers, not the lead unit."""
    from ..services.co_units import add_co_unit
    from ..services.dispatch_options import dispatch_options

    with desk.db.read() as s:
        unit_id, category_id, community_id = s.execute(
            select(Ticket.unit_id, Ticket.category_id, Ticket.community_id).where(Ticket.id == tid)).one()
    helper = next((r.option for r in dispatch_options(desk, category_id, community_id)
                   if r.option.unit_id != unit_id), None)
    if helper is not None:
        add_co_unit(desk, op, tid, T.Dispatch(helper.unit_id, helper.contact_id, "协助关闭楼内总阀，配合检修。"))


def _neighbours(desk: Desk, op: Actor, lead: Actor, rng: Random, busy: set[int], duplicate: bool) -> tuple[int, int]:
    """A neighbour rings again about an open ticket (追加); and, when asked (`duplicate`), another
    operator logs the newest open matter a second time, which the supervisor merges into it (并单)."""
    from ..services.merging import merge_tickets

    with desk.db.read() as s:
        rows = s.execute(select(Ticket.id, Ticket.number, Ticket.community_id, Ticket.building, Ticket.room,
                                Ticket.category_id, Ticket.description)
                         .where(Ticket.status.in_(("dispatched", "in_progress")), Ticket.paused_at.is_(None),
                                Ticket.community_id.is_not(None))
                         .order_by(Ticket.received_at.desc(), Ticket.id.desc())).all()
    if not rows:
        return 0, 0
    keep = rows[0]
    others = [r for r in rows[1:] if r[0] not in busy] or [keep]
    T.add_call(desk, op, rng.choice(others)[0], T.NewCall(description="邻居来电：同一个问题还没解决，请催一下。",
                                                          caller_phone=f"139{rng.randrange(10**8):08d}",
                                                          caller_name="邻居"))
    if not duplicate:
        return 1, 0
    dup = T.log_call(desk, op, T.NewCall(description=f"邻居反映：{keep[6][:60]}", caller_name="邻居",
                                         caller_phone=f"137{rng.randrange(10**8):08d}", community_id=keep[2],
                                         building=keep[3], room=keep[4], category_id=keep[5]))
    merge_tickets(desk, lead, dup.id, keep[1], "同一事项重复受理，并入原工单一并办理和回访。")
    return 1, 1


def _a_return(desk: Desk, op: Actor, lead: Actor, busy: list[int]) -> int:
    """The newest dispatch still within its working day, returned and sent to another unit that handles it."""
    from ..services.dispatch_options import dispatch_options
    from ..services.returns import decide_return, return_dispatch

    now = desk.now()
    with desk.db.read() as s:
        rows = s.execute(select(Ticket.id, Ticket.unit_id, Ticket.category_id, Ticket.community_id)
                         .where(Ticket.status == "dispatched", Ticket.paused_at.is_(None),
                                Ticket.dispatched_at >= now - timedelta(hours=20), Ticket.id.not_in(busy))
                         .order_by(Ticket.dispatched_at.desc())).all()
    for tid, unit_id, category_id, community_id in rows:
        other = next((r.option for r in dispatch_options(desk, category_id, community_id)
                      if r.option.unit_id != unit_id), None)
        if other is None:
            continue
        return_dispatch(desk, op, tid, "经核实不属于本单位负责范围，申请退单。")
        decide_return(desk, lead, tid, True, T.Dispatch(other.unit_id, other.contact_id), "同意，改派责任单位。")
        return 1
    return 0
