"""Screenshots of the New Call dialog on a small test desk (for looking, not for CI).

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/shot_new_call.py [OUT_DIR]

Writes to OUT_DIR (default /tmp): new_call.png (the dialog at 02:00 with
the dispatch list, a repeat caller from a special group), new_call_popup.png
(the whole 1366×768 screen with the community suggestions open) and
new_call_answer.png (answering from the handbook, at the minimum size).
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("HOTLINE_DATA_DIR", tempfile.mkdtemp(prefix="shot-data-"))


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp")
    from helpers import build_small_desk, lookup_ids
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from console.domain.clock import FakeClock
    from console.services.context import Desk
    from console.services.registers import (
        HandbookInput,
        SpecialGroupInput,
        create_handbook_entry,
        create_special_member,
    )
    from console.services.tickets import NewCall, log_call
    from console.store.database import Database
    from console.store.migrate import ensure_schema
    from console.ui.new_call.new_call_dialog import NewCallDialog
    from console.ui.shell.i18n import apply_cjk_font

    app = QApplication(sys.argv[:1])
    print("font:", apply_cjk_font(app))
    sh = ZoneInfo("Asia/Shanghai")
    db = Database(Path(tempfile.mkdtemp(prefix="shot-db-")) / "desk.sqlite3")
    ensure_schema(db)
    build_small_desk(db)
    clock = FakeClock(datetime(2026, 11, 21, 20, 15, tzinfo=sh))
    desk = Desk(db, clock)
    st = lookup_ids(db)
    op, admin = st.actors["op"], st.actors["admin"]
    jh, td = st.communities["嘉宏三村"], st.categories["水电气/停电"]
    log_call(desk, op, NewCall(description="楼道灯不亮", caller_phone="13800138000", community_id=jh,
                               category_id=td))
    create_special_member(desk, admin, SpecialGroupInput(
        name="刘奶奶", group="独居老人", phone="13800138000", community_id=jh, address="12号301",
        needs="行动不便，耳背，说话请大声；有高血压", grid_worker="王网格 13900000001"))
    create_handbook_entry(desk, admin, HandbookInput(
        question="家里突然停电怎么办？", answer="请先查看家中总闸是否跳闸；整栋楼停电请拨 95598。", category_id=td))
    clock.set(datetime(2026, 11, 23, 2, 0, tzinfo=sh))

    dlg = NewCallDialog(desk, op, phone="138 0013 8000")
    dlg.show()
    dlg.check_phone()
    dlg.caller_name.setText("刘奶奶")
    dlg.community_picker.set_current(jh)
    dlg.building.setText("12号")
    dlg.room.setText("301")
    dlg.category_picker.set_current(td)
    dlg.urgency.set_code("urgent")
    dlg.description.setPlainText("整栋楼停电，家里有老人，冰箱里有胰岛素。邻居说楼下配电箱冒烟。")
    dlg.set_mode("dispatch")
    dlg.dispatch_panel.pick_row(1)

    def shoot() -> None:
        dlg.grab().save(str(out / "new_call.png"))
        print("wrote", out / "new_call.png", dlg.size().toTuple())
        dlg.community.setFocus()
        dlg.community.setText("j")
        dlg.community_picker._on_edited("j")  # as if "j" were typed: the suggestions open
        QTimer.singleShot(300, shoot_screen)

    def shoot_screen() -> None:
        app.primaryScreen().grabWindow(0).save(str(out / "new_call_popup.png"))
        print("wrote", out / "new_call_popup.png")
        dlg.community_picker.completer.popup().hide()
        dlg.community_picker.set_current(jh)
        dlg.set_mode("answer")
        dlg.answer_panel.use_current()
        dlg.resize(dlg.minimumSize())
        QTimer.singleShot(300, shoot_answer)

    def shoot_answer() -> None:
        dlg.grab().save(str(out / "new_call_answer.png"))
        print("wrote", out / "new_call_answer.png", dlg.size().toTuple())
        dlg._autosave.stop()
        dlg.hide()
        app.quit()

    QTimer.singleShot(300, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
