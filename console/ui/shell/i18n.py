"""The window's language: Qt translators, the UI language, and a CJK font.

The source strings in console/ui are Chinese (the desk is Chinese-first);
English comes from resources/translations/hotline_en.qm. Qt's own
qtbase_<lang>.qm makes the stock buttons (OK, Cancel, Yes …) match.

Labels that live in the domain (status, role, request type …) carry both
languages already; the UI picks one with `current_lang()` rather than
translating the same words twice.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase

from ... import paths

log = logging.getLogger(__name__)

DEFAULT_LANG = "zh_CN"
_lang = DEFAULT_LANG

# Fonts that show Simplified Chinese well, best first (Windows, macOS, Linux).
CJK_FONTS = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "SimHei", "SimSun",
)


def normalise_lang(lang: str | None) -> str:
    """`en`, `en_US`, `EN` → `en`; anything Chinese or unknown → `zh_CN`."""
    t = (lang or "").strip().replace("-", "_")
    return "en" if t.lower().startswith("en") else DEFAULT_LANG


def current_lang() -> str:
    return _lang


def is_english() -> bool:
    return _lang == "en"


def set_lang(lang: str) -> str:
    """Set the UI language without touching translators (tests, and install_translators)."""
    global _lang
    _lang = normalise_lang(lang)
    return _lang


def translations_dir() -> str:
    return str(paths.resources_dir() / "translations")


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install our and Qt's translators for `lang`; returns them (for removal in tests)."""
    lang = set_lang(lang)
    QLocale.setDefault(QLocale(lang))
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(f"hotline_{lang}", translations_dir()):
        app.installTranslator(ours)
        installed.append(ours)
    elif lang != DEFAULT_LANG:  # Chinese is the source language: no file needed
        log.warning("no translation file hotline_%s.qm in %s", lang, translations_dir())
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
        log.info("Qt translation qtbase_%s from %s", lang, qt_dir)
    elif lang != "en":  # Qt's source language is English: only the others need a file
        log.warning("no Qt translation qtbase_%s.qm in %s: stock buttons stay English", lang, qt_dir)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for t in translators:
        app.removeTranslator(t)
    set_lang(DEFAULT_LANG)
    QLocale.setDefault(QLocale(DEFAULT_LANG))


def cjk_font_family() -> str | None:
    """The first installed font family that shows Chinese, or None."""
    families = set(QFontDatabase.families())
    for name in CJK_FONTS:
        if name in families:
            return name
    for name in sorted(families):  # any font that claims Simplified Chinese
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(name):
            return name
    return None


def bundled_cjk_family() -> str | None:
    """Register the font shipped in resources/fonts (the PDFs' font) with Qt.

    A Linux desk without Chinese fonts would otherwise see boxes; Windows and
    macOS always have one, so this is only the fallback.
    """
    for font in sorted((paths.resources_dir() / "fonts").glob("*.tt[cf]")):
        fid = QFontDatabase.addApplicationFont(str(font))
        if fid >= 0:
            families = QFontDatabase.applicationFontFamilies(fid)
            if families:
                return families[0]
    return None


def apply_cjk_font(app) -> str | None:
    """Make a CJK-capable family the application default, keeping the point size."""
    family = cjk_font_family() or bundled_cjk_family()
    if family:
        f = QFont(app.font())
        f.setFamilies([family, *[x for x in app.font().families() if x != family]])
        app.setFont(f)
    else:
        log.warning("no font with Chinese glyphs found; Chinese text may show as boxes")
    return family
