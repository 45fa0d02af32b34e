"""A small street built by hand for tests: every figure is easy to count.

Communities: 嘉宏三村 (grid 1), 白马小区 (grid 2).
Categories:  水电气/停电, 水电气/漏水, 噪音扰民.
Units:
  嘉宏三村物业   property, covers 嘉宏三村, handles 水电气;
                  contacts: office 08:30-17:30 (workdays), on-call electrician 20:00-08:00
  城东供电所     power, covers everywhere, handles 停电; 24小时 duty line
  城东派出所     police, covers everywhere, handles 噪音扰民; 24小时
  白马小区物业   property, covers 白马小区, handles 水电气; 工作日 08:30-17:30
Accounts: op / lead / admin (password 'secret1'), roles operator / supervisor / admin.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from PySide6 import __version__ as _  # noqa: F401  (fail early if Qt is missing)
from sqlalchemy import select

from console.domain.initials import pinyin_initials
from console.services.accounts import hash_password
from console.services.context import Actor
from console.store.models import (
    Category,
    Community,
    Contact,
    Grid,
    Unit,
    UnitCategory,
    UnitCommunity,
    User,
)
from console.store.unit_search import refresh_unit_search

PASSWORD = "secret1"


def old_scrypt_hash(password: str) -> str:
    """A password hash exactly as desks kept them before argon2id (scrypt, N = 2^14, r = 8, p = 1)."""
    import base64
    import hashlib
    import os

    salt = os.urandom(16)
    dk = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(dk).decode()}"


def build_small_desk(db) -> None:
    from datetime import datetime

    h = hash_password(PASSWORD)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with db.write() as s:
        for name, role in (("op", "operator"), ("lead", "supervisor"), ("admin", "admin")):
            s.add(User(username=name, display_name={"op": "张值班", "lead": "李站长", "admin": "管理员"}[name],
                       role=role, password_hash=h, active=True, created_at=now))
        g1, g2 = Grid(name="第一网格", worker="王网格", phone=""), Grid(name="第二网格", worker="赵网格", phone="")
        s.add_all([g1, g2])
        s.flush()
        jh = Community(name="嘉宏三村", initials=pinyin_initials("嘉宏三村"), grid_id=g1.id)
        bm = Community(name="白马小区", initials=pinyin_initials("白马小区"), grid_id=g2.id)
        s.add_all([jh, bm])
        sdq = Category(name="水电气", initials="sdq", sort_order=1)
        noise = Category(name="噪音扰民", initials="zyrm", sort_order=2)
        s.add_all([sdq, noise])
        s.flush()
        td = Category(name="停电", parent_id=sdq.id, initials="td", sort_order=1)
        ls = Category(name="漏水", parent_id=sdq.id, initials="ls", sort_order=2)
        s.add_all([td, ls])
        s.flush()

        def unit(name, kind, cats, comms, contacts):
            u = Unit(name=name, kind=kind, initials=pinyin_initials(name), skills="", notes="", active=True)
            s.add(u)
            s.flush()
            for c in cats:
                s.add(UnitCategory(unit_id=u.id, category_id=c.id))
            for c in comms:
                s.add(UnitCommunity(unit_id=u.id, community_id=c.id))
            for person, role, phones, duty in contacts:
                s.add(Contact(unit_id=u.id, person=person, role=role, phones=phones, duty_hours=duty))
            refresh_unit_search(s, [u.id])  # as the phonebook's services do after a write

        unit("嘉宏三村物业", "property", [sdq], [jh], [
            ("物业办公室", "前台", "021-59123456", "工作日 08:30-17:30"),
            ("陈师傅", "值班电工", "13800138001", "20:00-08:00"),
        ])
        unit("城东供电所", "power", [td], [], [("值班室", "24小时值班", "95598", "24小时")])
        unit("城东派出所", "police", [noise], [], [("值班民警", "值班", "110", "24小时")])
        unit("白马小区物业", "property", [sdq], [bm], [("物业办公室", "前台", "021-59120000", "工作日 08:30-17:30")])


@dataclass
class Street:
    communities: dict[str, int]
    categories: dict[str, int]
    units: dict[str, int]
    contacts: dict[str, int]
    actors: dict[str, Actor]


def lookup_ids(db) -> Street:
    with db.read() as s:
        comms = {c.name: c.id for c in s.scalars(select(Community))}
        cats = {c.path: c.id for c in s.scalars(select(Category))}
        units = {u.name: u.id for u in s.scalars(select(Unit))}
        contacts = {f"{c.unit.name}/{c.person}": c.id for c in s.scalars(select(Contact))}
        actors = {u.username: Actor(u.id, u.username, u.display_name, u.role) for u in s.scalars(select(User))}
    return Street(comms, cats, units, contacts, actors)


def send_text(widget, text: str) -> None:
    """Type text (Chinese included) into a widget as an input method would.

    QTest.keyClicks aborts the process on non-ASCII text (see PITFALLS.md).
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    e = QInputMethodEvent()
    e.setCommitString(text)
    QApplication.sendEvent(widget, e)


def key(qtbot, k, mods=None) -> None:
    """Press a key where the keyboard focus is, as a person would."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    w = QApplication.focusWidget()
    assert w is not None, "no widget has the keyboard focus"
    qtbot.keyClick(w, k, Qt.KeyboardModifier.NoModifier if mods is None else mods)


def focused(qtbot, window):
    """Show a window and wait until it is the active one (keys go where a person's would)."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@dataclass
class Result:
    """What a run of the program left: exit code, stdout, stderr (CLI tests)."""

    rc: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def xlsx_file(path, rows):
    """A workbook with `rows` on its first sheet (openpyxl, as a desk's Excel would save it); returns path."""
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def fixed_text_dialog(text: str, asked: list | None = None):
    """A stand-in for TextPromptDialog that answers `text` at once (no nested event loop in a test);
    the prompts it was shown go to `asked`."""

    class FixedText:
        def __init__(self, title, prompt, parent=None, **kw):
            if asked is not None:
                asked.append(prompt)

        def exec(self):
            return 1

        def text(self):
            return text

    return FixedText


def show_dialog(qtbot, dlg):
    """A dialog shown, exposed and active (keys go to it), closed with the test."""
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    return dlg


def cancel_at_first_progress(dlg) -> list[bool]:
    """Start `dlg`'s import (an import dialog on a synchronous runner) and press its Cancel at the first
    progress report; returns [whether Cancel was enabled then] ([] when no progress came)."""
    pressed: list[bool] = []

    def press(_value: int) -> None:
        if not pressed:
            pressed.append(dlg.cancel_button.isEnabled())
            dlg.cancel_button.click()
    dlg.progress.valueChanged.connect(press)
    try:
        dlg.import_button.click()
    finally:
        dlg.progress.valueChanged.disconnect(press)
    return pressed


def audit_news(desk, action: str) -> list[str]:
    """The `new` text of every audit row of `action`, oldest first (what an export or a step recorded)."""
    from console.store.models import AuditEntry

    with desk.db.read() as s:
        return list(s.scalars(select(AuditEntry.new).where(AuditEntry.action == action).order_by(AuditEntry.id)))
