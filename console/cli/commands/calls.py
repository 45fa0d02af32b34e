"""`calls listen`: the telephone link without a window — one line per event, Ctrl+C stops it.

A desk PC that records missed calls overnight, or a server beside the seats:
the same CallLink the window runs (console.telephony), with baresip's
ctrl_tcp and/or the local CTI endpoint. Exit 0 after Ctrl+C (or SIGTERM), 1
when a link cannot start (a port in use, a bad address), 2 on bad usage.
"""
from __future__ import annotations

import signal
import threading

from ..context import Ctx, open_desk


def describe(notice, ctx: Ctx, desk) -> str:
    """One line for one notice of the link (console.telephony.link)."""
    from ...domain.calls import CallStage
    from ...domain.phone import mask_phone
    from ...telephony.link import CallNotice, LinkStatus, MissedNotice, RecordFailed

    lang = "en" if ctx.en else "zh_CN"
    if isinstance(notice, LinkStatus):
        state = ctx.t("已连接", "up") if notice.up else ctx.t("已断开", "down")
        return f"[{notice.source}] {ctx.t('电话链路', 'link')} {state}: {notice.text}"
    if isinstance(notice, CallNotice):
        c = notice.update.call
        when = desk.local(c.ended_at or c.answered_at or c.rang_at).strftime("%H:%M:%S")
        who = mask_phone(c.caller) if c.caller else ctx.t("未显示号码", "withheld")
        text = f"{when} {notice.update.stage.label(lang)} {who}"
        if c.outgoing:
            text += ctx.t("（外呼）", " (outgoing)")
        if notice.update.stage is CallStage.ENDED and c.cause is not None:
            text += f" — {c.cause.label(lang)}"
        return f"{text}  [{c.call_id}]"
    if isinstance(notice, MissedNotice):
        r = notice.result
        if r.reason == "recorded" and r.due_at is not None:
            return ctx.t(f"未接来电已登记 #{r.missed_call_id}，回拨期限 {desk.local(r.due_at):%H:%M}",
                         f"missed call recorded #{r.missed_call_id}, call back by {desk.local(r.due_at):%H:%M}")
        if r.reason == "already":
            return ctx.t("未接来电已由其他席位登记", "missed call already recorded (another seat)")
        return ctx.t("未显示号码的未接来电：无法回拨，未登记", "missed call from a withheld number: not recorded")
    if isinstance(notice, RecordFailed):
        return ctx.t(f"未接来电未能登记：{notice.text}", f"missed call not recorded: {notice.text}")
    return str(notice)


def cmd_calls_listen(args, ctx: Ctx) -> int:
    from ...domain.errors import UserError
    from ...telephony.baresip import BaresipLink, parse_address
    from ...telephony.cti_http import CtiHttpEndpoint, parse_listen
    from ...telephony.link import CallLink

    baresip = parse_address(args.baresip) if args.baresip else None  # UserError: one line, exit 1
    cti = parse_listen(args.cti_http) if args.cti_http else None
    desk = open_desk(ctx)
    try:
        link = CallLink(desk)
        lock = threading.Lock()

        def say(notice) -> None:
            line = describe(notice, ctx, desk)
            with lock:
                print(line, file=ctx.out, flush=True)

        link.add_listener(say)
        if baresip is not None:
            link.add(BaresipLink(*baresip, link.submit, link.state_hook("baresip")))
        if cti is not None:
            link.add(CtiHttpEndpoint(*cti, args.cti_token, link.submit))
        stop = threading.Event()
        old = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            link.start()
            for a in link.adapters:
                if isinstance(a, CtiHttpEndpoint):
                    ctx.say(f"[cti] 正在监听 http://{a.host}:{a.port}/api/v1/cti/<令牌>",
                            f"[cti] listening on http://{a.host}:{a.port}/api/v1/cti/<token>")
            ctx.note("按 Ctrl+C 停止。", "Press Ctrl+C to stop.")
            try:
                while not stop.wait(0.5):
                    pass
            except KeyboardInterrupt:
                pass
        except UserError:
            raise
        finally:
            signal.signal(signal.SIGTERM, old)
            link.stop()
        ctx.note("电话链路已停止。", "The telephone link stopped.")
        return 0
    finally:
        desk.db.dispose()
