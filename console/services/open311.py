"""Open data: a period's requests as an Open311 GeoReport v2 JSON file (`export open311`, 文件 → 导出 →
开放数据).

The mapping is console.domain.open311's (the fields, what each holds, what is left out); this module
checks the period and the target, streams the rows into the file (one JSON array, UTF-8, Chinese as
written, one request a line) atomically — a cancelled, failed or full-disk export leaves no file — and
audits the export with its masking flag, as the quarterly one is. mask=False needs a supervisor.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.errors import ValidationError
from ..domain.open311 import period_days, service_request
from ..domain.permissions import require
from ..domain.timeutil import local_day_bounds
from ..store import open311_queries as oq
from ..util.progress import Progress
from .context import Actor, Desk, audit, get_setting

Cancelled = Callable[[], bool]
TICK_EVERY = 500


@dataclass(frozen=True)
class Open311Export:
    path: Path
    requests: int  # service requests written


def open311_file_name(first: date, last: date, *, mask: bool = True) -> str:
    """热线开放数据-20261001-20261231.json; an unmasked file says so in its name."""
    return f"热线开放数据-{first:%Y%m%d}-{last:%Y%m%d}{'' if mask else '-未打码'}.json"


def open311_target(out: str | Path | None, first: date, last: date, *, mask: bool = True,
                   make_folder: bool = False) -> Path:
    """Where the file goes. `make_folder` (the window's folder field, like the other exports): `out` is a
    folder, made if missing, and the file takes the default name there. Otherwise (the command line's
    --out) `out` is a .json file in a folder that must be there — a mistyped path writes nothing
    anywhere — or an existing folder; None = the exports folder."""
    from ..reports.atomic_file import ensure_folder
    from .shift_log import default_exports_dir

    name = open311_file_name(first, last, mask=mask)
    if out is None or make_folder:
        folder = Path(out).expanduser() if out is not None else Path(default_exports_dir())
        ensure_folder(folder)
        return folder / name
    p = Path(out).expanduser()
    if p.is_dir():
        return p / name
    if p.suffix.lower() != ".json":
        raise ValidationError(f"输出文件“{p.name}”应以 .json 结尾。",
                              f"The output file '{p.name}' should end in .json.")
    folder = p.parent
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"“{folder}”不是文件夹。", f"'{folder}' is not a folder.")
    if not folder.exists():
        raise ValidationError(f"文件夹“{folder}”不存在，没有写入任何文件。",
                              f"The folder '{folder}' does not exist; nothing was written.")
    return p


def export_open311(desk: Desk, actor: Actor, first: date, last: date, out: str | Path | None = None, *,
                   mask: bool = True, make_folder: bool = False, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> Open311Export:
    """Write the requests received from `first` to `last` (both days included, the desk's time zone)."""
    from ..reports import ExportCancelled
    from ..reports.atomic_file import atomic_write
    from .reference_data import DEFAULT_DESK_NAME

    if not mask:
        require(actor.role, "export_unmasked")
    first, last = period_days(first, last)
    tz = desk.tz
    start, _ = local_day_bounds(first, tz)
    _, end = local_day_bounds(last, tz)
    final = open311_target(out, first, last, mask=mask, make_folder=make_folder)
    n = 0
    with atomic_write(final) as fh:
        with desk.db.read() as s:
            desk_name = get_setting(s, "desk_name", "").strip() or DEFAULT_DESK_NAME
            total = oq.count_requests(s, start, end)
            if progress is not None:
                progress(0, total)
            fh.write(b"[")
            requests = oq.period_requests(s, start, end)
            with closing(requests):  # a cancel or a full disk closes the query's cursor at once
                for row in requests:
                    obj = service_request(row, tz=tz, mask=mask, desk_name=desk_name)
                    line = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
                    fh.write(((",\n" if n else "\n") + line).encode("utf-8", "replace"))
                    n += 1
                    if n % TICK_EVERY == 0:
                        if cancelled is not None and cancelled():
                            raise ExportCancelled()
                        if progress is not None:
                            progress(n, max(total, n))
        fh.write(b"\n]\n" if n else b"]\n")
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        with desk.db.write() as w:  # audited before the file takes its name: no file without its record
            audit(w, actor, desk.now(), "export_open311", "report", None, None,
                  {"from": first.isoformat(), "to": last.isoformat(), "mask": mask, "file": final.name,
                   "requests": n})
    if progress is not None:
        progress(max(total, n), max(total, n))
    return Open311Export(final, n)
