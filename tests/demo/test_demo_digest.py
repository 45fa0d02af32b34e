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

# Computed on main (63f15f8) with `python tests/demo/test_demo_digest.py`: 1,500 tickets, seed 5, NOW.
PINNED: dict[str, str] = {
    'alembic_version': 'dbef08a18a2dde2eed8e686f5b71c52727bb8df506d28437bae0683daaba60da',
    'audit_log': 'a9c6cd4c38c99be100eb1f19ac91e4c5e805261977241c15437c6e53bab24433',
    'calendar_days': '91cccbab7cb64172f511f6f668b50e1cdb64f6bfa30292a58e5fd31e689dc997',
    'calendar_years': 'de3b9eb62ab1f3c661a3c7cdfd0c6ef6fa5c34e63b1ec1e34365120a77d5753d',
    'categories': '5be9f817b63020b87ec58a9b8181802c9afedf9b36bb9df24829476de7cfc3c6',
    'communities': '94de7e0dd9c9ff09f2034eeaae6bd417e884c149713335240264b08765187868',
    'contacts': '722a7ed8a851ef87c0b17217e23e134d4ee8a20ec77d7c689611c5374867831c',
    'deadline_rules': '0cc1134db41bfeeaa498cdc115c88c352214de30b90374548c861088e053cc43',
    'deadlines': '0d4d94d5dae0764cd252f847e44cd9d9ffb53f17f14d527f5a1ecd693d9fc633',
    'extension_requests': '4d1530f845d14c9e3fffdabe28fe4acbfec70028b283416214e19bbc80483b3f',
    'grids': '68fa55dd914ab060dd1011de4670bcffd47407aec293fbf911750401069e424e',
    'handbook_entries': 'faab7f0e76228616afc26a03c84044b83c790e247c8af820a342d0eadef525c8',
    'login_throttle': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'missed_calls': '4e7b04d0010457b60a4829c58231865aa547de7676899b349b77e5052158efec',
    'request_types': '056df0fffbe03def95cf41dbb236deaf58fd323a151ccf91177009ef47c74ad7',
    'settings': 'c14ce8501bdcbc3fff6a5d58ba0a6aa3754fef6e86023c26c3d9adc4cc0213dc',
    'shifts': '7911ae70a4b45daba170f6c072dabb2541768d4edcda974f631fcabef05c15cf',
    'special_groups': '80377af10cbd045deb2035909d777c296b36aaf57ec9a78da6c821771a8df9f1',
    'ticket_calls': 'dd9e9ce3901fc903ac845053fa31db86d40a0ac3af5d3c1c83d59b112cc4765f',
    'ticket_co_units': '5b399e3a970d2f8bcb7561f110b73f54c97cf140c3c5d6afbe0ac21ce15a3f18',
    'ticket_counters': '93fc75c159b7238859ca650654edb2803bd4b90df085e42adcba9b033bd972fc',
    'ticket_events': '20aaff54309bb62c374f5d58b5999dd25089ec325a75a362b4693f423cc63b29',
    'ticket_fts': '74e1048df4e3c243c9a520ac41a83427b4e49cfe1657ada9fe2a390c91aaa281',
    'ticket_fts_config': 'a8b2b0af8b6c9a9598f7099e99403f4c08ac9073e6ed401557fcc5c6bcbab6c1',
    'ticket_fts_data': 'c8ebf1d537f442432f065c2397b1e12a713e22a429c348847643c083e50b440f',
    'ticket_fts_docsize': '807affa266e7fa1c68cd9a7e1e71138c9742db6dba2248903bc9294edf7b0f95',
    'ticket_fts_idx': 'f7ffb8e84d9e568156446918d26266e6eab362b1be6d7644d58b7bb45a1ea777',
    'ticket_photos': '98eb772d2b9442607f7960c24ac30ed73f468332caf49188f32f56cb5a8dd958',
    'tickets': '763b8df28e58274d43a995019dbdf9f0cbf504e81474abb9e3f84090a14a6dde',
    'unit_categories': '11c53728c138359e47d2bcd6b80612e6e687574d24fa78f599709dbfc6c6c629',
    'unit_communities': '408084dd4f690f2c2cbb516dc5a5febbecba350a354d75589577e7329c4721a3',
    'units': '3faf83309ed2841829c1c6901b2caef190f9c6b30c79bcca0e11cc409e4c9732',
    'users': 'acf994f22f3ee60928bb51998e1911c6ede73405386fc55f33128728cad8afdf',
    'ticket_fts MATCH': '456bcb8370271340817cfffd5a0307a1c36d7b9b8e4ac367dfc5bed131ed9c29',
}


def table_digests(path) -> dict[str, str]:
    """sha256 of each table's rows in order of all their columns (values as SQLite stores them, typed; FTS5's shadow tables
    too, so the index is the same one), plus the index's answer to a few searches."""
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for name in names:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")') if (name, r[1]) not in SALTED]
            h = hashlib.sha256()
            for row in con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{name}" '
                                   f"ORDER BY {', '.join(str(i + 1) for i in range(len(cols)))}"):
                h.update(repr(row).encode())
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
