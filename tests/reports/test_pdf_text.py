"""Residents' text on a PDF page: escaped, cleaned, wrapped, never lost; the CJK font."""
from __future__ import annotations

import logging
import shutil
import subprocess

import pytest

from console.reports import fonts
from console.reports.fonts import FontCandidate, get_font, load_font
from console.reports.pdf_text import chunks, clean, escape, markup, paragraphs, wrap_lines

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")
HOSTILE = '<b>bold</b> <img src="x"/> &amp; & <font color=red>红</font>'


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_markup_escapes_what_reportlab_would_read_as_tags():
    assert escape("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    m = markup(HOSTILE + "\n第二行")
    assert "<b>" not in m and "<img" not in m and "<font" not in m
    assert "&amp;amp;" in m  # the resident's literal "&amp;" stays literal
    assert m.endswith("<br/>第二行")


@needs_pdftotext
def test_hostile_text_prints_as_typed_through_a_paragraph(tmp_path):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    font = get_font()
    style = ParagraphStyle("n", fontName=font.name, fontSize=10, leading=14)
    out = tmp_path / "p.pdf"
    SimpleDocTemplate(str(out)).build(paragraphs(HOSTILE, style, font))
    text = pdf_text(out)
    assert '<b>bold</b> <img src="x"/> &amp; & <font color=red>红</font>' in text


def test_clean_removes_controls_keeps_lines_and_marks_missing_glyphs():
    font = get_font()
    assert clean(None) == ""
    assert clean("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert clean("a\tb") == "a    b"
    assert clean("x\x00\x07\x1b[31my\x7f\x85z") == "x[31myz"
    assert clean("电话１３８０") == "电话１３８０"  # full-width digits are in the font and stay as typed
    p = font.placeholder
    assert clean("好😀") == f"好{p}"
    assert clean("👍\ufe0f") == p  # the variation selector is invisible: dropped, not a second box
    assert clean("\U00020000字") == f"{p}字"  # a CJK Extension B character the font lacks
    assert clean("a\u200db") in ("a\u200db", "ab")  # zero-width joiner: kept if drawable, else dropped


def test_the_font_is_an_embedded_cjk_truetype_on_this_machine():
    font = get_font()
    if not font.embedded:
        pytest.skip(f"no CJK TrueType font on this machine; using {font.source}")
    assert font.source.endswith((".ttc", ".ttf", ".otf"))
    assert font.has_glyph(ord("班")) and not font.has_glyph(ord("😀"))
    assert get_font() is font  # registered once


def test_a_font_that_cannot_load_falls_back_to_the_cid_font_with_a_warning(tmp_path, caplog):
    bogus = tmp_path / "not-a-font.ttf"
    bogus.write_text("hello", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger=fonts.__name__):
        f = load_font([FontCandidate(bogus), FontCandidate(tmp_path / "missing.ttc")])
    assert f.name == fonts.FALLBACK_CID and not f.embedded
    assert any("STSong-Light" in r.getMessage() for r in caplog.records)
    assert f.covers("中文😀") == "中文□"
    assert f.string_width("中文", 10) == pytest.approx(20, rel=0.01)
    lines = wrap_lines("值班" * 40, 50, 10, f)
    assert all(f.string_width(x, 10) <= 50 for x in lines) and "".join(lines) == "值班" * 40


def test_chunks_cut_long_text_into_page_sized_pieces():
    text = "长" * 20_000
    parts = chunks(text, max_chars=1000)
    assert len(parts) == 20 and all(len(p) <= 1000 for p in parts) and "".join(parts) == text
    many_lines = "\n".join(f"第{i}行" for i in range(200))
    parts = chunks(many_lines, max_chars=10_000, max_lines=30)
    assert all(p.count("\n") < 30 for p in parts)
    assert "\n".join(parts) == many_lines
    assert chunks("") == [] and chunks("短") == ["短"]


def test_wrap_lines_fits_the_width_and_keeps_every_character():
    font = get_font()
    width, size = 100.0, 8.0
    text = "楼上装修噪音很大，晚上十点以后还在施工。" * 10
    lines = wrap_lines(text, width, size, font)
    assert len(lines) > 5
    assert all(font.string_width(x, size) <= width + 1e-6 for x in lines)
    assert "".join(lines) == text
    assert not any(x.startswith(("，", "。")) for x in lines)  # no line starts with closing punctuation


def test_wrap_lines_breaks_latin_at_spaces_and_long_words_anywhere():
    font = get_font()
    lines = wrap_lines("call back tomorrow morning please", 60, 8, font)
    assert all(" " not in (x[0] + x[-1]) for x in lines if x)
    assert " ".join(lines) == "call back tomorrow morning please"
    assert {w for x in lines for w in x.split()} == {"call", "back", "tomorrow", "morning", "please"}
    blob = "x" * 300
    lines = wrap_lines(blob, 60, 8, font)
    assert "".join(lines) == blob and all(font.string_width(x, 8) <= 60 for x in lines)
    assert wrap_lines("一\n\n二", 60, 8, font) == ["一", "", "二"]
    assert wrap_lines("", 60, 8, font) == [""]
