"""The window's look: a light theme, a dark night theme, and the font size — app-wide.

A night operator sits in a dark room for twelve hours; a white window
glares. The theme and the font size are the operator's own (QSettings, per
user and machine, never the shared database), applied to the whole
application at start (`console.ui.shell.launch`) and again at once when the
settings dialog changes them. The language is stored beside them but only
read at start: Qt translates strings as widgets are built, so a new
language needs a restart.

The dark theme is Qt's Fusion style with a dark palette, so every stock
widget follows; resources/styles/dark.qss adds the few colours a palette
cannot reach (grid lines, our error and hint labels). Widgets mark text by
its role with a dynamic property (`role="error"`, `role="hint"`,
`role="warn"`) instead of hard-coding a colour that only reads on white.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from ... import paths

log = logging.getLogger(__name__)

THEME_LIGHT, THEME_DARK = "light", "dark"
THEMES = (THEME_LIGHT, THEME_DARK)
FONT_MIN, FONT_MAX = 8, 20  # points; 0 means the platform's default size
KEY_THEME, KEY_FONT, KEY_LANG = "look/theme", "look/fontSize", "look/lang"

_BASE_PT = "_hotline_base_point_size"
_BASE_STYLE = "_hotline_base_style"


@dataclass(frozen=True)
class Look:
    theme: str = THEME_LIGHT
    font_pt: int = 0  # 0: as the platform gives it
    lang: str = ""  # "": not chosen (Chinese, unless --lang says otherwise)


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def load_look(settings: QSettings) -> Look:
    """The saved look; anything unreadable falls back to the default (never an error)."""
    theme = str(settings.value(KEY_THEME, THEME_LIGHT) or THEME_LIGHT)
    if theme not in THEMES:
        theme = THEME_LIGHT
    pt = _int(settings.value(KEY_FONT, 0))
    if pt and not FONT_MIN <= pt <= FONT_MAX:
        pt = 0
    lang = str(settings.value(KEY_LANG, "") or "")
    if lang not in ("", "zh_CN", "en"):
        lang = ""
    return Look(theme, pt, lang)


def save_look(settings: QSettings, look: Look) -> None:
    settings.setValue(KEY_THEME, look.theme)
    settings.setValue(KEY_FONT, int(look.font_pt))
    settings.setValue(KEY_LANG, look.lang)
    settings.sync()


def window_lang(cli_lang: str | None, explicit: bool, look: Look) -> str:
    """The language to start in: an explicit --lang wins, then the saved choice, then Chinese."""
    if explicit and cli_lang:
        return cli_lang
    if cli_lang and cli_lang.startswith("en"):
        return "en"
    return look.lang or "zh_CN"


# ------------------------------------------------------------------ palettes

def dark_palette() -> QPalette:
    """A dark palette with enough contrast for twelve hours of reading (text ≈ 11:1 on base)."""
    p = QPalette()
    window, base, alt = QColor("#2b2d30"), QColor("#1f2023"), QColor("#272a2e")
    text, dim = QColor("#e2e2e2"), QColor("#8a8d91")
    highlight = QColor("#3d6fb6")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alt,
        QPalette.ColorRole.ToolTipBase: QColor("#3a3d42"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: dim,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#363a3f"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Light: QColor("#4a4e54"),
        QPalette.ColorRole.Midlight: QColor("#3f4349"),
        QPalette.ColorRole.Mid: QColor("#33363a"),
        QPalette.ColorRole.Dark: QColor("#1a1b1e"),
        QPalette.ColorRole.Shadow: QColor("#111214"),
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#7db3ff"),
        QPalette.ColorRole.LinkVisited: QColor("#b09cff"),
    }
    for role, color in roles.items():
        p.setColor(QPalette.ColorGroup.All, role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, dim)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor("#44484e"))
    return p


def style_sheet(theme: str) -> str:
    """The house style (console.qss) followed by the theme's own sheet."""
    styles = paths.resources_dir() / "styles"
    parts = []
    for name in ("console.qss", f"{theme}.qss"):
        f = styles / name
        if f.is_file():
            try:
                parts.append(f.read_text(encoding="utf-8"))
            except OSError:
                log.warning("cannot read %s", f, exc_info=True)
    # url() in a style sheet is relative to the working folder, not the sheet: make it absolute
    return "\n".join(parts).replace("@STYLES@", styles.as_posix())


def apply_look(app: QApplication, look: Look) -> None:
    """Theme and font size for every window, now and later."""
    if app.property(_BASE_PT) is None:  # the platform's defaults, before we change anything
        app.setProperty(_BASE_PT, app.font().pointSize())
        app.setProperty(_BASE_STYLE, app.style().name())
    if look.theme == THEME_DARK:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())
    else:
        base = str(app.property(_BASE_STYLE) or "")
        if base and app.style().name().lower() != base.lower():
            style = QStyleFactory.create(base)
            if style is not None:
                app.setStyle(style)
        app.setPalette(app.style().standardPalette())
    app.setProperty("hotlineTheme", look.theme)
    app.setStyleSheet(style_sheet(look.theme))
    f = QFont(app.font())
    pt = look.font_pt or _int(app.property(_BASE_PT), 0)
    if pt > 0:  # a platform font given in pixels has no point size: leave it as it is
        f.setPointSize(pt)
    app.setFont(f)
    # A new application font reaches existing widgets through posted events, and not at all
    # while a style sheet is in force (measured with PySide6 6.11): tell every widget now.
    change = QEvent(QEvent.Type.ApplicationFontChange)
    for w in app.allWidgets():
        QApplication.sendEvent(w, change)
    for w in app.topLevelWidgets():  # row heights measured from the old font
        fit_rows(w)


def current_theme() -> str:
    app = QApplication.instance()
    return str(app.property("hotlineTheme") or THEME_LIGHT) if app else THEME_LIGHT


def fit_rows(root: QWidget) -> None:
    """Tables measure their row height once (no per-row measuring): re-measure for the new font."""
    from PySide6.QtWidgets import QTableView

    tables = root.findChildren(QTableView)
    if isinstance(root, QTableView):
        tables.append(root)
    for t in tables:
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)


# Colours item views paint data with (overdue, reachable, inactive), light and dark variants,
# picked at paint time so a theme switch shows at the next repaint.
_COLOURS = {"overdue": ("#c62828", "#ff8a80"), "ok": ("#2e7d32", "#7bd88f"), "dim": ("#8c8c8c", "#8f9399")}


def brush(name: str) -> QBrush:
    light, dark = _COLOURS[name]
    return QBrush(QColor(dark if current_theme() == THEME_DARK else light))


def set_role(widget: QWidget, role: str) -> QWidget:
    """Mark a label's purpose (error, hint, warn); the theme's sheet colours it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget
