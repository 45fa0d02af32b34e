"""The bare floor of `export shift-log` as a whole process: sqlite3 + a reportlab canvas, nothing else.

    python bench/shift_log_bare.py DB.sqlite3 YYYY-MM-DD OUT.pdf FONT_FILE [SUBFONT_INDEX] [--same-reads]

What straightforward code does to print one night's calls (20:00 to 08:00 the next morning, Asia/Shanghai):
open the desk's SQLite file with the standard library, read the night's tickets (joined with their
community, category, unit and operator), their steps and the night's missed calls, register the same
TrueType font (embedded, subset), and draw the calls table on A4 with a reportlab `Canvas` — cells wrapped
by a greedy per-character loop over the font's widths, the header row repeated on each page, then the missed
calls. No title block, counts, handover lists, signatures or page footers, no masking, no audit row: the
floor the shift log is measured against (bench/bench_shift_log_pdf.py --process). Imports nothing of console.

`--same-reads` (the second contender, "bare, same reads"): besides, what else the shift log reads, written
the straightforward way with sqlite3 (`read_handover`: the shift rows, the call-backs made in the night, the
follow-ups open at its end, the tickets open then with those changed since looked up in their steps, their
resolution deadlines, the photos, the desk's name, the people), with the shift rows, the call-backs and
follow-ups and the backlog per unit drawn as three more tables. Still no masking, no audit row, no page
footers: the floor of the same reads, not of the same document.
"""
from __future__ import annotations

import sqlite3
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4, points
MARGIN = 36.0
SIZE, LEAD, PAD = 7.5, 9.4, 2.0
COLUMNS = (("时间", 28), ("编号", 62), ("来电人", 52), ("社区/地址", 58), ("问题分类", 46),
           ("来电内容", 120), ("承办单位", 46), ("状态", 30), ("办理情况", 81))
FMT = "%Y-%m-%d %H:%M:%S.%f"


UTC, TZ = ZoneInfo("UTC"), ZoneInfo("Asia/Shanghai")


def night_bounds(day: str) -> tuple[str, str]:
    """The night starting on `day`, as the UTC text the desk stores."""
    start = datetime.fromisoformat(day).replace(hour=20, tzinfo=TZ)
    end = start + timedelta(hours=12)
    return start.astimezone(UTC).strftime(FMT), end.astimezone(UTC).strftime(FMT)


def hm(text: str) -> str:
    """A stored UTC time as the local hours and minutes."""
    return f"{datetime.strptime(text, FMT).replace(tzinfo=UTC).astimezone(TZ):%H:%M}"


def read_rows(db: str, day: str) -> tuple[list[list[str]], list[list[str]]]:
    start, end = night_bounds(day)
    con = sqlite3.connect(db)
    try:
        calls = con.execute(
            "SELECT t.id, t.received_at, t.number, t.caller_name, t.caller_phone, c.name, t.building, t.room,"
            " coalesce(p.name || '/' || k.name, k.name), t.description, u.name, t.status, o.display_name"
            " FROM tickets t LEFT JOIN communities c ON c.id = t.community_id"
            " LEFT JOIN categories k ON k.id = t.category_id LEFT JOIN categories p ON p.id = k.parent_id"
            " LEFT JOIN units u ON u.id = t.unit_id LEFT JOIN users o ON o.id = t.operator_id"
            " WHERE t.received_at >= ? AND t.received_at < ? ORDER BY t.received_at, t.id", (start, end)).fetchall()
        steps: dict[int, list[str]] = {}
        ids = [r[0] for r in calls]
        if ids:
            marks = ",".join("?" * len(ids))
            for tid, at, action, detail in con.execute(
                    f"SELECT ticket_id, at, action, detail FROM ticket_events WHERE ticket_id IN ({marks})"
                    " ORDER BY ticket_id, at, id", ids):
                steps.setdefault(tid, []).append(f"{hm(at)} {action} {detail}")
        missed = con.execute("SELECT at, phone, called_back_at FROM missed_calls WHERE at >= ? AND at < ?"
                             " ORDER BY at, id", (start, end)).fetchall()
    finally:
        con.close()
    rows = [[hm(at), number, f"{name}\n{phone}", f"{comm or ''} {b}号{r}", cat or "", desc, unit or "",
             status, "\n".join(steps.get(tid, []))]
            for tid, at, number, name, phone, comm, b, r, cat, desc, unit, status, _op in calls]
    return rows, [[hm(at), phone, "已回拨" if cb else "未回拨"] for at, phone, cb in missed]


