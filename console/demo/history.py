"""The demo desk's history: N tickets over eight quarters, as the desk lived them.

Each ticket gets a planned timeline (log, answer or dispatch, check-back,
escalation, resolution, satisfaction call, re-dispatch after 不满意, void),
which is then *replayed* the way the services would record it: the same
lifecycle table (console.domain.lifecycle), the same deadline rules
(the desk's own DeadlinePolicy), the same open/close/supersede pattern as
services/tickets.py. Steps later than "now" are simply not replayed, so
recent tickets come out open, with open deadlines, exactly as if the desk
had stopped at this minute.

Times are UTC epoch seconds while generating (cheap arithmetic); the
BulkWriter turns them into stored values. All randomness comes from one
`random.Random(seed)` drawn in a fixed order, so the same seed and clock
give the same database.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache
from random import Random

from ..domain.address import address_key
from ..store.bulk import BulkWriter
from ..util.progress import Progress
from .odds import (
    MOBILE_PREFIXES,
    P_DUPLICATE,
    P_LATE_CALL,
    P_MISSED,
    P_NOT_YET,
    P_REPEAT,
    P_SPECIAL,
    P_STUCK,
    P_UNSATISFIED,
    P_VOID_OTHER,
    resident_scores,
    solved_said,
)
from .shapes import LOG_ACTOR, ON_SHIFT, Shape, compile_shape
from .unit_choice import UnitChooser
from .world import (
    DAY,
    DEADLINE_COLS,
    EVENT_COLS,
    HOUR,
    MIN,
    MISSED_COLS,
    TICKET_COLS,
    HistoryStats,
    LiveTicket,
    Scenario,
    World,
    cumulative,
    is_night,
    season_of,
)

CHUNK = 10_000
_LOG_2300 = math.log(2300)  # an escalated ticket's median minutes to resolution, as lognormvariate takes it


# Stored as the New Call form stores them (building "12号", room "301", the key "12-301");
# cached: a million tickets share a few thousand addresses.
_address_key = lru_cache(maxsize=None)(address_key)


class HistoryGenerator:
    def __init__(self, world: World, rng: Random, writer: BulkWriter,
                 progress: Progress | None = None):
        self.w = world
        self.rng = rng
        self._random = rng.random
        self.writer = writer
        self.ts = writer.ts
        self.progress = progress
        self.stats = HistoryStats()
        self.tid = world.first_ids["tickets"] - 1
        self.eid = world.first_ids["ticket_events"] - 1
        self.did = world.first_ids["deadlines"] - 1
        self.mid = world.first_ids["missed_calls"] - 1
        self.tickets: list[tuple] = []
        self.events: list[tuple] = []
        self.deadlines: list[tuple] = []
        self.missed: list[tuple] = []
        self._minutes: dict[tuple, int | None] = {}
        self._shapes: dict[tuple, Shape] = {}
        self.units = UnitChooser(world, self.pick)
        self.recent: list[tuple] = []
        self.rstart = 0
        t = world.texts
        self.names = (t["surnames"], t["given_chars"])
        self.forms = [f for f, _ in t["caller_forms"]], cumulative([w for _, w in t["caller_forms"]])
        self.prefixes = [p for p, _ in t["prefixes"]], cumulative([w for _, w in t["prefixes"]])
        self.suffixes = [p for p, _ in t["suffixes"]], cumulative([w for _, w in t["suffixes"]])
        self.channels = [c for c, _ in t["channels"]], cumulative([w for _, w in t["channels"]])
        self._cat_tables = self._category_tables()
        self._starts, self._operators = world.shifts.starts, world.shifts.operators
        self._shops = t["shops"]
        self._shift0 = world.first_ids["shifts"]
        # per community: building names, room names [floor - 1][door - 1], "other flat" names [floor - 2][door - 1]
        # (the strings a draw of floor and door picks, made once: a million callers share them)
        self._places = [([f"{i}号" for i in range(1, c.buildings + 1)],
                         [[f"{f}{d:02d}" for d in range(1, 5)] for f in range(1, c.floors + 1)],
                         [[f"{f}0{d}" for d in range(1, 5)] for f in range(2, max(c.floors, 2) + 1)])
                        for c in world.communities]

    # -- small helpers ---------------------------------------------------------
    # random.randint/choice run several Python frames each; these run one.

    def ri(self, a: int, b: int) -> int:
        """Uniform int in [a, b]."""
        return a + int(self._random() * (b - a + 1))

    def rr(self, n: int) -> int:
        return int(self._random() * n)

    def ch(self, seq):
        return seq[int(self._random() * len(seq))]

    def pick(self, table):
        items, cum = table
        return items[bisect_right(cum, self._random() * cum[-1])]

    def minutes(self, kind: str, sc: Scenario, urgency: str) -> int | None:
        """The rule's minutes; None where no rule covers the ticket (the arrival deadline of one not 特急)."""
        key = (kind, sc.category_id, urgency)
        if key not in self._minutes:
            found = self.w.policy.rule_or_none(kind, sc.category_id, urgency, sc.parent_id)
            self._minutes[key] = None if found is None else found[0]
        return self._minutes[key]

    def op_at(self, t: int) -> int:
        i = bisect_right(self._starts, t) - 1
        return self._operators[i if i > 0 else 0]

    def local(self, t: int) -> datetime:
        return datetime.fromtimestamp(t, self.w.tz)

    def supervisor_time(self, t: int) -> int:
        """When the supervisor (day shift, 09:00-17:00) gets to a ticket flagged at t."""
        loc = self.local(t)
        if 9 <= loc.hour < 17:
            return t + self.ri(15 * MIN, 90 * MIN)
        day = loc.date() + timedelta(days=1 if loc.hour >= 17 else 0)
        nine = int(datetime(day.year, day.month, day.day, 9, tzinfo=self.w.tz).timestamp())
        return nine + self.ri(0, 90 * MIN)

    def _category_tables(self):
        """Cumulative scenario weights for each (season, night)."""
        tables = {}
        for season in range(4):
            for night in (False, True):
                ws = [sc.weight * sc.season[season] * (sc.night if night else 1.0) for sc in self.w.scenarios]
                tables[(season, night)] = (list(range(len(ws))), cumulative(ws))
        return tables

    # The draws below are ri/rr/ch/pick written out (one random() each, in the same order): a million callers.

    def new_phone(self) -> str:
        rnd = self._random
        if rnd() < 0.75:
            return MOBILE_PREFIXES[int(rnd() * len(MOBILE_PREFIXES))] + f"{int(rnd() * 10 ** 8):08d}"
        return f"021-5{int(rnd() * 10 ** 7):07d}"

    def new_caller(self, ci: int) -> tuple:
        rnd = self._random
        surnames, given = self.names
        forms, cum = self.forms
        form = forms[bisect_right(cum, rnd() * cum[-1])]
        name = form.format(s=surnames[int(rnd() * len(surnames))], g=given[int(rnd() * len(given))],
                           g2=given[int(rnd() * len(given))])
        buildings, rooms, _ = self._places[ci]
        building = buildings[int(rnd() * len(buildings))]
        room = rooms[int(rnd() * len(rooms))][int(rnd() * 4)]
        return name, self.new_phone(), ci, building, room

    def pick_community(self, sc: Scenario) -> int:
        return self.pick(sc.communities)

    def describe(self, sc: Scenario, caller: tuple, repeat: bool, index: int | None = None) -> str:
        rnd = self._random
        ci = caller[2]
        descriptions = sc.descriptions
        template = descriptions[index if index is not None else int(rnd() * len(descriptions))]
        others = self._places[ci][2]  # floors 2 and up
        other = others[int(rnd() * len(others))][int(rnd() * 4)]
        shops = self._shops
        body = template.format(b=caller[3], r=caller[4], c=self.w.communities[ci].name, r2=other,
                               floor=2 + int(rnd() * len(others)), shop=shops[int(rnd() * len(shops))])
        if repeat:
            prefix = "再次来电："
        else:
            items, cum = self.prefixes
            prefix = items[bisect_right(cum, rnd() * cum[-1])]
        items, cum = self.suffixes
        return prefix + body + items[bisect_right(cum, rnd() * cum[-1])]

    def text(self, options: list[str], caller: tuple) -> str:
        rnd = self._random
        shops = self._shops
        return options[int(rnd() * len(options))].format(b=caller[3], c=self.w.communities[caller[2]].name,
                                                          shop=shops[int(rnd() * len(shops))])

    def check_back_steps(self, t_disp: int) -> list[tuple]:
        r = self.rng
        notes = self.w.texts["check_back_notes"]
        if r.random() < P_NOT_YET:
            t1 = t_disp + int(r.triangular(12, 40, 25) * MIN)
            t2 = t1 + self.ri(15 * MIN, 40 * MIN)
            return [(t1, "check_back_not_yet", None, None, self.ch(notes["not_yet"]), None),
                    (t2, "check_back_came", None, None, self.ch(notes["came"]), None)]
        t1 = t_disp + int(r.triangular(8, 40, 22) * MIN)
        return [(t1, "check_back_came", None, None, self.ch(notes["came"]), None)]

    # -- one ticket ------------------------------------------------------------

    def plan_dispatch(self, t_log: int, sc: Scenario, sc_index: int, caller: tuple, weekday: int, hour: int,
                      old: bool) -> list[tuple] | None:
        """Steps after 'log' for a dispatched ticket (times may run past now)."""
        r = self.rng
        choice = self.units.choose(sc, sc_index, caller[2], weekday, hour)
        if choice is None:
            return None
        unit, contact = choice
        texts = self.w.texts
        t_disp = t_log + (0 if r.random() < 0.5 else self.ri(MIN, 10 * MIN))
        steps = [(t_disp, "dispatch", unit, contact, "", None)]
        cbs = self.check_back_steps(t_disp)
        if old and r.random() < P_STUCK and t_log > self.w.now - 60 * DAY:  # a desk chases older ones
            t_esc = cbs[-1][0] + self.ri(HOUR, 20 * HOUR)
            return steps + cbs + [(t_esc, "escalate", None, None, self.ch(texts["escalate_reasons"]), None)]
        escalate = r.random() < sc.escalate
        if escalate:
            t_esc = cbs[-1][0] + self.ri(HOUR, 20 * HOUR)
            t_res = t_esc + int(r.lognormvariate(_LOG_2300, 0.5) * MIN)
            steps += cbs + [(t_esc, "escalate", None, None, self.ch(texts["escalate_reasons"]), None)]
        else:
            t_res = t_disp + int(max(10.0, r.lognormvariate(math.log(sc.resolve_median), sc.resolve_sigma)) * MIN)
            steps += [s for s in cbs if s[0] < t_res]
        steps.append((t_res, "resolve", None, None, self.text(sc.results, caller), None))
        t_sat = t_res + (self.ri(24 * HOUR, 40 * HOUR) if r.random() < P_LATE_CALL
                         else self.ri(20 * MIN, 20 * HOUR))
        comments = texts["satisfaction_comments"]
        if r.random() < P_UNSATISFIED:
            att, abl = resident_scores(self.rng, "unsatisfied")
            steps.append((t_sat, "unsatisfied", None, None, self.ch(comments["unsatisfied"]),
                          ("unsatisfied", att, abl)))
            # 回访复核 upholds it, 整改 reopens it and it is re-dispatched (the window asks at once);
            # one within hours of "now" is still under review or reopened
            # (times derived from the call's, not drawn: the generator's stream, and so the seed's history,
            # stays as it was before reviews existed)
            t_rd = t_sat + self.ri(10 * MIN, 12 * HOUR)
            t_rev = t_sat + (t_rd - t_sat) // 3
            t_rect = t_sat + 2 * (t_rd - t_sat) // 3
            steps.append((t_rev, "review_upheld", None, None, "经核实，承办单位处理不到位，需整改。", None))
            steps.append((t_rect, "rectify_reopen", None, None, "承办单位承认处理不到位，重新上门处理。", None))
            if r.random() >= 0.7:
                unit, contact = self.units.choose(sc, sc_index, caller[2], weekday, hour) or (unit, contact)
            steps.append((t_rd, "dispatch", unit, contact, self.ch(texts["redispatch_notes"]), None))
            t_res2 = t_rd + int(max(10.0, r.lognormvariate(math.log(sc.resolve_median * 0.6), sc.resolve_sigma)) * MIN)
            steps += [s for s in self.check_back_steps(t_rd)[-1:] if s[0] < t_res2]
            steps.append((t_res2, "resolve", None, None, self.text(sc.results, caller), None))
            t_sat = t_res2 + self.ri(20 * MIN, 20 * HOUR)
            kind = "satisfied" if r.random() < 0.5 else "fairly"
        else:
            kind = "satisfied" if r.random() < 0.8 else "fairly"
        att, abl = resident_scores(self.rng, kind)
        steps.append((t_sat, "satisfied", None, None, self.ch(comments[kind]), (kind, att, abl)))
        return steps

    def replay(self, tid: int, sc: Scenario, urgency: str, steps: list[tuple], log_actor: int, shift: int) -> tuple:
        """Record the steps up to now as the services would (`log_actor` logged the call in `shift`); returns the
        ticket's fields as `emit` stores them: (status, operator, shift, unit, contact, dispatched, escalated,
        resolved, result, callback, sat, att, abl, reopen, void, import key, version, updated, scale, stage,
        solved), the time stamps already stored values.

        As services/tickets.py does: each step checks the lifecycle table and writes an event; the deadline
        rows are the steps replayed through console.domain.deadline_effects (the one table the services, the
        import and this generator share). That replay depends only on the ticket's *shape* (console.demo.shapes):
        compiled once per shape, each of a million tickets then only fills in its own times and texts.
        """
        now, ts = self.w.now, self.ts
        first = steps[0][0]
        actions = []
        for s in steps:
            if s[0] > now:
                break
            actions.append(s[1])
        k = len(actions)
        if k < len(steps):
            steps = steps[:k]
        key = (tuple(actions), k > 1 and steps[1][0] == first, sc.category_id, urgency)
        shape = self._shapes.get(key)
        if shape is None:
            minutes = self.minutes
            shape = self._shapes[key] = compile_shape(key[0], key[1], lambda rule: minutes(rule, sc, urgency), MIN)
        supervisor, starts, operators = self.w.supervisor, self._starts, self._operators
        stamps: list[str] = []
        actors: list[int] = []
        add_stamp, add_actor = stamps.append, actors.append
        eid = self.eid
        append_event = self.events.append
        for (at, action, unit, _, detail, _), (frm, to, who, dispatch) in zip(steps, shape.moves, strict=True):
            stamp = ts(at)
            if who == ON_SHIFT:  # op_at, inline: a few million steps
                i = bisect_right(starts, at) - 1
                actor = operators[i if i > 0 else 0]
            else:
                actor = log_actor if who == LOG_ACTOR else supervisor
            add_stamp(stamp)
            add_actor(actor)
            eid += 1
            append_event((eid, tid, stamp, actor, action, frm, to, unit if dispatch else None, detail))
        self.eid = eid
        did = self.did
        add_deadline = self.deadlines.append
        for kind, start, due_from, due_after, done, outcome in shape.deadlines:
            did += 1
            add_deadline((did, tid, None, kind, stamps[start], ts(steps[due_from][0] + due_after),
                          None if done is None else stamps[done], None if done is None else actors[done], outcome,
                          None, ""))
        self.did = did
        r, d, e, c, v = shape.result, shape.dispatch, shape.escalate, shape.rating, shape.void
        unit_f, contact_f = (None, None) if d is None else steps[d][2:4]
        sat, att, abl = (None, None, None) if c is None else steps[c][5]
        return (shape.status, log_actor, shift, unit_f, contact_f, None if d is None else stamps[d], None if e is None else stamps[e],
                None if r is None else stamps[r], "" if r is None else steps[r][4],
                None if c is None else stamps[c], sat, att, abl, shape.reopen, "" if v is None else steps[v][4],
                None, 1, stamps[-1] if stamps else ts(first), None if c is None else 3, shape.stage,
                None if c is None else solved_said(sat, tid))

    def emit(self, t: int, sc_index: int, caller: tuple, channel: str, rtype: str, urgency: str,
             description: str, steps: list[tuple], day_key: str, path: str) -> tuple[int, str]:
        w = self.w
        sc = w.scenarios[sc_index]
        self.tid += 1
        tid = self.tid
        counters = self.stats.counters
        seq = counters.get(day_key, 0) + 1
        counters[day_key] = seq
        number = f"{day_key}-{seq:04d}"
        si = bisect_right(self._starts, t) - 1  # the shift the call came in (op_at's lookup)
        if si < 0:
            si = 0
        c = w.communities[caller[2]]
        # TICKET_COLS: id … description, then from status on the replayed fields
        self.tickets.append((
            tid, number, self.ts(t), channel, caller[0], caller[1], c.id, caller[3], caller[4], "",
            _address_key(caller[3], caller[4]), c.grid_id, rtype, sc.category_id, urgency, description,
        ) + self.replay(tid, sc, urgency, steps, self._operators[si], self._shift0 + si))
        counts = w.shifts.counts[si]
        counts[0] += 1
        if path == "answer":
            counts[1] += 1
            self.stats.answered += 1
        elif path == "dispatch":
            counts[2] += 1
            self.stats.dispatched += 1
        elif path == "void":
            self.stats.voided += 1
        self.stats.tickets += 1
        return tid, number

    def generic(self, t: int, day_key: str, hour: int, weekday: int, season: int) -> None:
        r = self.rng
        w = self.w
        cats = self._cat_tables[(season, is_night(hour))]
        # who calls
        while self.rstart < len(self.recent) and self.recent[self.rstart][0] < t - 7 * DAY:
            self.rstart += 1
        if self.rstart > 50_000:
            del self.recent[:self.rstart]
            self.rstart = 0
        x = r.random()
        repeat_of = None
        if x < P_REPEAT and self.rstart < len(self.recent):
            repeat_of = self.recent[self.ri(self.rstart, len(self.recent) - 1)]
            caller = repeat_of[1]
            sc_index = repeat_of[2] if r.random() < 0.6 else self.pick(cats)
        elif x < P_REPEAT + P_SPECIAL and w.special:
            name, phone, ci, building, room = w.special[self.rr(len(w.special))]
            caller = (name, phone, ci, building, room)
            sc_index = self.pick(cats)
        else:
            sc_index = self.pick(cats)
            caller = self.new_caller(self.pick_community(w.scenarios[sc_index]))
        sc = w.scenarios[sc_index]
        for _ in range(3):  # no lift faults in a six-storey estate without lifts
            if caller[2] in sc.allowed:
                break
            sc_index = self.pick(cats)
            sc = w.scenarios[sc_index]
        channel = self.pick(self.channels)
        if channel == "walk_in" and not 8 <= hour < 17:
            channel = "phone"
        urgency = self.pick(sc.urgency)
        description = self.describe(sc, caller, repeat_of is not None)
        t_log = min(t + self.ri(40, 300), w.now)  # saved when the call ends, never after now
        steps = [(t_log, "log", None, None, "", None)]
        old = t < w.now - 7 * DAY
        texts = w.texts
        if (repeat_of is not None and repeat_of[2] == sc_index and t - repeat_of[0] < 2 * HOUR
                and r.random() < P_DUPLICATE):
            path = "void"
            reason = texts["void_reasons"]["duplicate"].format(number=repeat_of[3])
        elif r.random() < P_VOID_OTHER:
            path = "void"
            reason = self.ch(texts["void_reasons"]["other"])
        else:
            path = "answer" if r.random() < sc.answer_share else "dispatch"
        rtype = None
        if path == "void":
            steps.append((self.supervisor_time(t_log), "void", None, None, reason, None))
            rtype = self.pick(sc.dispatch_types)
        elif path == "dispatch":
            more = self.plan_dispatch(t_log, sc, sc_index, caller, weekday, hour, old)
            if more is None:
                path = "answer"
            else:
                steps += more
                rtype = self.pick(sc.dispatch_types)
        if path == "answer":
            answers = sc.answers or texts["default_answers"]
            steps.append((t_log, "answer", None, None, self.text(answers, caller), None))
            rtype = self.pick(sc.answer_types)
        tid, number = self.emit(t, sc_index, caller, channel, rtype, urgency, description, steps, day_key, path)
        self.recent.append((t, caller, sc_index, number))
        if channel == "phone" and r.random() < P_MISSED:
            self.missed_call(t, tid, caller)

    def missed_call(self, t: int, tid: int, caller: tuple) -> None:
        r = self.rng
        notes = self.w.texts["missed_call_notes"]
        x = r.random()
        if x < 0.3:  # the call-back is this very ticket
            at, phone, back, ticket, note = t - self.ri(3 * MIN, 40 * MIN), caller[1], t, tid, notes["ticket"]
        elif x < 0.95:
            at = t - self.ri(0, HOUR)
            phone, ticket, note = self.new_phone(), None, self.ch(notes["called_back"])
            back = at + int(r.triangular(60, 3000, 500))
        else:
            at = t - self.ri(0, HOUR)
            phone, back, ticket, note = self.new_phone(), None, None, notes["dropped"]
        self.add_missed(at, phone, back, ticket, note)

    def add_missed(self, at: int, phone: str, back: int | None, ticket: int | None, note: str) -> None:
        now, ts = self.w.now, self.ts
        at = max(at, self.w.start)
        self.mid += 1
        self.did += 1
        due = at + self.minutes_missed() * MIN
        logged_by = self.op_at(at)
        if back is not None and back <= now:
            by = self.op_at(back)
            self.missed.append((self.mid, phone, ts(at), ts(back), by, ticket, note, logged_by))
            self.deadlines.append((self.did, None, self.mid, "missed_callback", ts(at), ts(due), ts(back), by,
                                   "done", None, ""))
        elif back is None and ticket is None and note:
            cut = self.supervisor_time(at)
            self.missed.append((self.mid, phone, ts(at), None, None, None, note if cut <= now else "", logged_by))
            done = (ts(cut), self.w.supervisor, "cancelled") if cut <= now else (None, None, None)
            self.deadlines.append((self.did, None, self.mid, "missed_callback", ts(at), ts(due), *done, None, ""))
        else:
            self.missed.append((self.mid, phone, ts(at), None, None, None, "", logged_by))
            self.deadlines.append((self.did, None, self.mid, "missed_callback", ts(at), ts(due),
                                   None, None, None, None, ""))
        self.stats.missed_calls += 1

    def minutes_missed(self) -> int:
        key = ("missed_callback",)
        m = self._minutes.get(key)
        if m is None:
            m = self._minutes[key] = self.w.policy.minutes("missed_callback", None, None)
        return m

    # -- the open shift ----------------------------------------------------------

    def live(self, spec: LiveTicket) -> None:
        """One ticket of the open shift, dispatched minutes ago and not yet checked back."""
        w = self.w
        sc_index = next(i for i, sc in enumerate(w.scenarios) if sc.category_id == spec.category_id)
        sc = w.scenarios[sc_index]
        t = w.now - spec.received_ago * MIN
        if spec.special_index is not None and spec.special_index < len(w.special):
            name, phone, ci, building, room = w.special[spec.special_index]
            caller = (name, phone, ci, building, room)
        else:
            caller = self.new_caller(spec.community_index)
        loc = self.local(t)
        day_key = loc.strftime("%Y%m%d")
        description = self.describe(sc, caller, False, index=0)
        t_log = t + MIN
        steps = [(t_log, "log", None, None, "", None)]
        if spec.dispatched_ago is None:
            answers = sc.answers or w.texts["default_answers"]
            steps.append((t_log, "answer", None, None, answers[0], None))
            path, rtype = "answer", sc.answer_types[0][0]
        else:
            t_disp = w.now - spec.dispatched_ago * MIN
            unit, contact = self.units.choose(sc, sc_index, caller[2], loc.weekday(), loc.hour, spec.unit_kind)
            steps += [(t_disp, "dispatch", unit, contact, "", None),
                      (w.now + 10 * MIN, "check_back_came", None, None, "", None)]  # not yet: after now
            path, rtype = "dispatch", sc.dispatch_types[0][0]
        self.emit(t, sc_index, caller, "phone", rtype, spec.urgency, description, steps, day_key, path)

    # -- the whole history -------------------------------------------------------

    def slots(self) -> list[tuple[int, int, float, str, int, int, int]]:
        """Hour slots from start to now: (start, length, weight, day_key, hour, weekday, season)."""
        w, r = self.w, self.rng
        hours = w.texts["hour_weights"]
        out = []
        first = datetime.fromtimestamp(w.start, w.tz).date()
        last = datetime.fromtimestamp(w.now, w.tz).date()
        span = max((last - first).days, 1)
        end_limit = w.now - 2 * MIN
        d: date = first
        while d <= last:
            season = season_of(d.month)
            day_w = (1.0, 1.15, 1.0, 1.05)[season] * (0.85 if d.weekday() >= 5 else 1.0)
            day_w *= (0.9 + 0.2 * (d - first).days / span) * r.uniform(0.85, 1.15)
            key = d.strftime("%Y%m%d")
            for h in range(24):
                s = int(datetime(d.year, d.month, d.day, h, tzinfo=w.tz).timestamp())
                e = int((datetime(d.year, d.month, d.day, h, tzinfo=w.tz) + timedelta(hours=1)).timestamp())
                e = min(e, end_limit)
                if s < w.start or e <= s:
                    continue
                hw = hours[h] * (1.2 if season == 1 and 19 <= h <= 23 else 1.0)
                out.append((s, e - s, day_w * hw * (e - s) / HOUR, key, h, d.weekday(), season))
            d += timedelta(days=1)
        return out

    def run(self, n_generic: int, live: list[LiveTicket]) -> HistoryStats:
        slots = self.slots()
        total_w = sum(s[2] for s in slots) or 1.0
        live_times = sorted(((self.w.now - spec.received_ago * MIN, i) for i, spec in enumerate(live)))
        li = 0
        total = n_generic + len(live)
        step = max(1, -(-total // 100))  # about every percent, never more than 100 reports
        next_report = step
        done = 0
        allotted, cum = 0, 0.0
        for k, (start, length, weight, key, hour, weekday, season) in enumerate(slots):
            cum += weight * n_generic / total_w
            # systematic allocation: exactly n_generic in all, each slot by its weight
            if k == len(slots) - 1:
                count = n_generic - allotted
            else:
                count = min(int(cum + 1e-9) - allotted, n_generic - allotted)
            if count <= 0:
                times = []
            else:
                allotted += count
                times = sorted(start + self.rr(length) for _ in range(count))
            for t in times:
                while li < len(live_times) and live_times[li][0] <= t:
                    self.live(live[live_times[li][1]])
                    li += 1
                    done += 1
                self.generic(t, key, hour, weekday, season)
                done += 1
                if done >= next_report:
                    if self.progress and done < total:
                        self.progress(done, total)
                    next_report += step
                if len(self.tickets) >= CHUNK:
                    self.flush()
        while li < len(live_times):
            self.live(live[live_times[li][1]])
            li += 1
            done += 1
        self.flush()
        if self.progress:
            self.progress(total, total)
        return self.stats

    def flush(self) -> None:
        wr = self.writer
        wr.insert("tickets", TICKET_COLS, self.tickets)
        wr.insert("ticket_events", EVENT_COLS, self.events)
        wr.insert("missed_calls", MISSED_COLS, self.missed)
        wr.insert("deadlines", DEADLINE_COLS, self.deadlines)
        self.stats.events += len(self.events)
        self.stats.deadlines += len(self.deadlines)
        self.tickets, self.events, self.missed, self.deadlines = [], [], [], []
