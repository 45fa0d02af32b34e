"""Migration 0020: the units already in the phonebook get their search columns, built by the console's function."""
from __future__ import annotations

import sqlite3

from console.domain.unit_search import unit_search_digits, unit_search_text
from console.store.database import Database
from console.store.migrate import upgrade


def test_units_written_before_it_are_found_after_it(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = Database(path)
    upgrade(db, "0019")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO units(id, name, kind, initials, skills, notes, active) VALUES "
                "(1, '嘉宏三村物业', 'property', 'jhscwy', '修 水管', 'ＡＢ', 1), (2, '无联系人', 'other', '', '', '', 1)")
    con.execute("INSERT INTO contacts(unit_id, person, role, phones, duty_hours) VALUES "
                "(1, '陈师傅', '电工', '021-59123456、13800138001', ''), (1, '', '前台', '95598', '')")
    con.commit()
    con.close()
    upgrade(db, "head")
    con = sqlite3.connect(path)
    assert con.execute("SELECT id, search_text, search_digits FROM units ORDER BY id").fetchall() == [
        (1, unit_search_text("嘉宏三村物业", "jhscwy", "修 水管", "ＡＢ", [("陈师傅", "电工"), ("", "前台")]),
         unit_search_digits(["021-59123456、13800138001", "95598"])),
        (2, unit_search_text("无联系人", "", "", ""), ""),
    ]
    assert con.execute("SELECT search_digits FROM units WHERE id = 1").fetchone() == ("02159123456 13800138001 95598",)
    con.close()
    db.dispose()
