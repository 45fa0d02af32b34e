"""The due queue's clock: when items ring, and when they must not (fake clock, fake monotonic clock)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.services import deadlines as D
from console.services import tickets as T
from console.services.context import Desk
from console.store.database import Database
from console.store.models import Deadline

SH = ZoneInfo("Asia/Shanghai")


def at(hh: int, mm: int, ss: int = 0, day: int = 22) -> datetime:
    return datetime(2026, 11, day, hh, mm, ss, tzinfo=SH)


class Mono:
    """A monotonic clock the test moves (a sleeping machine does not advance it)."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def mono():
    return Mono()


@pytest.fixture
def make_controller(qtbot, desk, mono):
    from console.ui.due.alert_controller import AlertController

    made = []

    def make(**kw):
        kw.setdefault("own_watcher", False)
        c = AlertController(desk, None, monotonic=mono, **kw)
        made.append(c)
        return c

    yield make
    for c in made:
        c.stop()


@pytest.fixture
def dispatched(desk, operator, street):
    """A power cut logged and dispatched at 22:00 (the clock fixture's now)."""
    call = T.NewCall(description="楼道停电", caller_phone="13800138000", caller_name="王阿姨",
                     community_id=street.communities["嘉宏三村"], category_id=street.categories["水电气/停电"])
    return T.log_call(desk, operator, call, dispatch=T.Dispatch(street.units["城东供电所"])).id


def step(clock, mono, **delta):
    """Awake time passing: wall and monotonic clocks move together."""
    clock.advance(**delta)
    mono.t += timedelta(**delta).total_seconds()


def open_deadlines(desk, ticket_id):
    with desk.db.read() as s:
        return {d.kind: d.due_at for d in s.scalars(select(Deadline).where(
            Deadline.ticket_id == ticket_id, Deadline.done_at.is_(None)))}


def test_dispatch_at_2200_puts_a_check_back_due_at_2230_in_the_queue(make_controller, dispatched, desk):
    c = make_controller()
    c.start()
    items = [i for i in c.items if i.ticket_id == dispatched]
    assert [(i.kind, desk.local(i.due_at)) for i in items] == [("check_back", at(22, 30))]
    assert (c.snapshot.due, c.snapshot.overdue) == (1, 0)
    assert items[0].unit == "城东供电所" and items[0].phone == "13800138000"


def test_no_alert_at_2229_one_at_2230_then_a_repeat_every_five_minutes(make_controller, dispatched, clock, mono,
                                                                        qtbot):
    c = make_controller()
    rang = []
    c.alert.connect(rang.append)
    c.start()
    step(clock, mono, minutes=29)
    assert c.check() == [] and rang == []
    step(clock, mono, minutes=1)  # 22:30
    with qtbot.waitSignal(c.counts_changed) as counted:
        ring = c.check()
    assert counted.args == [0, 1]
    assert [i.kind for i in ring] == ["check_back"] and len(rang) == 1
    step(clock, mono, minutes=2)
    assert c.check() == []  # not every check: once, then every few minutes
    step(clock, mono, minutes=3)  # 22:35
    assert [i.kind for i in c.check()] == ["check_back"]
    c.acknowledge(ring[0].deadline_id)
    step(clock, mono, minutes=10)
    assert c.check() == [] and len(rang) == 2  # seen: red, but silent


def test_the_repeat_interval_is_configurable(make_controller, dispatched, clock, mono):
    c = make_controller(repeat=timedelta(minutes=2))
    c.start()
    step(clock, mono, minutes=30)
    assert len(c.check()) == 1
    step(clock, mono, minutes=2)
    assert len(c.check()) == 1
    c.set_repeat(10)
    step(clock, mono, minutes=2)
    assert c.check() == []


def test_snooze_to_2240_is_silent_until_2240(make_controller, dispatched, desk, operator, clock, mono):
    c = make_controller()
    c.start()
    step(clock, mono, minutes=30)
    (ring,) = c.check()
    step(clock, mono, minutes=1)  # 22:31
    D.snooze(desk, operator, ring.deadline_id, at(22, 40).astimezone(ZoneInfo("UTC")), "居民电话未接通")
    for _ in range(8):  # 22:32 … 22:39
        step(clock, mono, minutes=1)
        assert c.check() == []
    assert c.snapshot.overdue == 1  # still overdue: the snooze moves the alert, not the deadline
    step(clock, mono, minutes=1)  # 22:40
    assert [i.deadline_id for i in c.check()] == [ring.deadline_id]


def test_a_restarted_console_shows_the_same_queue_and_keeps_the_snooze(make_controller, dispatched, desk, operator,
                                                                      clock, mono):
    first = make_controller()
    first.start()
    step(clock, mono, minutes=31)
    (item,) = first.check()
    D.snooze(desk, operator, item.deadline_id, clock.now() + timedelta(minutes=9), "稍后再打")
    first.stop()
    again = make_controller()  # nothing carried over but the database
    again.start()
    assert [i.deadline_id for i in again.items] == [item.deadline_id]
    assert again.check() == []
    step(clock, mono, minutes=9)
    assert [i.deadline_id for i in again.check()] == [item.deadline_id]


