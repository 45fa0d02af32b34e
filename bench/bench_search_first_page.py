"""Issue 21, path 3: the ticket list's search, first page — the ids a search finds (the window's
search_ticket_ids, 500 newest) and the list's first keyset page of them with its rows — beside bare sqlite3
running the same statements, interleaved in one process.

    python bench/bench_search_first_page.py [--db /tmp/bench-s9-200k.sqlite3] [--tickets 200000] [--runs 300]
                                            [--profile /tmp/search.prof]

Ours, as the window does it: `services.ticket_list.search_ids`'s query in one read
(store.queries.search_ticket_ids, FTS5), then in a second read the table model's first page:
`ticket_ids_page(…, where=ticket_filter(ids=found))` (200 newest by received time among the found) and
`ticket_rows_by_ids` (the list's joined columns, the description cut to 200 characters). Both reads are
`Database.raw_read`s since session 10, as the window's (services.ticket_list: search_ids, list_read).

Bare: the same three statements on an open sqlite3 connection (the FTS MATCH in one BEGIN … ROLLBACK, the
page and its rows in another), the ids bound as parameters. For a term in many tickets and for a rare
one; the ids and rows are compared once: the same answer.
"""
from __future__ import annotations

import sys

from hot_path_bench import open_bench_desk, profile

PAGE = 200
LIMIT = 500


def main(argv: list[str] | None = None) -> int:
    b = open_bench_desk(__doc__, argv, runs=300)
    from console.store import queries

    desk, bare = b.desk, b.bare
    common = "楼道灯"
    rare = None
    for (d,) in bare.execute("SELECT description FROM tickets ORDER BY id LIMIT 300"):
        cjk = [c for c in d if "\u4e00" <= c <= "\u9fff"]
        for i in range(len(cjk) - 2):
            t = "".join(cjk[i:i + 3])
            if t in d and 5 <= bare.execute("SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH ?",
                                            (f'"{t}"',)).fetchone()[0] <= 100:
                rare = t
                break
        if rare:
            break

    def ours(term: str):
        with desk.db.raw_read() as r:
            ids = queries.search_ticket_ids(r, term, limit=LIMIT)
        with desk.db.raw_read() as r:
            page = queries.ticket_ids_page(r, None, PAGE, where=queries.ticket_filter(ids=ids))
            return queries.ticket_rows_by_ids(r, [i for i, _ in page])

    def bare_page(term: str):
        bare.execute("BEGIN")
        ids = [r[0] for r in bare.execute("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ? "
                                          "ORDER BY rowid DESC LIMIT ?", ('"' + term + '"', LIMIT))]
        bare.execute("ROLLBACK")
        bare.execute("BEGIN")
        page = [r[0] for r in bare.execute(
            f"SELECT id, received_at FROM tickets WHERE id IN ({','.join('?' * len(ids))}) "
            "ORDER BY received_at DESC, id DESC LIMIT ?", (*ids, PAGE))]
        rows = {r[0]: r for r in bare.execute(
            "SELECT t.id, t.number, t.received_at, t.status, t.caller_name, t.caller_phone, c.name, "
            "coalesce(p.name || '/' || g.name, g.name), u.name, substr(t.description, 1, 200), t.confidential "
            "FROM tickets t LEFT JOIN communities c ON t.community_id = c.id LEFT JOIN categories g "
            "ON t.category_id = g.id LEFT JOIN categories p ON g.parent_id = p.id LEFT JOIN units u "
            f"ON t.unit_id = u.id WHERE t.id IN ({','.join('?' * len(page))})", page)}
        bare.execute("ROLLBACK")
        return [rows[i] for i in page if i in rows]

    if b.args.profile:
        profile(lambda: ours(common), b.args.profile, b.args.runs)
        return 0

    for term in (common, rare):
        if term is None:
            continue
        a, z = ours(term), bare_page(term)
        if [(r.id, r.number, r.description) for r in a] != [(r[0], r[1], r[9]) for r in z]:
            print(f"not the same page for 「{term}」", file=sys.stderr)
            return 1
        n = bare.execute("SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH ?", (f'"{term}"',)).fetchone()[0]
        print(f"「{term}」: {n:,} matches, first page {len(a)} rows (same as bare)", flush=True)
        b.time(f"search 「{term}」, first page", lambda t=term: ours(t), lambda t=term: bare_page(t),
               note=f"{n:,} matches; {min(n, LIMIT)} ids, page of {len(a)}")
    b.report("Search, first page")
    b.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
