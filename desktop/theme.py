"""Colours derived from the system palette, so light and dark themes both read well.

No colour is hard-coded except tints mixed from the palette's own roles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class Tints:
    """The reader's and the panels' accent colours for one palette."""

    text: QColor
    muted: QColor
    base: QColor
    quote: QColor  # background of quoted text
    hit: QColor  # background of search matches
    post: QColor  # background of a social post block
    post_border: QColor
    bar: QColor  # timeline bars
    bar_hover: QColor
    error: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> Tints:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        link = palette.color(QPalette.ColorRole.Link)
        dark = is_dark(palette)
        # A warm tint for matches: the highlight's complement, like a marker pen.
        marker = QColor.fromHsv((highlight.hsvHue() + 180) % 360 if highlight.hsvHue() >= 0 else 50, 200, 255)
        # Red is the one meaning every theme shares; its lightness follows the background.
        error = QColor.fromHsl(0, 200, 170 if dark else 95)
        return cls(
            text=text,
            muted=blend(text, base, 0.4),
            base=base,
            quote=blend(base, link, 0.22 if dark else 0.13),
            hit=blend(base, marker, 0.45 if dark else 0.55),
            post=blend(base, highlight, 0.10 if dark else 0.06),
            post_border=blend(base, highlight, 0.55),
            bar=blend(base, highlight, 0.75),
            bar_hover=highlight,
            error=error,
        )


def current_tints() -> Tints:
    """The tints of the application's current palette."""
    return Tints.from_palette(QApplication.palette())


def app_icon() -> QIcon:
    """Morgue's window icon (empty if the resources are not beside the package)."""
    path = RESOURCES / "icons" / "morgue.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def stylesheet() -> str:
    """The app's small style sheet (chips, cards), written with palette() roles only."""
    path = RESOURCES / "styles" / "morgue.qss"
    try:
        return path.read_text("utf-8")
    except OSError:
        log.debug("no style sheet at %s", path)
        return ""
