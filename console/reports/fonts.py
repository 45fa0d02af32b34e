"""The CJK font every PDF uses: found once, registered once, embedded.

A shift log is printed at the desk and filed; the Chinese must print on a
machine that has no Chinese font of its own, and `pdftotext` must give the
text back. So the PDF embeds (a subset of) a TrueType font found on this
machine: first anything shipped in ``resources/fonts/``, then the usual
system places (WenQuanYi on Debian, Noto CJK, Microsoft YaHei / SimSun on
Windows, PingFang on macOS). reportlab's `TTFont` reads TrueType outlines
only: a CFF-based OpenType collection (Noto Sans CJK .ttc, PingFang on some
macOS versions) raises, and the search goes on. When nothing loads, the
built-in ``STSong-Light`` CID font is used and a warning goes to the log:
it is not embedded, so the reader's machine must supply a matching font.

A character the font lacks (an emoji, a rare CJK extension character) would
print as nothing at all, which on a paper record reads as "the resident said
nothing there". `PdfFont.covers` replaces such characters with a visible
``□``.
"""
from __future__ import annotations

import logging
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

FONT_NAME = "HotlineCJK"
FALLBACK_CID = "STSong-Light"
PLACEHOLDER = "□"
FONT_EXTENSIONS = (".ttf", ".ttc", ".otf")
ENV_FONT = "HOTLINE_PDF_FONT"  # a font file to use first (path, or path#index for a collection)
ENV_NO_CACHE = "HOTLINE_NO_FONT_CACHE"  # set: parse the font every time (benchmarks, comparisons)


@dataclass(frozen=True)
class FontCandidate:
    path: Path
    subfont_index: int = 0


