"""Issue 21, path 2: the caller lookup — services.calls.caller_card (the card a ring shows; New Call's panel
reads the same store queries) — beside bare sqlite3 running the same statements, interleaved in one process.

    python bench/bench_caller_lookup.py [--db /tmp/bench-s9-200k.sqlite3] [--tickets 200000] [--runs 500]
                                        [--profile /tmp/card.prof]

Ours: `caller_card(desk, phone)` in its own read transaction: the repeat-call window (a setting), the
caller's history (50 newest, joined with community, category path and unit), the tickets of the last
`days` days, the caller's latest ticket that is not 保密 (with its community), the special-group members
by phone and — when that ticket names a community — by its address, keyed member by member.

Bare: the same reads on an open sqlite3 connection inside BEGIN … ROLLBACK (a consistent snapshot, as
ours), the same SQL text each time (sqlite3's statement cache), the address keys by the same
`console.domain.address.normalise`. The caller is the desk's busiest phone among the special-group
members (or its busiest phone). The card's fields are compared once: the same answer.
"""
from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from hot_path_bench import open_bench_desk, profile

BRIEF = ("SELECT t.id, t.number, t.received_at, t.status, t.caller_name, t.caller_phone, c.name, "
         "coalesce(p.name || '/' || g.name, g.name), u.name, t.description, t.confidential FROM tickets t "
         "LEFT JOIN communities c ON t.community_id = c.id LEFT JOIN categories g ON t.category_id = g.id "
         "LEFT JOIN categories p ON g.parent_id = p.id LEFT JOIN units u ON t.unit_id = u.id ")


def main(argv: list[str] | None = None) -> int:
    b = open_bench_desk(__doc__, argv, runs=500)
    from console.domain.address import normalise
    from console.services.calls import caller_card

    desk, bare = b.desk, b.bare
    row = bare.execute("SELECT t.caller_phone, count(*) AS n FROM tickets t JOIN special_groups m "
                       "ON m.phone = t.caller_phone WHERE t.caller_phone <> '' GROUP BY t.caller_phone "
                       "ORDER BY n DESC LIMIT 1").fetchone() or \
        bare.execute("SELECT caller_phone, count(*) AS n FROM tickets WHERE caller_phone <> '' "
                     "GROUP BY caller_phone ORDER BY n DESC LIMIT 1").fetchone()
    phone, n = row
    print(f"caller {phone}: {n} tickets", flush=True)

    def ours():
        return caller_card(desk, phone)

    if b.args.profile:
        profile(ours, b.args.profile, b.args.runs)
        return 0

    def bare_card():
        now = datetime.now(UTC)
        bare.execute("BEGIN")
        v = bare.execute("SELECT value FROM settings WHERE key = ?", ("repeat_days",)).fetchone()
        days = int(v[0]) if v and v[0].isdigit() else 7
        history = bare.execute(BRIEF + "WHERE t.caller_phone = ? AND t.id <> ? ORDER BY t.received_at DESC, "
                               "t.id DESC LIMIT ?", (phone, -1, 50)).fetchall()
        since = (now - timedelta(days=days)).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        recent = bare.execute("SELECT count(*) FROM tickets WHERE caller_phone = ? AND received_at >= ? "
                              "AND status <> 'void'", (phone, since)).fetchone()[0]
        last = bare.execute("SELECT t.number, t.caller_name, t.community_id, c.name, t.building, t.room, t.address "
                            "FROM tickets t LEFT JOIN communities c ON t.community_id = c.id WHERE t.caller_phone = ? "
                            "AND t.confidential = 0 AND t.status <> 'void' ORDER BY t.received_at DESC, t.id DESC "
                            "LIMIT 1", (phone,)).fetchone()
        members = {r[0]: r for r in bare.execute("SELECT id, name, \"group\", needs, grid_worker FROM special_groups "
                                                 "WHERE phone = ? LIMIT 10", (phone,))}
        if last is not None and last[2] is not None:
            key = normalise(last[4], last[5], last[6], last[3] or "").key
            for r in bare.execute("SELECT id, name, \"group\", needs, grid_worker, address FROM special_groups "
                                  "WHERE community_id = ? ORDER BY id", (last[2],)):
                if r[5] and key and normalise(address=r[5], community=last[3] or "").key == key:
                    members.setdefault(r[0], r[:5])
        bare.execute("ROLLBACK")
        return history, recent, last, list(members.values())[:10]

    card = ours()
    history, recent, last, members = bare_card()
    same = (card.tickets, card.recent_count, card.from_ticket, [p.name for p in card.special]) == \
        (len(history), recent, last[0] if last else "", [m[1] for m in members])
    if not same:
        print(f"not the same card: ours {card}\n bare {len(history)} {recent} {last} {members}", file=sys.stderr)
        return 1
    print(f"same card: {card.tickets} tickets, {card.recent_count} recent, {len(card.special)} special", flush=True)
    b.time("caller card (history 50 + 7-day count + last ticket + special groups)", ours, bare_card,
           note="bare: the same 6–7 reads in BEGIN … ROLLBACK")
    b.report("Caller lookup")
    b.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
