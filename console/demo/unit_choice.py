"""Which unit the demo's dispatcher picks for a call, the way a desk does: the units that handle the scenario's
category in the caller's community, weighted by the scenario's unit kinds, the community's own units first, and
units nobody answers at this hour rarely; the contact is the first one on duty.

Cached per (scenario, community, duty state): a million tickets draw from a few thousand tables. The duty
state is which units answer at that hour of that weekday and who picks up; the 168 hours of the week fall into a
few dozen such states, so the table a scenario and community draw from is built once per state, not per hour.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from .world import Scenario, UnitInfo, World, cumulative


class UnitChooser:
    """The demo's unit choice; `pick` draws from a (items, cumulative weights) table with the generator's one
    random stream, so the seeded history does not change with this split."""

    def __init__(self, world: World, pick: Callable[[tuple[list, list[float]]], Any]) -> None:
        self.w = world
        self.pick = pick
        self._candidates: dict[tuple[int, int], list[UnitInfo]] = {}
        self._duty: dict[int, list[list[bool]]] = {}
        self._unit_tables: dict[tuple[int, int, int], tuple[list, list[float]]] = {}
        self._contact: dict[tuple[int, int, int], tuple[int, int | None]] = {}
        self._states: list[list[int]] | None = None

    def candidates(self, sc_index: int, ci: int) -> list[UnitInfo]:
        key = (sc_index, ci)
        got = self._candidates.get(key)
        if got is None:
            sc = self.w.scenarios[sc_index]
            cats = {sc.category_id} | ({sc.parent_id} if sc.parent_id else set())
            cid = self.w.communities[ci].id
            got = [u for u in self.w.units
                   if u.categories & cats and (not u.communities or cid in u.communities)]
            self._candidates[key] = got
        return got

    def duty_table(self, u: UnitInfo) -> list[list[bool]]:
        """[weekday][hour] -> on-duty flags of the unit's contacts (at half past)."""
        tab = self._duty.get(u.id)
        if tab is None:
            monday = datetime(2024, 1, 1, tzinfo=self.w.tz)
            tab = [[[duty.is_on_duty(monday + timedelta(days=wd, hours=h, minutes=30))
                     for _, duty in u.contacts] for h in range(24)] for wd in range(7)]
            self._duty[u.id] = tab
        return tab

    def choose(self, sc: Scenario, sc_index: int, ci: int, weekday: int, hour: int,
                    kind: str | None = None) -> tuple[int, int | None] | None:
        """A (unit, contact) to dispatch to: weighted by the scenario's unit kinds,
        the community's own units first, units nobody answers at this hour rarely;
        the contact is the first one on duty. `kind` forces the first unit of a kind."""
        if kind is not None:
            cands = [u for u in self.candidates(sc_index, ci) if u.kind == kind] or self.candidates(sc_index, ci)
            return self._with_contact(cands[0], weekday, hour) if cands else None
        states = self._states or self._duty_states()
        key = (sc_index, ci, states[weekday][hour])
        table = self._unit_tables.get(key)
        if table is None:
            cands = self.candidates(sc_index, ci)
            weights = []
            for u in cands:
                wgt = sc.unit_weights.get(u.kind, 0.2)
                if u.communities:
                    wgt *= 1.5  # the community's own unit knows the place
                if not any(self.duty_table(u)[weekday][hour]):
                    wgt *= 0.15  # nobody picks up now
                weights.append(wgt)
            table = self._unit_tables[key] = ([self._with_contact(u, weekday, hour) for u in cands], cumulative(weights))
        if not table[0]:
            return None
        return self.pick(table)

    def _duty_states(self) -> list[list[int]]:
        """[weekday][hour] -> a number for the street's duty state then: the same number, the same units
        answering and the same contacts picking up, so the same unit table (any hour of it builds it)."""
        ids: dict[tuple, int] = {}
        self._states = [[ids.setdefault(tuple((self._with_contact(u, wd, h), any(self.duty_table(u)[wd][h]))
                                              for u in self.w.units), len(ids))
                         for h in range(24)] for wd in range(7)]
        return self._states

    def _with_contact(self, u: UnitInfo, weekday: int, hour: int) -> tuple[int, int | None]:
        key = (u.id, weekday, hour)  # a unit's contact at an hour: asked again for each scenario and community
        got = self._contact.get(key)
        if got is None:
            flags = self.duty_table(u)[weekday][hour]
            contact = next((c for (c, _), on in zip(u.contacts, flags, strict=False) if on),
                           u.contacts[0][0] if u.contacts else None)
            got = self._contact[key] = (u.id, contact)
        return got
