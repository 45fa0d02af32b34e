"""What the set-up assistant writes, and in which order (no Qt here).

The assistant collects everything first and writes it when the operator
confirms (the shift-hours page is its commit page), so a desk is never left
half set up by someone who pressed Esc on page three. The first
administrator is written first: every later write is audited under that
person's name, as it would be had they logged in and typed it in the
editors. Each later step is idempotent (a name that exists is skipped, a
setting already equal is not rewritten), so after a failure the operator
corrects the page the error names and confirms again: what was written
stays written, nothing is written twice, and the administrator is made once
(`SetupProgress.actor`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from ...domain.errors import UserError
from ...services import street as street_service
from ...services.accounts import create_first_admin
from ...services.context import Actor, Desk
from ...services.desk_settings import DeskSettings, set_desk_settings

# the steps in the order they are written; the assistant maps each to its page
STEP_ADMIN, STEP_DESK, STEP_STREET, STEP_GRIDS = "admin", "desk", "street", "grids"


@dataclass
class GridPlan:
    name: str
    worker: str = ""
    phone: str = ""
    communities: list[str] = field(default_factory=list)  # names: the communities may not exist yet


@dataclass
class AdminPlan:
    username: str
    password: str
    display_name: str = ""


@dataclass
class SetupPlan:
    desk_name: str = ""                 # "" = keep the desk's name
    street: str = ""                    # "" = skipped
    communities: list[str] = field(default_factory=list)
    grids: list[GridPlan] = field(default_factory=list)
    admin: AdminPlan | None = None      # None when an administrator re-opens the assistant
    day_start: time | None = None       # None = keep
    night_start: time | None = None
    undo_minutes: int | None = None     # console.domain.undo; None = keep
    limits: dict[str, int] = field(default_factory=dict)  # services.desk_settings.LIMITS; empty = keep
    printer: str | None = None          # the printer of the closed shifts' logs ("" = none); None = keep
    duty_phone: str | None = None       # the desk's number on the sheets units get ("" = none); None = keep
    loaded: DeskSettings | None = None  # the settings the pages showed (compare-and-set); None: a new desk
    loaded_street: str | None = None    # the street name the page showed


@dataclass
class SetupProgress:
    """What a previous (failed) attempt already wrote: the administrator is made once."""

    actor: Actor | None = None


class StepFailed(UserError):
    """A write refused: `step` names the page to go back to; the message is the service's."""

    def __init__(self, step: str, error: UserError):
        super().__init__(error.zh, error.en)
        self.step = step
        self.cause = error


def apply_plan(desk: Desk, plan: SetupPlan, progress: SetupProgress, actor: Actor | None = None) -> Actor:
    """Write the plan (admin, desk settings, street and communities, grids); returns who wrote it.

    `actor`: the logged-in administrator when the assistant was re-opened from the menu."""
    step = STEP_ADMIN
    try:
        if actor is None:
            if progress.actor is None:
                a = plan.admin
                if a is None:
                    raise UserError("请先填写管理员账号。", "Please fill in the administrator's account first.")
                progress.actor = create_first_admin(desk, a.username, a.password, a.display_name)
            actor = progress.actor
        step = STEP_DESK
        set_desk_settings(desk, actor, name=plan.desk_name or None, day_start=plan.day_start,
                          night_start=plan.night_start, undo_minutes=plan.undo_minutes, limits=plan.limits,
                          printer=plan.printer, duty_phone=plan.duty_phone, expected=plan.loaded)
        step = STEP_STREET
        if plan.street:
            street_service.set_street_name(desk, actor, plan.street, expected=plan.loaded_street)
        have = {c.name for c in street_service.list_communities(desk)}
        new = [n for n in plan.communities if street_service.clean_place_name(n) not in have]
        if new:
            street_service.add_communities(desk, actor, new)
        step = STEP_GRIDS
        _write_grids(desk, actor, plan.grids)
    except UserError as e:
        raise StepFailed(step, e) from None
    return actor


def _write_grids(desk: Desk, actor: Actor, grids: list[GridPlan]) -> None:
    have = {g.name for g in street_service.list_grids(desk)}
    ids = {c.name: c.id for c in street_service.list_communities(desk)}
    for g in grids:
        name = street_service.clean_place_name(g.name, "网格", "grid")
        if name in have:
            continue
        missing = [c for c in g.communities if street_service.clean_place_name(c) not in ids]
        if missing:
            raise UserError(f"网格“{name}”负责的社区“{missing[0]}”不存在。",
                            f"The community {missing[0]!r} of the grid {name!r} does not exist.")
        street_service.add_grid(desk, actor, name, g.worker, g.phone,
                                [ids[street_service.clean_place_name(c)] for c in g.communities])
        have.add(name)
