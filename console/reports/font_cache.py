"""The PDF font's parsed tables, kept between processes so the font is parsed once per machine.

reportlab's `TTFont` reads the whole font file and then walks its tables in
pure Python (`TTFontFile.extractInfo`: names, metrics, the character map,
every glyph's advance and position) — ≈ 0.16–0.23 s for WenQuanYi Micro Hei
on this machine, in every process that prints: the shift log, the bulletin,
the quarterly PDF, a dispatch sheet, the window's first print. The result
depends on nothing but the font file's bytes, the subfont index and
reportlab's version, so it is kept in the user cache folder and laid back
onto the face on the next run; the file itself is still read (subsetting
copies glyphs out of it), so the PDF is made from the same bytes.

The cache file is data only — no pickle, marshal or eval: a magic line, a
JSON header (the key, the scalar attributes, the shapes of the arrays, the
SHA-256 of the payload) and the arrays as little-endian 64-bit numbers. It
is used only when its key matches exactly: our format, reportlab's version,
the font's path, subfont index, size, mtime and the SHA-256 of the bytes
just read, and the rl_config settings extractInfo consults. The attributes
must be exactly those `SCHEMA` names, each of its kind, and the glyph
tables must be consistent (so a bad cache cannot make subsetting index out
of range). Anything else — missing, stale, truncated, corrupt, hostile,
unreadable — is ignored: the font is parsed as before and the cache
rewritten (atomically; an unwritable folder is logged and skipped). Someone
who can write the user's cache folder could still plant well-formed but
wrong widths; the same person can replace the user's fonts or config.

When a new reportlab sets attributes this schema does not know, nothing is
cached (the font is parsed every time, as before this module) until the
schema is updated — the test that compares a cached face with a parsed one
attribute by attribute says so.
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import struct
import sys
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the file layout or the schema's meaning changes
MAGIC = b"hotline-console font tables\n"
MAX_HEADER = 1 << 16
ITEM = 8  # every array is 64-bit: 'q' integers or 'd' floats
RL_CONFIG = ("allowTTFSubsetting", "autoGenerateTTFMissingTTFName", "autoGenerateMissingTTFName")  # read by the parse

# What extractInfo (reportlab 5.x) sets on the face, and of what kind.
SCHEMA: dict[str, str] = {
    "name": "namebytes", "familyName": "namebytes", "styleName": "namebytes", "fullName": "namebytes",
    "uniqueFontID": "namebytes", "fontRevision": "int_tuple", "unitsPerEm": "int", "_pdfScale": "scale",
    "bbox": "num_list", "ascent": "num", "descent": "num", "capHeight": "num", "stemV": "int",
    "italicAngle": "num", "underlinePosition": "int", "underlineThickness": "int", "flags": "int",
    "numGlyphs": "int", "_full_font": "bool", "charToGlyph": "int_int_dict", "glyphToChar": "int_ints_dict",
    "charWidths": "int_num_dict", "hmetrics": "hmetrics", "defaultWidth": "num", "glyphPos": "int_list",
    "_pos": "int",
}


class Unfit(ValueError):
    """A cache file (or a parse result) this module will not use."""


def _scale(units_per_em: int) -> Callable[[float], float]:
    """The face's `_pdfScale`, made the way extractInfo makes it (font units to 1/1000 em)."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _num(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_PLAIN: dict[str, Callable[[Any], bool]] = {  # kinds that are the same in the header as on the face
    "int": lambda v: type(v) is int, "bool": lambda v: type(v) is bool, "num": _num,
    "num_list": lambda v: type(v) is list and all(_num(x) for x in v),
}


def _ints(a: array) -> list[int]:
    if a.typecode != "q":
        raise Unfit("integers expected")
    return a.tolist()