def test_recording_the_check_back_clears_it(make_controller, dispatched, desk, operator, clock, mono):
    c = make_controller()
    c.start()
    step(clock, mono, minutes=30)
    assert len(c.check()) == 1
    T.record_check_back(desk, operator, dispatched, came=True, note="师傅已到")
    c.refresh()
    assert [i for i in c.items if i.ticket_id == dispatched] == []
    step(clock, mono, minutes=20)
    assert c.check() == [] and c.snapshot.overdue == 0


def test_escalation_moves_the_resolution_deadline_to_three_days(make_controller, dispatched, desk, operator, clock,
                                                                 mono):
    step(clock, mono, minutes=20)
    T.escalate(desk, operator, dispatched, "需要街道协调")
    res = open_deadlines(desk, dispatched)["resolution"]
    assert desk.local(res) == at(22, 0, day=25)  # 3 days from dispatch at 22:00
    assert "check_back" not in open_deadlines(desk, dispatched)  # superseded by the escalation
    c = make_controller()
    c.start()
    assert [i for i in c.items if i.ticket_id == dispatched] == []  # 3 days away: not in the hour's queue


def test_an_unsatisfied_call_reviewed_and_rectified_by_reopening_creates_new_deadlines(
        make_controller, dispatched, desk, operator, supervisor, street, clock, mono):
    from console.services import satisfaction as S

    T.record_check_back(desk, operator, dispatched, came=True)
    step(clock, mono, hours=3)
    T.resolve(desk, operator, dispatched, "已恢复供电")
    assert set(open_deadlines(desk, dispatched)) == {"satisfaction"}
    step(clock, mono, hours=1)
    T.record_satisfaction(desk, operator, dispatched, "unsatisfied", comment="第二天又停了")
    assert set(open_deadlines(desk, dispatched)) == {"review"}  # 回访复核: in the queue for the supervisor
    S.decide_review(desk, supervisor, dispatched, True, "属实")
    S.rectify(desk, operator, dispatched, "重新派单处理", reopen=True,
              redispatch=T.Dispatch(street.units["嘉宏三村物业"]))
    opened = open_deadlines(desk, dispatched)
    assert set(opened) == {"check_back", "resolution"}
    assert opened["check_back"] == clock.now() + timedelta(minutes=30)
    with desk.db.read() as s:
        from console.store.models import Ticket
        t = s.get(Ticket, dispatched)
        assert t.reopen_count == 1 and t.status == "dispatched"
    c = make_controller()
    c.start()
    assert [(i.ticket_id, i.kind) for i in c.items] == [(dispatched, "check_back")]
    step(clock, mono, minutes=30)
    assert [i.kind for i in c.check()] == ["check_back"]


def test_a_deadline_due_during_sleep_rings_once_on_wake_not_once_per_missed_tick(make_controller, dispatched, clock,
                                                                                  mono, qtbot):
    c = make_controller(poll_ms=2_000)
    rang, jumps = [], []
    c.alert.connect(rang.append)
    c.clock_jumped.connect(jumps.append)
    c.start()
    step(clock, mono, seconds=2)
    assert c.poll() is False  # awake, nothing written, clocks agree: no re-read
    checks = c.checks
    clock.advance(hours=2)  # the lid was closed at 22:00:02 and opened at 00:00:04
    mono.t += 2
    assert c.poll() is True and c.checks == checks + 1
    assert len(jumps) == 1 and jumps[0] == pytest.approx(7198, abs=1)  # 2 h of wall, 2 s of monotonic
    assert len(rang) == 1 and [i.kind for i in rang[0]] == ["check_back"]
    for _ in range(5):  # the next polls (2 s apart) agree again: no more re-reads, no more rings
        step(clock, mono, seconds=2)
        assert c.poll() is False
    assert len(rang) == 1
    step(clock, mono, minutes=5)
    c.check()
    assert len(rang) == 2  # the normal repeat resumes


def test_the_wall_clock_set_back_is_noticed_too(make_controller, dispatched, clock, mono):
    c = make_controller()
    c.start()
    clock.advance(minutes=-10)
    mono.t += 2
    assert c.poll() is True


def test_one_timer_armed_for_the_next_due_moment_capped_by_the_safety_recheck(make_controller, dispatched, clock,
                                                                                mono):
    c = make_controller()
    c.start()
    assert c.next_wake is not None and c.desk.local(c.next_wake) == at(22, 30)
    assert c.timer_interval_ms == 30_000  # 30 minutes away: the safety re-check comes first
    step(clock, mono, minutes=29, seconds=50)
    c.check()
    assert 9_000 <= c.timer_interval_ms <= 10_100  # ten seconds before it falls due
    step(clock, mono, seconds=10)
    assert len(c.check()) == 1
    assert c.desk.local(c.next_wake) == at(22, 35)  # the repeat


