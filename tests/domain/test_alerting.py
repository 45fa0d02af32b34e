from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from console.domain.alerting import AlertTracker, effective_due

T0 = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai


@dataclass
class Item:
    deadline_id: int
    due_at: datetime
    snoozed_until: datetime | None = None


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_no_alert_before_due_one_at_due_then_repeats_every_five_minutes():
    tr = AlertTracker()
    items = [Item(1, at(30))]
    assert tr.evaluate(items, at(29)) == []
    assert tr.next_wakeup(items, at(29)) == at(30)
    assert tr.evaluate(items, at(30)) == [1]
    assert tr.evaluate(items, at(31)) == []
    assert tr.next_wakeup(items, at(31)) == at(35)
    assert tr.evaluate(items, at(35)) == [1]


def test_snooze_is_silent_until_its_end_then_rings():
    tr = AlertTracker()
    it = Item(1, at(30))
    assert tr.evaluate([it], at(30)) == [1]
    it.snoozed_until = at(40)
    assert effective_due(it) == at(40)
    assert tr.evaluate([it], at(31)) == []
    assert tr.evaluate([it], at(39)) == []
    assert tr.next_wakeup([it], at(39)) == at(40)
    assert tr.evaluate([it], at(40)) == [1]


def test_acknowledged_items_do_not_repeat():
    tr = AlertTracker()
    items = [Item(1, at(30))]
    tr.evaluate(items, at(30))
    tr.acknowledge(1)
    assert tr.evaluate(items, at(50)) == []
    assert tr.next_wakeup(items, at(50)) is None


def test_due_during_sleep_rings_once_on_wake():
    tr = AlertTracker()
    items = [Item(1, at(30)), Item(2, at(45))]
    assert tr.evaluate(items, at(10)) == []
    # the machine sleeps from 10 to 120 minutes: one evaluation on wake
    assert tr.evaluate(items, at(120)) == [1, 2]
    assert tr.evaluate(items, at(121)) == []


def test_item_done_elsewhere_never_rings():
    tr = AlertTracker()
    tr.evaluate([Item(1, at(30))], at(30))
    assert tr.evaluate([], at(36)) == []
    assert tr.next_wakeup([], at(36)) is None
