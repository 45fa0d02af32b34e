"""The PDF font's cached tables: the same face as reportlab's own parse, the same PDF, and a bad or
unwritable cache ignored (the font parsed as before) — never a crash, never another output.

Real font (WenQuanYi Micro Hei from Debian), real files, real pdftotext / pdftoppm.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from console.reports import font_cache as FC

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pytestmark = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei is not installed")


def assert_same_face(a, b) -> None:
    """Every attribute of two faces equal, of the same type, dicts in the same order."""
    va, vb = vars(a), vars(b)
    assert set(va) == set(vb)
    for k, x in va.items():
        y = vb[k]
        if k == "_pdfScale":
            assert [x(v) for v in (0, 1, 1234, 2048)] == [y(v) for v in (0, 1, 1234, 2048)]
            continue
        assert type(x) is type(y) and x == y, k
        if isinstance(x, dict):
            assert list(x.items()) == list(y.items()), k
        if isinstance(x, list):
            assert [type(v) for v in x] == [type(v) for v in y], k
    assert [tuple(map(type, p)) for p in va["hmetrics"]] == [tuple(map(type, p)) for p in vb["hmetrics"]]


@pytest.fixture(scope="module")
def parsed():
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont("plain", str(WQY), subfontIndex=0)


def test_cached_font_is_reportlabs_font_attribute_by_attribute(tmp_path, parsed, monkeypatch):
    first = FC.cached_ttfont("plain", WQY, 0, tmp_path)  # parses and writes
    file = FC.cache_file(tmp_path, WQY, 0)
    assert file.is_file()
    assert_same_face(first.face, parsed.face)

    from reportlab.pdfbase.ttfonts import TTFontFile

    def no_parse(self, charInfo=1):
        raise AssertionError("parsed although the cache fits")

    monkeypatch.setattr(TTFontFile, "extractInfo", no_parse)
    second = FC.cached_ttfont("plain", WQY, 0, tmp_path)
    assert_same_face(second.face, parsed.face)
    mine = {k: v for k, v in vars(second).items() if k not in ("face", "state", "encoding")}
    theirs = {k: v for k, v in vars(parsed).items() if k not in ("face", "state", "encoding")}
    assert mine == theirs and set(vars(second)) == set(vars(parsed))
    assert type(second.encoding) is type(parsed.encoding) and second.encoding.name == parsed.encoding.name


def _rewrite(file: Path, edit) -> None:
    """Change a valid cache file's header (and payload) and make its checksum fit again: a hostile file."""
    blob = file.read_bytes()
    n = len(FC.MAGIC)
    (hlen,) = struct.unpack_from("<I", blob, n)
    header = json.loads(blob[n + 4:n + 4 + hlen])
    body = bytearray(blob[n + 4 + hlen:])
    edit(header, body)
    header["payload_sha256"] = hashlib.sha256(body).hexdigest()
    h = json.dumps(header).encode()
    file.write_bytes(FC.MAGIC + struct.pack("<I", len(h)) + h + bytes(body))


def _glyph_beyond_the_font(header, body):
    i = header["attrs"]["charToGlyph"][1]  # the values array: its first glyph id made huge
    at = sum(n for _, n in header["arrays"][:i]) * FC.ITEM
    body[at:at + 8] = struct.pack("<q", 10 ** 9)


def _attr(name, value):
    return lambda header, body: header["attrs"].__setitem__(name, value)


BAD = {
    "empty": lambda f: f.write_bytes(b""),
    "random bytes": lambda f: f.write_bytes(os.urandom(5000)),
    "truncated": lambda f: f.write_bytes(f.read_bytes()[:-1000]),
    "payload bit flipped": lambda f: f.write_bytes(f.read_bytes()[:-10] + b"\xff" + f.read_bytes()[-9:]),
    "header length huge": lambda f: f.write_bytes(FC.MAGIC + struct.pack("<I", 2 ** 31) + b"{}"),
    "a pickle": lambda f: f.write_bytes(b"\x80\x04\x95" + b"cos\nsystem\n(S'echo pwned'\ntR."),
    "another font's key": lambda f: _rewrite(f, lambda h, b: h["key"].__setitem__("sha256", "0" * 64)),
    "another reportlab": lambda f: _rewrite(f, lambda h, b: h["key"].__setitem__("reportlab", "0.1")),
    "an extra attribute": lambda f: _rewrite(f, _attr("getCharWidth", 1)),
    "a missing attribute": lambda f: _rewrite(f, lambda h, b: h["attrs"].pop("charWidths")),
    "a string for a number": lambda f: _rewrite(f, _attr("ascent", "765")),
    "an array index out of range": lambda f: _rewrite(f, _attr("glyphPos", 999)),
    "an array longer than the payload": lambda f: _rewrite(f, lambda h, b: h["arrays"][0].__setitem__(1, 10 ** 9)),
    "a glyph beyond the font": lambda f: _rewrite(f, _glyph_beyond_the_font),
    "a header that is a list": lambda f: f.write_bytes(FC.MAGIC + struct.pack("<I", 2) + b"[]"),
}


