"""A killed export's hidden temp file is swept by the next export of that report."""
import os
import time

from console.reports.atomic_file import atomic_write, sweep_stale_temps


def test_old_temps_of_the_same_report_are_swept_young_and_others_kept(tmp_path):
    final = tmp_path / "交接班日志-2026-11-22-夜班.pdf"
    old = tmp_path / f".{final.name}.dead.tmp"
    young = tmp_path / f".{final.name}.live.tmp"
    other = tmp_path / ".另一份报表.pdf.dead.tmp"
    for p in (old, young, other):
        p.write_bytes(b"half")
    long_ago = time.time() - 7200
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    with atomic_write(final) as fh:
        fh.write(b"%PDF-1.4")
    assert final.read_bytes() == b"%PDF-1.4"
    assert not old.exists() and young.exists() and other.exists()
    assert sweep_stale_temps(final, now=time.time() + 7200) == 1  # the young one, later