class _Writer:
    """Collects the header's attributes and the payload's arrays of one face."""

    def __init__(self) -> None:
        self.attrs: dict[str, Any] = {}
        self.arrays: list[array] = []

    def add(self, values: list, typecode: str = "q") -> int:
        self.arrays.append(array(typecode, values))
        return len(self.arrays) - 1

    def encode(self, name: str, kind: str, v: Any) -> Any:
        from reportlab.pdfbase.ttfonts import TTFNameBytes

        if kind == "scale":
            return None
        if kind == "namebytes":
            if isinstance(v, TTFNameBytes):
                return {"ustr": v.ustr}
            if type(v) is bytes:
                return {"hex": v.hex()}
        elif kind in _PLAIN and _PLAIN[kind](v):
            return v
        elif kind == "int_tuple" and type(v) is tuple and all(type(x) is int for x in v):
            return list(v)
        elif kind == "int_list" and type(v) is list and all(type(x) is int for x in v):
            return self.add(v)
        elif kind == "hmetrics" and type(v) is list and all(
                type(p) is tuple and len(p) == 2 and _num(p[0]) and type(p[1]) is int for p in v):
            # extractInfo keeps the advances it read as ints and the repeated last one scaled (a float
            # unless unitsPerEm is 1000): the leading ints and the trailing floats go in arrays of their own.
            k = next((i for i, p in enumerate(v) if type(p[0]) is not int), len(v))
            if all(type(p[0]) is float for p in v[k:]):
                return [self.add([p[0] for p in v[:k]]), self.add([p[0] for p in v[k:]], "d"),
                        self.add([p[1] for p in v])]
        elif kind == "int_int_dict" and type(v) is dict and all(
                type(k) is int and type(x) is int for k, x in v.items()):
            return [self.add(list(v)), self.add(list(v.values()))]
        elif kind == "int_num_dict" and type(v) is dict and all(type(k) is int for k in v):
            vals = list(v.values())
            code = "q" if all(type(x) is int for x in vals) else "d" if all(type(x) is float for x in vals) else ""
            if code:
                return [self.add(list(v)), self.add(vals, code)]
        elif kind == "int_ints_dict" and type(v) is dict and all(
                type(k) is int and type(xs) is list and xs and all(type(x) is int for x in xs) for k, xs in v.items()):
            # Nearly every glyph has one character: the first of each in one array, the rest as
            # (position, character) pairs, so reading it back is one comprehension and a short loop.
            more = [(i, x) for i, xs in enumerate(v.values()) for x in xs[1:]]
            return [self.add(list(v)), self.add([xs[0] for xs in v.values()]),
                    self.add([i for i, _ in more]), self.add([x for _, x in more])]
        raise Unfit(f"{name}: not a {kind}")


def _decode(kind: str, enc: Any, arrays: list[array], info: dict[str, Any]) -> Any:
    """One attribute back from the header (and the payload); raises Unfit on anything unexpected."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    def arr(i: object) -> array:
        if type(i) is not int or not 0 <= i < len(arrays):
            raise Unfit("bad array index")
        return arrays[i]

    def idx(n: int) -> list[array]:
        if type(enc) is not list or len(enc) != n:
            raise Unfit("bad array list")
        return [arr(i) for i in enc]

    if kind == "scale":
        return _scale(info["unitsPerEm"])
    if kind == "namebytes" and type(enc) is dict:
        if set(enc) == {"ustr"} and type(enc["ustr"]) is str:
            return TTFNameBytes(enc["ustr"].encode("utf8"), "utf8")
        if set(enc) == {"hex"} and type(enc["hex"]) is str:
            return bytes.fromhex(enc["hex"])
    elif kind in _PLAIN and _PLAIN[kind](enc):
        return enc
    elif kind == "int_tuple" and type(enc) is list and all(type(x) is int for x in enc):
        return tuple(enc)
    elif kind == "int_list":
        return _ints(arr(enc))
    elif kind == "hmetrics":
        ints, floats, lsb = idx(3)
        if floats.typecode != "d" or len(ints) + len(floats) != len(lsb):
            raise Unfit("hmetrics")
        return list(zip(_ints(ints) + floats.tolist(), _ints(lsb), strict=True))
    elif kind == "int_int_dict":
        keys, vals = idx(2)
        if len(keys) != len(vals):
            raise Unfit("map lengths")
        return dict(zip(_ints(keys), _ints(vals), strict=True))
    elif kind == "int_num_dict":
        keys, vals = idx(2)
        if len(keys) != len(vals):
            raise Unfit("map lengths")
        return dict(zip(_ints(keys), vals.tolist(), strict=True))
    elif kind == "int_ints_dict":
        keys, firsts, at, more = idx(4)
        if len(keys) != len(firsts) or len(at) != len(more):
            raise Unfit("glyphToChar")
        glyphs = _ints(keys)
        out = {k: [c] for k, c in zip(glyphs, _ints(firsts), strict=True)}
        if len(out) != len(glyphs):
            raise Unfit("glyphToChar keys")
        for i, c in zip(_ints(at), _ints(more), strict=True):
            out[glyphs[i]].append(c)  # an IndexError (a bad position) makes the cache unfit too
        return out
    raise Unfit(f"not a {kind}")


def check(info: dict[str, Any], file_size: int) -> None:
    """The glyph tables hang together, so subsetting stays inside them; raises Unfit.

    Applied to a fresh parse before it is written (a font that fails is
    simply never cached) and to every cache read.
    """
    n = info["numGlyphs"]
    pos, hm = info["glyphPos"], info["hmetrics"]
    if len(pos) != n + 1 or len(hm) != n or n < 1:
        raise Unfit("glyph counts")
    if min(pos) < 0 or max(pos) > file_size:
        raise Unfit("glyph positions")
    c2g, widths = info["charToGlyph"], info["charWidths"]
    if c2g and not (min(c2g.values()) >= 0 and max(c2g.values()) < n and min(c2g) >= 0 and max(c2g) <= 0x10FFFF):
        raise Unfit("glyph ids or character codes")
    if not widths.keys() <= c2g.keys():
        raise Unfit("widths of unmapped characters")


def _key(path: Path, index: int, data: bytes, stat: os.stat_result) -> dict[str, Any]:
    """Everything the parse depends on: a cache made under any other key is not this font's."""
    import reportlab
    from reportlab import rl_config

    from .. import __version__

    return {"format": FORMAT, "ours": __version__, "reportlab": reportlab.Version,
            "path": str(path), "index": index, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "sha256": hashlib.sha256(data).hexdigest(),
            "rl_config": [repr(getattr(rl_config, k, None)) for k in RL_CONFIG]}


