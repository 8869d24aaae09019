"""A strip of the current results by month: one bar per month, click a bar to search that month.

Bar heights follow the square root of the count, so one busy month does not flatten the others
to a pixel; a month without articles is a gap that cannot be clicked.
"""

from __future__ import annotations

import calendar
import logging
import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.theme import current_tints

log = logging.getLogger(__name__)

MAX_BAR_WIDTH = 40.0
GAP = 2.0
LABEL_HEIGHT = 14
MIN_BAR = 3.0  # px: the least a month with one article is drawn


def bar_height(n: int, top: int, plot_height: float) -> float:
    """The height of a month's bar: square-root scaled, at least ``MIN_BAR`` for any article at all."""
    if n <= 0 or top <= 0:
        return 0.0
    return max(MIN_BAR, plot_height * math.sqrt(n) / math.sqrt(top))


def _month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` ("YYYY-MM"), both included."""
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def month_label(month: str) -> str:
    """ "2025-09" → "September 2025"."""
    return f"{calendar.month_name[int(month[5:7])]} {month[:4]}"


class TimelineStrip(QWidget):
    """Bars of matching articles per month, months without any shown as gaps."""

    month_clicked = Signal(str)  # "YYYY-MM"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMouseTracking(True)
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Timeline of the results by month")
        self._months: list[tuple[str, int]] = []
        self._hover = -1

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 84)

    def set_months(self, months: Sequence[tuple[str, int]]) -> None:
        """Show counts by month ("YYYY-MM", n), filling the months in between with zeros."""
        counts = dict(months)
        if counts:
            keys = sorted(counts)
            self._months = [(m, counts.get(m, 0)) for m in _month_range(keys[0], keys[-1])]
        else:
            self._months = []
        self._hover = -1
        total = sum(counts.values())
        self.setToolTip("" if self._months else "No dated articles in the results")
        self.setAccessibleDescription(f"{total} dated articles over {len(self._months)} months")
        self.update()

    @property
    def months(self) -> list[tuple[str, int]]:
        return list(self._months)

    # --- geometry -------------------------------------------------------------------------------

    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(8, 6, -8, -(LABEL_HEIGHT + 4))

    def _bar_width(self) -> float:
        n = max(1, len(self._months))
        return min(MAX_BAR_WIDTH, self._plot().width() / n)

    def bar_rect(self, i: int) -> QRectF:
        """The full-height slot of bar ``i`` (hover and click target)."""
        plot = self._plot()
        w = self._bar_width()
        x = plot.left() + (plot.width() - len(self._months) * w) / 2 + i * w  # centred
        return QRectF(x, plot.top(), w, plot.height())

    def slot_at(self, pos: QPoint) -> int:
        """The month under a point (with or without articles), or -1."""
        for i in range(len(self._months)):
            if self.bar_rect(i).contains(pos.toPointF()):
                return i
        return -1

    def bar_at(self, pos: QPoint) -> int:
        """The bar under a point, or -1: an empty month has no bar to click."""
        i = self.slot_at(pos)
        return i if i >= 0 and self._months[i][1] else -1

    # --- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        tints = current_tints()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        if not self._months:
            p.setPen(tints.muted)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated articles in the results")
            return
        top = max(n for _, n in self._months) or 1
        w = self._bar_width()
        p.setPen(tints.muted)
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        font = p.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        p.setFont(font)
        last_label_right = -1e9
        for i, (month, n) in enumerate(self._months):
            slot = self.bar_rect(i)
            if n:
                h = bar_height(n, top, plot.height())
                bar = QRectF(slot.left() + GAP / 2, plot.bottom() - h, max(1.0, w - GAP), h)
                p.fillRect(bar, tints.bar_hover if i == self._hover else tints.bar)
            # A year under its first month (or the first bar), a month name when there is room.
            label = ""
            if i == 0 or month.endswith("-01"):
                label = month[:4]
            elif w >= 26:
                label = calendar.month_abbr[int(month[5:7])]
            if label:
                text_w = p.fontMetrics().horizontalAdvance(label)
                x = slot.left()
                if x > last_label_right + 4:
                    p.drawText(QRectF(x, plot.bottom() + 2, max(text_w, w) + 2, LABEL_HEIGHT),
                               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)
                    last_label_right = x + text_w
        p.end()

    # --- interaction ----------------------------------------------------------------------------

    def describe(self, i: int) -> str:
        """The tooltip of month ``i``."""
        month, n = self._months[i]
        if not n:
            return f"{month_label(month)}: no articles in these results"
        return f"{month_label(month)}: {n} article{'s' if n != 1 else ''}\nClick to search this month"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self.slot_at(event.pos())
            if i >= 0:
                QToolTip.showText(event.globalPos(), self.describe(i), self)
                return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        i = self.bar_at(event.position().toPoint())
        if i != self._hover:
            self._hover = i
            self.setCursor(Qt.CursorShape.PointingHandCursor if i >= 0 else Qt.CursorShape.ArrowCursor)
            self.update()

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        self._hover = -1
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            i = self.bar_at(event.position().toPoint())
            if i >= 0:
                self.month_clicked.emit(self._months[i][0])
                return
        super().mouseReleaseEvent(event)