CALLBACK_STEPS = ("check_back_came", "check_back_not_yet", "satisfied", "unsatisfied", "co_check_back")
FOLLOW_UPS = ("check_back", "satisfaction", "missed_callback")
OPEN = ("dispatched", "escalated", "in_progress", "logged", "reopened")


def _marks(n: int) -> str:
    return ",".join("?" * n)


def read_handover(db: str, day: str) -> tuple[str, list[list[str]], list[list[str]], list[list[str]]]:
    """`--same-reads`: what the shift log reads besides the calls, written the straightforward way.

    The desk's name, the people, the shift rows of the night, the call-backs made in it on other tickets,
    the follow-ups open at its end (counted, the first 300 listed), the tickets open at its end (those
    changed since looked up in their steps; the backlog counted per unit) and their resolution deadlines,
    the photos added. Returns the title, the shifts, the call-backs plus follow-ups, and the backlog table.
    """
    start, end = night_bounds(day)
    con = sqlite3.connect(db)
    try:
        desk = (con.execute("SELECT value FROM settings WHERE key = 'desk_name'").fetchone() or ("",))[0]
        names = {i: d or u for i, d, u in con.execute("SELECT id, display_name, username FROM users")}
        shifts = [[hm(a), hm(b) if b else "", names.get(o, ""), names.get(c, "") if c else "", note or ""]
                  for a, b, o, c, note in con.execute(
                      "SELECT started_at, ended_at, opened_by, closed_by, handover_note FROM shifts"
                      " WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at, id",
                      (end, start))]
        lists = [[hm(at), number, action, unit or "", names.get(actor, "") if actor else "", detail or ""]
                 for at, number, action, unit, actor, detail in con.execute(
                     "SELECT e.at, t.number, e.action, u.name, e.actor_id, e.detail FROM ticket_events e"
                     " JOIN tickets t ON t.id = e.ticket_id LEFT JOIN units u ON u.id = t.unit_id"
                     f" WHERE e.at >= ? AND e.at <= ? AND e.action IN ({_marks(len(CALLBACK_STEPS))})"
                     " AND (e.undone_at IS NULL OR e.undone_at > ?) ORDER BY e.at, e.id",
                     (start, end, *CALLBACK_STEPS, end))]
        where = f"d.kind IN ({_marks(len(FOLLOW_UPS))}) AND d.start_at <= ? AND (d.done_at IS NULL OR d.done_at > ?)"
        con.execute(f"SELECT count(*) FROM deadlines d WHERE {where}", (*FOLLOW_UPS, end, end)).fetchone()
        lists += [[hm(due), number or "", kind, phone or "", unit or "", ""]
                  for kind, due, number, phone, unit in con.execute(
                      "SELECT d.kind, d.due_at, t.number, coalesce(t.caller_phone, m.phone, ''), u.name"
                      " FROM deadlines d LEFT JOIN tickets t ON t.id = d.ticket_id"
                      " LEFT JOIN missed_calls m ON m.id = d.missed_call_id LEFT JOIN units u ON u.id = t.unit_id"
                      f" WHERE {where} ORDER BY d.due_at, d.id LIMIT 300",
                      (*FOLLOW_UPS, end, end))]
        cand = con.execute(
            "SELECT t.id, t.status, t.updated_at, u.name FROM tickets t LEFT JOIN units u ON u.id = t.unit_id"
            f" WHERE t.received_at < ? AND (t.status IN ({_marks(len(OPEN))}) OR (t.updated_at > ?"
            " AND (t.resolved_at > ? OR t.status IN ('merged', 'void'))))", (end, *OPEN, end, end)).fetchall()
        recheck = [c[0] for c in cand if c[2] and c[2] > end]
        then: dict[int, str] = {}
        if recheck:
            for tid, st in con.execute(
                    f"SELECT ticket_id, to_status FROM ticket_events WHERE ticket_id IN ({_marks(len(recheck))})"
                    " AND at <= ? AND to_status IS NOT NULL ORDER BY ticket_id, at, id", (*recheck, end)):
                then[tid] = st
        units: dict[str, int] = {}
        open_ids = []
        for tid, st, _u, unit in cand:
            if then.get(tid, st) in OPEN:
                open_ids.append(tid)
                units[unit or "未派单"] = units.get(unit or "未派单", 0) + 1
        if open_ids:
            con.execute(f"SELECT ticket_id, due_at FROM deadlines WHERE ticket_id IN ({_marks(len(open_ids))})"
                        " AND kind = 'resolution' AND start_at <= ? AND (done_at IS NULL OR done_at > ?)"
                        " ORDER BY ticket_id, id", (*open_ids, end, end)).fetchall()
        con.execute("SELECT count(*) FROM ticket_photos WHERE added_at >= ? AND added_at < ?", (start, end))
        con.execute("SELECT code, name FROM request_types").fetchall()
    finally:
        con.close()
    return desk, shifts, lists, [[u, str(n)] for u, n in sorted(units.items())]


