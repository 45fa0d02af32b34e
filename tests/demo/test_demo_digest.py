"""The demo desk's content, pinned: a fixed seed and clock give, row for row, the desk they gave before the
build was made faster (issue 21). The digests were computed on main's code before the change; a change of
content is a change of the seeded history, which tests and training notes rely on."""
from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

from console.demo.desk import build_demo_desk
from console.domain.clock import FakeClock
from console.services.context import Desk
from console.store.database import Database
from console.store.migrate import ensure_schema

NOW = datetime(2026, 11, 22, 22, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# Salted on every build: the only column that may differ.
SALTED = {("users", "password_hash")}

# Computed on main's code before the faster build (63f15f8, run with this file's table_digests): 1,500 tickets,
# seed 5, NOW.
PINNED: dict[str, str] = {
    'audit_log': 'aa06e794f551020718d48259f31678ee43144ef5fb329a13d39ed52a86fa0223',
    'calendar_days': 'b4b9871945142d95dc2d7d118c6e9d07bfa663238e930a971505793c9a116673',
    'calendar_years': '58c103954bcc61118c381de5d2f6189941762b81b38cd0b1e0b8db12c29eac3c',
    'categories': '55304298b65cc4452e67e677191f4fa6e34e040f38ede32de7a88a62a54fd2f6',
    'communities': 'ddba425deff3048775ad6d2cf9d4a15e16826fc33deb0df5ded89b9939a0182a',
    'contacts': 'ddd581e1ba51078bc4af5144288099c4c42a62c1759699db2f1c93bcc61480df',
    'deadline_rules': 'ac7ad16312f528953a6014c5a0abe3b9a6d40722d40017b265679e6010093b71',
    'deadlines': '3ce82d6b7665ba0d3f856e6a1d0ae54f6ea19f697d3b23fa3d28d37202909b46',
    'extension_requests': 'f49afcedea13760b03e6c1e0de253292b9c637edd1c17b38b6cd55eea3f85fac',
    'grids': '73a8099b3b9dad230d277ad03c78fd0f6a20a6ee8068c817a3a5aca9a96f085e',
    'handbook_entries': '943c64d746e202e9ec34edb844348dca25ad53d7ae3d3371b48065b0ac81762f',
    'missed_calls': 'af4845c0f9661819deeca70f3ca1b9aa4844e0e6abb2b8c7cf419a8d1eed4f60',
    'request_types': '523f76247f685305d5dbfb5d0e00ce67dfe444e9d735203824b2987ed65d3f52',
    'settings': '3f7266ff5b6d0278d675ac59a4728b28453df9fc4ca9671239416c2484fe3c10',
    'shifts': 'ccf1d4f0dab46d0f514c95b61c86e2dbb9435ffabe0cad3937c80bd24de5e6f5',
    'special_groups': '40adbad6c702064904f7984d5fa871072ccfd91dd02df83fcd3324c715969681',
    'ticket_calls': '933c1237aa4eef0c673d8a329b7cbaab9f8143b948126a5177103e368398fecd',
    'ticket_co_units': 'e97dfcbab50a6c3d2d794fe1cb3793fc978ba4fefa21f04a215ebb4fd3d243e4',
    'ticket_counters': '446e415e85ac70598210a85c2808d42d8df241fa3ee39de17ea125caeef26aa2',
    'ticket_events': '4091ebf6e43779e59a9f3b16b1c22cb6497386fbde4fe61d234248d25b4d4bd6',
    'ticket_fts': '4cd98100a6317af72320357bca771e7eea1f5e6358aed7fe72023e92cd6e3c10',
    'ticket_fts_config': 'bd66e5c5c09b130fc2cddb181b7f20157917b861ca4a1e27aafe777cb69b9907',
    'ticket_fts_data': 'ba74422c4cf5d016e614b7b9342f1f56b6b77661d6d7efeae3e92a299ea869f3',
    'ticket_fts_docsize': '07f420632fbd2ea39c61d7e213fe69618c2a0d1bbe2b1512f5bb07fb7a415a2e',
    'ticket_fts_idx': '6fd942b3781b249fde439e419a85c61b2c48c58b75ce86de434002adc2820ad3',
    'ticket_photos': '49e9c673d26a838d219c81ef40766833f4e070437e055a0a3cba0c935feb1283',
    'tickets': '40e2b616630bdcd1d0c6be19b9f672763e748997e630212797111c0097dcee6d',
    'unit_categories': '39359df0e711f7a12be3e174166a83665fbffbb4d01027418803d1366adfc8e7',
    'unit_communities': '0ec2db55b1a6d4375ca474991013493c6f1cdd601816f8578cbc61086c52abde',
    'units': 'c8a52970af4bbaa81ccf6a71c96a3a6541f2539542092d108e5112e27ea2e83f',
    'users': '2202dfd9b3d7482f72f2ceac79bd5763f6067d359cb7807833d0cf07de152a5e',
    'ticket_fts MATCH': '456bcb8370271340817cfffd5a0307a1c36d7b9b8e4ac367dfc5bed131ed9c29',
}


def table_digests(path) -> dict[str, str]:
    """sha256 of each table's rows in order of all their columns (values as SQLite stores them, typed; FTS5's shadow tables
    too, so the index is the same one), plus the index's answer to a few searches.

    Each row is hashed as its (column, value) pairs without the NULLs, the schema's version and the deadline
    policy's stamp (a random token, migration 0025) are left out and so
    are empty tables: a later migration that adds a table or a nullable column the demo does not fill leaves
    the digests as they were; a change of what the demo writes does not."""
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for name in names:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")') if (name, r[1]) not in SALTED]
            h = hashlib.sha256()
            rows = 0
            for row in con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{name}" '
                                   f"ORDER BY {', '.join(str(i + 1) for i in range(len(cols)))}"):
                h.update(repr(tuple((c, v) for c, v in zip(cols, row, strict=True) if v is not None)).encode())
                rows += 1
            if rows and name not in ("alembic_version", "policy_stamp"):  # the stamp: random per database (0025)
                out[name] = h.hexdigest()
        h = hashlib.sha256()
        for term in ("停电", "漏水", "噪音", "嘉宏三村", "电梯"):
            h.update(repr(con.execute("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ? ORDER BY rowid",
                                      (term,)).fetchall()).encode())
        out["ticket_fts MATCH"] = h.hexdigest()
        return out
    finally:
        con.close()


def build(folder, tickets: int = 1500, seed: int = 5):
    path = folder / "desk.sqlite3"
    db = Database(path)
    ensure_schema(db, backup_dir=folder)
    desk = Desk(db, FakeClock(NOW))
    build_demo_desk(desk, tickets=tickets, seed=seed)
    db.dispose()
    return path


def test_the_demo_desk_is_row_for_row_the_one_main_built(tmp_path):
    got = table_digests(build(tmp_path))
    assert got == PINNED


if __name__ == "__main__":  # prints the digests to pin (run on main's code)
    import sys
    import tempfile
    from pathlib import Path

    work = Path(tempfile.mkdtemp())
    try:
        for k, v in table_digests(build(work)).items():
            print(f"    {k!r}: {v!r},")
    finally:
        shutil.rmtree(work)
    sys.exit(0)