def test_a_deadline_beyond_the_hour_wakes_the_timer_when_it_enters_the_horizon(make_controller, desk, operator,
                                                                                street, clock, mono):
    t = T.log_call(desk, operator, T.NewCall(description="噪音", category_id=street.categories["噪音扰民"]),
                   dispatch=T.Dispatch(street.units["城东派出所"]))
    T.record_check_back(desk, operator, t.id, came=True)  # only the resolution (tomorrow 22:00) stays open
    c = make_controller()
    c.start()
    assert c.items == ()
    assert desk.local(c.next_wake) == at(22, 0, day=23) - timedelta(hours=1)  # enters the hour at 21:00


def test_no_alert_for_an_item_another_seat_has_already_done(make_controller, dispatched, db_path, clock, mono,
                                                            operator):
    c = make_controller()
    c.start()
    step(clock, mono, minutes=29, seconds=30)
    other = Database(db_path)  # the second seat: its own engine and connections on the same file
    try:
        T.record_check_back(Desk(other, clock), operator, dispatched, came=True)
    finally:
        other.dispose()
    step(clock, mono, seconds=30)  # 22:30: the deadline would be due, but it is done
    assert c.check() == [] and c.items == ()


def test_the_change_watcher_brings_another_connections_write_in_at_the_next_poll(make_controller, dispatched,
                                                                                  db_path, clock, mono, operator):
    from console.store.change_watch import ChangeWatcher

    watcher = ChangeWatcher(Database(db_path))
    c = make_controller(watcher=watcher)
    c.start()
    assert len(c.items) == 1
    step(clock, mono, seconds=2)
    assert c.poll() is False
    other = Database(db_path)
    try:
        T.record_check_back(Desk(other, clock), operator, dispatched, came=False, note="还没人来")
    finally:
        other.dispose()
    step(clock, mono, seconds=2)
    assert c.poll() is True
    (item,) = c.items  # the old check-back is done; "not yet" opened a new one 30 minutes on
    assert c.desk.local(item.due_at) == at(22, 30, 2)  # recorded at 22:00:02
    watcher.close()


def test_acknowledging_a_snoozed_item_does_not_swallow_its_alert_after_the_snooze(make_controller, dispatched, desk,
                                                                                   operator, clock, mono):
    c = make_controller()
    c.start()
    step(clock, mono, minutes=31)
    (item,) = c.check()
    D.snooze(desk, operator, item.deadline_id, clock.now() + timedelta(minutes=5), "稍后")
    c.refresh()
    c.acknowledge(item.deadline_id)  # e.g. opened from the queue while snoozed
    assert c.acknowledge_all() == 0
    step(clock, mono, minutes=5)
    assert [i.deadline_id for i in c.check()] == [item.deadline_id]


def test_alert_settings_round_trip_through_qsettings(ui_settings):
    from console.ui.due.alert_controller import AlertSettings

    assert AlertSettings.load(ui_settings) == AlertSettings(mute=False, repeat_minutes=5)
    AlertSettings(mute=True, repeat_minutes=10).save(ui_settings)
    assert AlertSettings.load(ui_settings) == AlertSettings(mute=True, repeat_minutes=10)
    ui_settings.setValue("alerts/repeat_minutes", "nonsense")
    assert AlertSettings.load(ui_settings).repeat_minutes == 5


def test_the_sound_is_the_bundled_chime_played_detached_or_a_beep_and_silent_when_muted(qtbot, monkeypatch):
    import wave

    from PySide6.QtWidgets import QApplication

    from console.ui.due import alert_sound
    from console.ui.due.alert_sound import AlertSound, chime_path, find_player

    with wave.open(str(chime_path())) as w:  # short, small, mono
        assert w.getnchannels() == 1 and 0.3 < w.getnframes() / w.getframerate() < 2
    assert chime_path().stat().st_size < 50_000
    started = []
    s = AlertSound(start=lambda prog, args: started.append((prog, args)) or True, player=["/usr/bin/paplay"])
    monkeypatch.setattr(alert_sound.sys, "platform", "linux")
    assert s.play(mute=True) == "" and started == []
    assert s.play() == "paplay" and started == [("/usr/bin/paplay", [str(chime_path())])]
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    assert AlertSound(player=None).play() == "beep" and beeps == [1]
    failing = AlertSound(start=lambda *a: False, player=["/usr/bin/aplay", "-q"])
    assert failing.play() == "beep" and beeps == [1, 1]
    which = {"aplay": "/usr/bin/aplay"}.get
    assert find_player("linux", which) == ["/usr/bin/aplay", "-q"]
    assert find_player("darwin", {"afplay": "/usr/bin/afplay"}.get) == ["/usr/bin/afplay"]
    assert find_player("win32", which) is None