@pytest.mark.parametrize("damage", list(BAD), ids=list(BAD))
def test_a_bad_cache_is_ignored_and_rewritten(tmp_path, parsed, damage):
    FC.cached_ttfont("plain", WQY, 0, tmp_path)
    file = FC.cache_file(tmp_path, WQY, 0)
    good = file.read_bytes()
    BAD[damage](file)
    assert file.read_bytes() != good
    font = FC.cached_ttfont("plain", WQY, 0, tmp_path)
    assert_same_face(font.face, parsed.face)
    assert FC.loads(file.read_bytes(), FC._key(WQY, 0, WQY.read_bytes(), WQY.stat()), WQY.stat().st_size)


def test_an_unwritable_cache_folder_is_skipped(tmp_path, parsed):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    font = FC.cached_ttfont("plain", WQY, 0, blocker / "fonts")
    assert_same_face(font.face, parsed.face)
    assert blocker.read_text().startswith("a file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_is_skipped(tmp_path, parsed):
    folder = tmp_path / "fonts"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        font = FC.cached_ttfont("plain", WQY, 0, folder)
        assert_same_face(font.face, parsed.face)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_font_that_does_not_fit_the_schema_is_not_cached(tmp_path, parsed, monkeypatch):
    monkeypatch.setitem(FC.SCHEMA, "somethingNew", "int")  # as if reportlab set one attribute more
    font = FC.cached_ttfont("plain", WQY, 0, tmp_path)
    assert_same_face(font.face, parsed.face)
    assert not FC.cache_file(tmp_path, WQY, 0).exists()


def _night():
    from console.domain.report_rows import ShiftCall, ShiftEvent, ShiftInfo, ShiftLogData, ShiftMissedCall

    start = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    texts = ["楼道灯不亮，家里突然停电", "楼上装修噪音很大 <b>&amp;</b> 😀", "Elevator stuck 电梯困人" * 6]
    calls = [ShiftCall(
        ticket_id=i + 1, number=f"20261122-{i + 1:04d}", received_at=start + timedelta(minutes=9 * i),
        channel="phone", caller_name="王阿姨", phone="138****0000", community="嘉宏三村", address="12号 301",
        request_type="help", urgency="normal", category="水电气/停电", description=texts[i % 3],
        unit="城东供电所", status="dispatched", result="", satisfaction=None, operator="张值班",
        events=(ShiftEvent(start + timedelta(minutes=9 * i + 5), "dispatch", "dispatched", "城东供电所",
                           "张值班", "已派单"),)) for i in range(40)]
    return ShiftLogData(desk_name="嘉定新城社区服务热线", day=date(2026, 11, 22), night=True, start=start,
                        end=start + timedelta(hours=12), as_of=start + timedelta(hours=12),
                        generated_at=start + timedelta(hours=12), tz=ZoneInfo("Asia/Shanghai"), masked=True,
                        shifts=(ShiftInfo(1, "night", start, start + timedelta(hours=12), "张值班", "李站长",
                                          "交班记录：一切正常。"),),
                        operators=("张值班",), calls=calls,
                        missed=[ShiftMissedCall(1, start, "135****0000", None, None, "", None)])


@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                    reason="poppler-utils are not installed")
def test_the_shift_log_pdf_is_the_same_with_and_without_the_cache(tmp_path, monkeypatch):
    from console.reports import fonts
    from console.reports.shift_log_pdf import build_shift_log_pdf

    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(fonts.ENV_FONT, str(WQY))
    data, out = _night(), {}
    for run in ("parsed", "cache written", "cache read"):
        if run == "parsed":
            monkeypatch.setenv(fonts.ENV_NO_CACHE, "1")
        else:
            monkeypatch.delenv(fonts.ENV_NO_CACHE, raising=False)
        font = fonts.load_font(fonts.default_candidates()[:1])
        assert font.embedded
        pdf = tmp_path / f"{run}.pdf"
        build_shift_log_pdf(data, str(pdf), font=font)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
        subprocess.run(["pdftoppm", "-r", "60", "-gray", str(pdf), str(tmp_path / run)], check=True)
        pages = [p.read_bytes() for p in sorted(tmp_path.glob(f"{run}-*.pgm"))]
        out[run] = (text, pages)
        assert (tmp_path / "data" / "cache").exists() == (run != "parsed")
    assert FC.cache_file(tmp_path / "data" / "cache" / "fonts", WQY, 0).is_file()
    assert "城东供电所" in out["parsed"][0].decode() and len(out["parsed"][1]) >= 2
    assert out["cache written"] == out["parsed"] and out["cache read"] == out["parsed"]
