"""How long a 2,000-call shift log takes to become a PDF, against bare reportlab.

    python bench/bench_shift_log_pdf.py [--calls 2000] [--repeat 3] [--seed 1] [--keep DIR]
    python bench/bench_shift_log_pdf.py --process DB.sqlite3 --date YYYY-MM-DD [--repeat 15]

--process: one night's shift log as whole processes, as an operator meets it (interpreter start, imports,
schema check, query, font, render, audit row): `python -m console --db DB export shift-log --date D --night
--out FILE` against `python bench/shift_log_bare.py` (sqlite3 + a reportlab canvas, the same night's rows,
the same embedded font file) and against the same with `--same-reads` ("bare, same reads": also the shift
rows, call-backs, follow-ups and backlog the log reads, drawn as three more tables), interleaved — each round starts every candidate once — after one warm-up
each; prints the medians, the 90th percentiles, the ratio of the medians and the load average.
--baseline DIR adds `python -m console` run from another checkout (`git archive main | tar -x -C DIR`):
before and after in the same run.
Make the desk with `python -m console --db DB init --demo`.

The default (in-process) mode:

In one run, on this machine, with the same CJK TrueType font (registered once,
its load timed apart) and the same 2,000 rows (realistic Chinese cell texts,
1-3 steps per call):

1. ours: `build_shift_log_pdf` — the whole shift log (title block, counts,
   the calls table, missed calls, handover lists, note, signatures,
   第 x 页 共 y 页), rows formatted from `ShiftLogData`;
2. bare platypus: the same nine-column calls table as a platypus `Table` of
   `Paragraph`s (header row repeated, grid, grey header) in a
   `SimpleDocTemplate` — what straightforward reportlab code does;
3. bare canvas: the same table drawn straight on the canvas, cells wrapped
   by a greedy per-character loop over the font's widths, one `drawString`
   per line — the minimal hand-rolled version (no title block, no footers);
4. bare canvas, fast wrap: (3) with its cells wrapped by our
   `pdf_text.wrap_lines` — the floor: what drawing this table costs at all,
   so ours / (4) is the price of everything else (layout engine, sections,
   page stamping).

Each builder runs `--repeat` times in turn (interleaved, so machine load hits
all alike); the median wall time and the median CPU time of the process are
reported, with the ratios ours / bare. Absolute times on a shared machine
vary 2-3x between runs (wall time more than CPU time); the ratios are the figure.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.domain.report_rows import (  # noqa: E402
    ShiftCall,
    ShiftEvent,
    ShiftInfo,
    ShiftLogData,
    ShiftMissedCall,
)
from console.reports import pdf_page as PG  # noqa: E402
from console.reports import rows_table as RT  # noqa: E402
from console.reports import shift_log_pdf as SL  # noqa: E402
from console.reports.fonts import get_font  # noqa: E402
from console.reports.pdf_text import clean, escape  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
PHRASES = ["楼道灯不亮", "家里突然停电", "厨房水管漏水", "楼上装修噪音很大", "小区门口垃圾没人清运",
           "独居老人需要帮忙买药", "邻居养狗扰民", "电梯困人", "下水道堵塞返水", "需要开具居住证明",
           "物业不接电话", "路灯坏了很久", "燃气有异味", "窨井盖缺失", "车辆乱停堵住消防通道"]
NAMES = ["王阿姨", "李先生", "张女士", "陈师傅", "刘老伯", "赵女士", ""]
COMMUNITIES = ["嘉宏三村", "白马小区", "菊园新村", "城中花园"]
CATEGORIES = ["水电气/停电", "水电气/漏水", "噪音扰民", "环境卫生", "物业管理", "为老服务"]
UNITS = ["城东供电所", "嘉宏三村物业", "城东派出所", "白马小区物业", "环卫所"]
STATUSES = ["logged", "dispatched", "in_progress", "resolved", "closed", "answered"]


def make_data(n: int, seed: int) -> ShiftLogData:
    rnd = random.Random(seed)
    day = date(2026, 11, 22)
    start = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    end = start + timedelta(hours=12)
    calls = []
    for i in range(n):
        at = start + timedelta(seconds=int(i * 43200 / n))
        desc = "，".join(rnd.choice(PHRASES) for _ in range(rnd.randint(2, 8))) + "，请尽快处理。"
        unit = rnd.choice(UNITS)
        events = [ShiftEvent(at + timedelta(minutes=5), "dispatch", "dispatched", unit, "张值班", "")]
        if rnd.random() < 0.6:
            events.append(ShiftEvent(at + timedelta(minutes=35), "check_back_came", "in_progress", None,
                                     "张值班", "师傅已到现场"))
        if rnd.random() < 0.4:
            events.append(ShiftEvent(at + timedelta(hours=2), "resolve", "resolved", None, "张值班",
                                     "已处理完毕，" + rnd.choice(PHRASES) + "问题已解决"))
        calls.append(ShiftCall(
            ticket_id=i + 1, number=f"20261122-{i + 1:04d}", received_at=at, channel="phone",
            caller_name=rnd.choice(NAMES), phone=f"138****{rnd.randint(0, 9999):04d}",
            community=rnd.choice(COMMUNITIES), address=f"{rnd.randint(1, 40)}号 {rnd.randint(101, 1202)}",
            request_type="help", urgency="normal", category=rnd.choice(CATEGORIES), description=desc,
            unit=unit, status=rnd.choice(STATUSES), result="", satisfaction=None, operator="张值班",
            events=tuple(events)))
    missed = [ShiftMissedCall(i, start + timedelta(minutes=7 * i), f"135****{i:04d}", None, None, "", None)
              for i in range(20)]
    return ShiftLogData(desk_name="嘉定新城社区服务热线", day=day, night=True, start=start, end=end,
                        as_of=end, generated_at=end, tz=TZ, masked=True,
                        shifts=(ShiftInfo(1, "night", start, end, "张值班", "李站长", "交班记录：一切正常。"),),
                        operators=("张值班", "李站长"), calls=calls, missed=missed)


def cell_rows(data: ShiftLogData) -> list[list[str]]:
    fmt = SL._Fmt(data)
    return [SL._call_row(c, fmt) for c in data.calls]


def bare_platypus(rows: list[list[str]], font_name: str, out) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = ParagraphStyle("c", fontName=font_name, fontSize=RT.SIZE, leading=RT.LEADING, wordWrap="CJK")
    header = [Paragraph(h, style) for h, _ in SL.CALL_COLUMNS]
    body = [[Paragraph(escape(c).replace("\n", "<br/>"), style) for c in r] for r in rows]
    widths = [w for _, w in SL._stretch(SL.CALL_COLUMNS)]
    t = Table([header, *body], colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.Color(.86, .86, .86)),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), RT.PAD), ("RIGHTPADDING", (0, 0), (-1, -1), RT.PAD),
                           ("TOPPADDING", (0, 0), (-1, -1), RT.PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), RT.PAD)]))
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=PG.MARGIN_X, rightMargin=PG.MARGIN_X,
                            topMargin=PG.MARGIN_TOP, bottomMargin=PG.MARGIN_BOTTOM)
    doc.build([t])


def bare_canvas(rows: list[list[str]], font, out, *, fast_wrap: bool = False) -> None:
    from reportlab.pdfgen.canvas import Canvas
    from shift_log_bare import draw_row as bare_row
    from shift_log_bare import greedy_wrap

    from console.reports.pdf_text import wrap_lines

    widths = [w for _, w in SL._stretch(SL.CALL_COLUMNS)]
    cw, dw, size, lead, pad = font.widths, font.default_width, RT.SIZE, RT.LEADING, RT.PAD

    def wrap(text: str, width: float) -> list[str]:
        if fast_wrap:
            return wrap_lines(text, width, size, font)
        return greedy_wrap(text, width, cw, dw, size)

    c = Canvas(out, pagesize=(PG.PAGE_W, PG.PAGE_H))
    top, bottom = PG.PAGE_H - PG.MARGIN_TOP, PG.MARGIN_BOTTOM
    asc = font.ascent / 1000 * size
    xs = [PG.MARGIN_X]
    for w in widths:
        xs.append(xs[-1] + w)
    header = [[h] for h, _ in SL.CALL_COLUMNS]

    def draw_row(y, cells, h, grey=False):
        return bare_row(c, xs, y, cells, h, font.name, asc, grey, size, lead, pad)

    y = draw_row(top, header, lead + 2 * pad, grey=True)
    for r in rows:
        cells = [wrap(t, w - 2 * pad) for t, w in zip(r, widths, strict=False)]
        h = max(len(x) for x in cells) * lead + 2 * pad
        if y - h < bottom:
            c.showPage()
            y = draw_row(top, header, lead + 2 * pad, grey=True)
        y = draw_row(y, cells, h)
    c.showPage()
    c.save()


def _run(argv: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall time of the whole process, and its CPU time (user + system; less moved by the machine's load)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def process_mode(db: Path, day: str, repeat: int, keep: Path | None, baseline: Path | None = None) -> None:
    """Ours and the bare script as whole processes, interleaved (see the module's docstring)."""
    font = get_font()
    path, _, index = font.source.partition("#")
    if not font.embedded:
        sys.exit("no embedded TrueType font on this machine: the bare script needs one")
    out = keep or Path(tempfile.mkdtemp(prefix="bench-shift-log-"))
    out.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    candidates = {
        "ours: export shift-log": [sys.executable, "-m", "console", "--db", str(db), "export", "shift-log",
                                   "--date", day, "--night", "--out", str(out / "ours.pdf")],
        "bare: sqlite3 + canvas": [sys.executable, str(root / "bench" / "shift_log_bare.py"), str(db), day,
                                   str(out / "bare.pdf"), path, index or "0"],
        "bare, same reads": [sys.executable, str(root / "bench" / "shift_log_bare.py"), str(db), day,
                             str(out / "bare-same-reads.pdf"), path, index or "0", "--same-reads"],
    }
    cwd: dict[str, Path | None] = {k: None for k in candidates}
    if baseline:  # another checkout's console package (e.g. `git archive main`), run from its folder
        name = f"ours at {baseline.name}"
        candidates[name] = [*candidates["ours: export shift-log"][:-1], str(out / "baseline.pdf")]
        cwd[name] = baseline
    for name, argv in candidates.items():  # one warm-up each: the page cache, the .pyc files
        _run(argv, cwd[name])
    times: dict[str, list[float]] = {k: [] for k in candidates}
    cpus: dict[str, list[float]] = {k: [] for k in candidates}
    for _ in range(repeat):
        for name, argv in candidates.items():
            wall, cpu = _run(argv, cwd[name])
            times[name].append(wall)
            cpus[name].append(cpu)
    med = {k: statistics.median(v) for k, v in times.items()}
    mcpu = {k: statistics.median(v) for k, v in cpus.items()}
    print(f"one night ({day}) of {db}; {repeat} rounds; load average {os.getloadavg()[0]:.2f}; "
          f"font {path}; Python {sys.version.split()[0]}")
    for name, xs in times.items():
        p90 = sorted(xs)[int(0.9 * (len(xs) - 1))]
        print(f"  {name:24s} median {med[name] * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms   "
              f"CPU median {mcpu[name] * 1000:7.1f} ms")
    bares = ("bare: sqlite3 + canvas", "bare, same reads")
    for name in candidates:
        if name not in bares:
            for bare in bares:
                print(f"  ratio {name} / {bare}: {med[name] / med[bare]:.2f}x wall, "
                      f"{mcpu[name] / mcpu[bare]:.2f}x CPU (medians)")
    if keep:
        print(f"PDFs written to {keep}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=None, help="rounds (default 3; --process: 15)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="write the PDFs of the last round into this folder")
    ap.add_argument("--process", type=Path, metavar="DB", help="whole processes on this SQLite desk")
    ap.add_argument("--date", default="2026-12-04", help="--process: the night starting on this date")
    ap.add_argument("--baseline", type=Path, metavar="DIR",
                    help="--process: also run `python -m console` from this checkout (before/after in one run)")
    a = ap.parse_args()
    if a.process:
        process_mode(a.process, a.date, a.repeat or 15, a.keep, a.baseline)
        return
    a.repeat = a.repeat or 3

    t0 = time.perf_counter()
    font = get_font()
    t_font = time.perf_counter() - t0
    print(f"font: {font.source} (embedded={font.embedded}); registering it took {t_font:.2f} s")
    try:
        import rl_accel  # noqa: F401
        accel = "rl_accel (C) present"
    except ImportError:
        accel = "no rl_accel (pure-Python fallbacks)"
    print(f"reportlab: {accel}")
    data = make_data(a.calls, a.seed)
    rows = [[clean(c, font) for c in r] for r in cell_rows(data)]

    builders = {
        "ours (whole shift log)": lambda out: SL.build_shift_log_pdf(data, out, font=font),
        "bare platypus Table of Paragraphs": lambda out: bare_platypus(rows, font.name, out),
        "bare canvas, per-char wrap": lambda out: bare_canvas(rows, font, out),
        "bare canvas, fast wrap": lambda out: bare_canvas(rows, font, out, fast_wrap=True),
    }
    times: dict[str, list[float]] = {k: [] for k in builders}
    cpu: dict[str, list[float]] = {k: [] for k in builders}
    sizes: dict[str, int] = {}
    outs: dict[str, bytes] = {}
    for _ in range(a.repeat):
        for name, build in builders.items():
            buf = io.BytesIO()
            t, c = time.perf_counter(), time.process_time()
            build(buf)
            times[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
            sizes[name] = buf.tell()
            outs[name] = buf.getvalue()
    med = {k: statistics.median(v) for k, v in times.items()}
    mcpu = {k: statistics.median(v) for k, v in cpu.items()}
    ours = "ours (whole shift log)"
    print(f"{a.calls} calls, median of {a.repeat} runs (wall / CPU):")
    for name, m in med.items():
        pages = outs[name].count(b"/Type /Page\n") or outs[name].count(b"/Type /Page")
        print(f"  {name:36s} {m:6.2f} s / {mcpu[name]:5.2f} s CPU  {sizes[name] / 1e6:5.2f} MB  ~{pages} pages"
              f"   wall runs: {', '.join(f'{t:.2f}' for t in times[name])}")
    for name in med:
        if name != ours:
            print(f"  ratio ours / {name}: {med[ours] / med[name]:.2f}x wall, "
                  f"{mcpu[ours] / mcpu[name]:.2f}x CPU")
    if a.keep:
        a.keep.mkdir(parents=True, exist_ok=True)
        for i, b in enumerate(outs.values()):
            (a.keep / f"bench-{i}.pdf").write_bytes(b)
        print(f"PDFs written to {a.keep}")


if __name__ == "__main__":
    main()