def _system_candidates() -> list[FontCandidate]:
    c: list[FontCandidate] = []
    linux = [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",  # Fedora
        "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/arphic/ukai.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ]
    windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    windows = [windir / n for n in ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf", "simkai.ttf")]
    mac = [
        "/System/Library/Fonts/PingFang.ttc",
        "/System/Library/Fonts/STHeiti Light.ttc",
        "/System/Library/Fonts/Supplemental/Songti.ttc",
        "/Library/Fonts/Arial Unicode.ttf",
    ]
    if sys.platform.startswith("win"):
        order = [*windows]
    elif sys.platform == "darwin":
        order = [*(Path(p) for p in mac)]
    else:
        order = [*(Path(p) for p in linux)]
    c.extend(FontCandidate(Path(p)) for p in order)
    return c


def _resource_candidates() -> list[FontCandidate]:
    try:
        from ..paths import resources_dir

        folder = resources_dir() / "fonts"
    except Exception:  # noqa: BLE001 - a broken install still gets a system font
        return []
    if not folder.is_dir():
        return []
    return [FontCandidate(p) for p in sorted(folder.iterdir())
            if p.suffix.lower() in FONT_EXTENSIONS and p.is_file()]


def _env_candidates() -> list[FontCandidate]:
    raw = os.environ.get(ENV_FONT, "").strip()
    if not raw:
        return []
    path, _, index = raw.partition("#")
    try:
        return [FontCandidate(Path(path), int(index or 0))]
    except ValueError:
        return [FontCandidate(Path(path))]


def default_candidates() -> list[FontCandidate]:
    """Where fonts are looked for, in order."""
    return [*_env_candidates(), *_resource_candidates(), *_system_candidates()]


class _LazyWidths(dict):
    """Widths (1/1000 em) of a CID font, measured per character on first use."""

    def __init__(self, measure: Callable[[str], float]):
        super().__init__()
        self._measure = measure

    def __missing__(self, cp: int) -> float:
        w = self._measure(chr(cp))
        self[cp] = w
        return w

    def get(self, cp, default=None):  # dict.get would bypass __missing__
        try:
            return self[cp]
        except (ValueError, OverflowError):
            return default


_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


def _invisible(ch: str) -> bool:
    """Characters that print nothing by design: dropped, not replaced by □."""
    cp = ord(ch)
    return (unicodedata.category(ch) in _INVISIBLE or 0xFE00 <= cp <= 0xFE0F
            or 0xE0100 <= cp <= 0xE01EF)


@dataclass(frozen=True)
class PdfFont:
    """A registered font, what it can draw, and how wide its characters are."""

    name: str
    source: str  # the file it came from, or the CID font's name
    embedded: bool
    widths: Mapping[int, float] = field(repr=False)  # code point -> width in 1/1000 em
    default_width: float
    ascent: float  # 1/1000 em, above the baseline
    descent: float  # 1/1000 em, below the baseline (negative)
    has_glyph: Callable[[int], bool] = field(repr=False)
    placeholder: str = PLACEHOLDER

    def covers(self, text: str) -> str:
        """`text` with every character the font cannot draw made visible as □.

        Line breaks pass through; invisible format characters the font
        lacks (zero-width joiners, variation selectors) are dropped, since
        a □ for them would invent a character the resident never typed.
        """
        if not text:
            return text
        has = self.has_glyph
        missing = [ch for ch in set(text) if ch != "\n" and not has(ord(ch))]
        if not missing:
            return text
        table = {ord(ch): (None if _invisible(ch) else self.placeholder) for ch in missing}
        return text.translate(table)

    def string_width(self, text: str, size: float) -> float:
        w, dw = self.widths, self.default_width
        return sum(w.get(ord(ch), dw) for ch in text) * size / 1000.0


def _font_cache_folder() -> Path | None:
    """Where the font's parsed tables are kept (console.reports.font_cache), or None: parse every time."""
    if os.environ.get(ENV_NO_CACHE):
        return None
    try:
        from ..paths import cache_dir

        return cache_dir() / "fonts"
    except Exception as e:  # noqa: BLE001 - no cache folder only costs the parse
        log.info("no cache folder for the PDF font: %s", e)
        return None


def _load_ttf(c: FontCandidate) -> PdfFont | None:
    from reportlab.pdfbase import pdfmetrics

    from .font_cache import cached_ttfont

    if not c.path.is_file():
        return None
    # One registered name per file: loading another font never changes one already in use.
    name = f"{FONT_NAME}-{re.sub(r'[^A-Za-z0-9]', '', c.path.stem)[:24]}-{c.subfont_index}"
    try:
        font = cached_ttfont(name, c.path, c.subfont_index, _font_cache_folder())
    except Exception as e:  # noqa: BLE001 - CFF outlines, broken files, unreadable files
        log.info("PDF font %s (index %d) cannot be used: %s", c.path, c.subfont_index, e)
        return None
    face = font.face
    cmap = face.charToGlyph
    if ord("中") not in cmap or ord("班") not in cmap:
        log.info("PDF font %s has no Chinese glyphs; skipped", c.path)
        return None
    pdfmetrics.registerFont(font)
    placeholder = PLACEHOLDER if ord(PLACEHOLDER) in cmap else "?"
    cm = cmap  # bound for the lambda
    return PdfFont(name=name, source=str(c.path), embedded=True, widths=face.charWidths,
                   default_width=float(face.defaultWidth), ascent=float(face.ascent),
                   descent=float(face.descent), has_glyph=lambda cp: cp in cm,
                   placeholder=placeholder)


def _gb_covered(cp: int) -> bool:
    if cp < 0x20:
        return False
    if cp < 0x7F:
        return True
    if cp > 0xFFFF:
        return False
    try:
        chr(cp).encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _load_cid() -> PdfFont:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    font = UnicodeCIDFont(FALLBACK_CID)
    pdfmetrics.registerFont(font)
    widths = _LazyWidths(lambda ch: pdfmetrics.stringWidth(ch, FALLBACK_CID, 1000))
    asc = float(getattr(font.face, "ascent", 880) or 880)
    desc = float(getattr(font.face, "descent", -120) or -120)
    return PdfFont(name=FALLBACK_CID, source=FALLBACK_CID, embedded=False, widths=widths,
                   default_width=1000.0, ascent=asc, descent=desc, has_glyph=_gb_covered)


def load_font(candidates: Iterable[FontCandidate] | None = None) -> PdfFont:
    """The first candidate that loads, else the built-in CID font (logged).

    Not cached: `get_font` is the cached entry point; tests call this with
    their own candidate list.
    """
    tried = []
    for c in (default_candidates() if candidates is None else candidates):
        tried.append(str(c.path))
        f = _load_ttf(c)
        if f is not None:
            log.info("PDF font: %s (index %d), embedded", c.path, c.subfont_index)
            return f
    log.warning("No CJK TrueType font found (tried: %s); PDFs use the built-in %s, which is not "
                "embedded: the reader's machine must have a Chinese font. Install fonts-wqy-microhei "
                "or put a .ttf/.ttc into resources/fonts/.", ", ".join(tried) or "none", FALLBACK_CID)
    return _load_cid()


_lock = threading.Lock()
_font: PdfFont | None = None


def get_font() -> PdfFont:
    """The desk's PDF font, registered with reportlab on first use.

    ≈ 0.2 s when the font is parsed, a few ms from its cached tables (font_cache)."""
    global _font
    if _font is None:
        with _lock:
            if _font is None:
                _font = load_font()
    return _font


def covers(text: str) -> str:
    """`text` with characters the PDF font lacks replaced by a visible □."""
    return get_font().covers(text)