def cache_file(folder: Path, path: Path, index: int) -> Path:
    """One file per font file and subfont, named by a hash of both (any path is a safe name)."""
    return folder / f"{hashlib.sha256(f'{path}#{index}'.encode()).hexdigest()[:32]}.fonttables"


def dumps(key: dict[str, Any], info: dict[str, Any]) -> bytes:
    """The cache file's bytes for one parsed face; raises Unfit when the face does not fit SCHEMA."""
    if set(info) != set(SCHEMA):
        raise Unfit(f"attributes differ from the schema: {sorted(set(info) ^ set(SCHEMA))}")
    w = _Writer()
    attrs = {name: w.encode(name, kind, info[name]) for name, kind in SCHEMA.items()}
    payload = []
    for a in w.arrays:
        if sys.byteorder != "little":
            a = array(a.typecode, a)
            a.byteswap()
        payload.append(a.tobytes())
    body = b"".join(payload)
    header = json.dumps({"key": key, "attrs": attrs, "arrays": [[a.typecode, len(a)] for a in w.arrays],
                         "payload_sha256": hashlib.sha256(body).hexdigest()},
                        allow_nan=False, ensure_ascii=True, separators=(",", ":")).encode()
    if len(header) > MAX_HEADER:
        raise Unfit("header too large")
    return MAGIC + struct.pack("<I", len(header)) + header + body