def greedy_wrap(text: str, width: float, widths, default: float, size: float) -> list[str]:
    """`text` in lines no wider than `width`: a greedy loop over the font's widths, character by character."""
    lines = []
    for para in text.split("\n"):
        cur, w = "", 0.0
        for ch in para:
            x = widths.get(ord(ch), default) * size / 1000
            if w + x > width and cur:
                lines.append(cur)
                cur, w = "", 0.0
            cur += ch
            w += x
        lines.append(cur)
    return lines


def draw_row(c: Canvas, xs: list[float], y: float, cells: list[list[str]], h: float, font: str, asc: float,
             grey: bool = False, size: float = SIZE, lead: float = LEAD, pad: float = PAD) -> float:
    """One table row of wrapped cells at `y` (its top), `h` high, ruled; returns the y below it."""
    if grey:
        c.setFillGray(0.86)
        c.rect(xs[0], y - h, xs[-1] - xs[0], h, stroke=0, fill=1)
        c.setFillGray(0)
    c.setFont(font, size)
    for i, lines in enumerate(cells):
        for j, line in enumerate(lines):
            c.drawString(xs[i] + pad, y - pad - asc - j * lead, line)
    c.rect(xs[0], y - h, xs[-1] - xs[0], h)
    for x in xs[1:-1]:
        c.line(x, y, x, y - h)
    return y - h


def draw(rows: list[list[str]], missed: list[list[str]], out: str, font_file: str, index: int,
         handover: tuple[str, list[list[str]], list[list[str]], list[list[str]]] | None = None) -> None:
    font = TTFont("BareCJK", font_file, subfontIndex=index)
    pdfmetrics.registerFont(font)
    cw, dw = font.face.charWidths, font.face.defaultWidth
    asc = font.face.ascent / 1000 * SIZE
    c = Canvas(out, pagesize=(PAGE_W, PAGE_H))

    def table(y: float, columns, body) -> float:
        xs = [MARGIN]
        for _, w in columns:
            xs.append(xs[-1] + w * (PAGE_W - 2 * MARGIN) / sum(w for _, w in columns))

        def row(y: float, cells: list[list[str]], grey: bool = False) -> float:
            return draw_row(c, xs, y, cells, max(len(x) for x in cells) * LEAD + 2 * PAD, "BareCJK", asc, grey)

        header = [[h] for h, _ in columns]
        y = row(y, header, grey=True)
        for r in body:
            cells = [greedy_wrap(t, xs[i + 1] - xs[i] - 2 * PAD, cw, dw, SIZE) for i, t in enumerate(r)]
            if y - (max(len(x) for x in cells) * LEAD + 2 * PAD) < MARGIN:
                c.showPage()
                y = row(PAGE_H - MARGIN, header, grey=True)
            y = row(y, cells)
        return y

    y = PAGE_H - MARGIN
    if handover:
        c.setFont("BareCJK", 12)
        c.drawString(MARGIN, y - 12, f"{handover[0]} 交接班日志")
        y = table(y - 20, (("接班", 1), ("交班", 1), ("开班人", 1), ("交班人", 1), ("交接记录", 4)), handover[1])
    y = table(y, COLUMNS, rows)
    c.setFont("BareCJK", 10)
    c.drawString(MARGIN, y - 20, f"未接来电（{len(missed)} 个）")
    y = table(y - 28, (("时间", 1), ("号码", 2), ("回拨", 1)), missed)
    if handover:
        for title, columns, body in (
                ("回访与待办", (("时间", 1), ("编号", 2), ("事项", 2), ("单位/号码", 2), ("人", 1), ("说明", 4)),
                 handover[2]),
                ("积压（按单位）", (("单位", 3), ("件数", 1)), handover[3])):
            if y < MARGIN + 60:
                c.showPage()
                y = PAGE_H - MARGIN
            c.setFont("BareCJK", 10)
            c.drawString(MARGIN, y - 20, title)
            y = table(y - 28, columns, body)
    c.showPage()
    c.save()


def main(argv: list[str]) -> int:
    same_reads = "--same-reads" in argv
    argv = [a for a in argv if a != "--same-reads"]
    db, day, out, font_file = argv[:4]
    rows, missed = read_rows(db, day)
    handover = read_handover(db, day) if same_reads else None
    draw(rows, missed, out, font_file, int(argv[4]) if len(argv) > 4 else 0, handover)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