def loads(blob: bytes, key: dict[str, Any], file_size: int) -> dict[str, Any]:
    """The face's attributes from a cache file's bytes; raises Unfit unless everything is as written."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 4:
        raise Unfit("not a font-table cache")
    (hlen,) = struct.unpack_from("<I", blob, len(MAGIC))
    start = len(MAGIC) + 4
    if hlen > MAX_HEADER or start + hlen > len(blob):
        raise Unfit("bad header length")
    try:
        header = json.loads(blob[start:start + hlen].decode("ascii"))
    except (UnicodeDecodeError, ValueError) as e:
        raise Unfit("bad header") from e
    if type(header) is not dict or set(header) != {"key", "attrs", "arrays", "payload_sha256"}:
        raise Unfit("bad header fields")
    if header["key"] != key:
        raise Unfit("stale (another font, reportlab or format)")
    body = memoryview(blob)[start + hlen:]
    if hashlib.sha256(body).hexdigest() != header["payload_sha256"]:
        raise Unfit("payload damaged")
    shapes, arrays, at = header["arrays"], [], 0
    if type(shapes) is not list:
        raise Unfit("bad arrays")
    for shape in shapes:
        if (type(shape) is not list or len(shape) != 2 or shape[0] not in ("q", "d") or type(shape[1]) is not int
                or shape[1] < 0 or at + shape[1] * ITEM > len(body)):
            raise Unfit("bad array shape")
        a = array(shape[0])
        a.frombytes(body[at:at + shape[1] * ITEM])
        if sys.byteorder != "little":
            a.byteswap()
        arrays.append(a)
        at += shape[1] * ITEM
    if at != len(body):
        raise Unfit("payload length")
    attrs = header["attrs"]
    if type(attrs) is not dict or set(attrs) != set(SCHEMA):
        raise Unfit("attributes differ from the schema")
    info: dict[str, Any] = {}
    for name, kind in sorted(SCHEMA.items(), key=lambda kv: kv[1] == "scale"):  # the scale needs unitsPerEm
        info[name] = _decode(kind, attrs[name], arrays, info)
    if info["unitsPerEm"] <= 0:
        raise Unfit("unitsPerEm")
    check(info, file_size)
    return info


def _read(file: Path) -> bytes | None:
    try:
        with open(file, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None
    except OSError as e:
        log.debug("font cache %s unreadable: %s", file, e)
        return None


def _write(file: Path, blob: bytes) -> None:
    from ..util.atomic_file import writing_atomically

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with writing_atomically(file, mode=0o644) as fh:
            fh.write(blob)
    except OSError as e:
        log.info("font cache %s not written (the font is parsed again next time): %s", file, e)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while the face's tables are made.

    They are ≈ 200,000 new lists, tuples and dicts of numbers — no cycles —
    and each few hundred new containers start a collection, some of them
    over the whole heap (SQLAlchemy's and reportlab's objects too): half the
    time of reading the cache, a third of a parse, on this machine. Nothing
    is skipped, only postponed until the face is made.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def open_face(path: Path, subfont_index: int, cache_folder: Path | None) -> Any:
    """reportlab's `TTFontFace` of `path`, its tables from the cache when it fits, else parsed (and cached).

    Built the way `TTFontFace.__init__` builds it (TypeFace, then the file
    and its table directory read by TTFontParser), with extractInfo's
    attributes either parsed or laid on from the cache.
    """
    with _gc_paused():
        return _open_face(path, subfont_index, cache_folder)


def _open_face(path: Path, subfont_index: int, cache_folder: Path | None) -> Any:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace, TTFontParser

    stat = os.stat(path)
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    TTFontParser.__init__(face, str(path), validate=0, subfontIndex=subfont_index)
    if cache_folder is None:
        face.extractInfo(1)
        return face
    data = face._ttf_data
    file = cache_file(cache_folder, path, subfont_index)
    key: dict[str, Any] | None = None
    try:
        key = _key(path, subfont_index, data, stat)
        blob = _read(file)
        if blob is not None and len(data) == stat.st_size:
            vars(face).update(loads(blob, key, len(data)))
            return face
    except Exception as e:  # noqa: BLE001 - whatever is wrong with the cache, the font is parsed
        log.info("font cache %s ignored: %s", file, e)
    before = dict(vars(face))
    face.extractInfo(1)
    if key is None:
        return face
    info = {k: v for k, v in vars(face).items() if k not in before or before[k] is not v}
    try:
        check(info, len(data))
        blob = dumps(key, info)
    except Exception as e:  # noqa: BLE001 - a font this module cannot describe is used uncached
        log.info("font %s: its tables are not cached: %s", path, e)
        return face
    _write(file, blob)
    return face


def cached_ttfont(name: str, path: Path, subfont_index: int = 0, cache_folder: Path | None = None) -> Any:
    """A reportlab `TTFont` like `TTFont(name, path, subfontIndex=...)`, its face from `open_face`.

    `TTFont.__init__` builds its face itself, so its few other lines are
    repeated here; test_font_cache compares every attribute with a font
    made by reportlab, so a reportlab that changes them fails a test.
    """
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = open_face(path, subfont_index, cache_folder)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in ttfonts.unShapedFontGlob)
    return font
