"""The side panels: quotes, social posts, entities. Each is a view over a model of ``desktop.models``."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)


class Placeholder(QLabel):
    """The grey sentence a panel shows when it has nothing to show."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("placeholder")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(12)
        self.setEnabled(False)  # drawn in the palette's disabled text colour


PENDING = "Names and quotes are being found…"  # a panel of an article the second phase has not reached


class PanelStack(QStackedWidget):
    """A panel's content, or a placeholder sentence in its place."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = Placeholder()
        self.content = content
        self.addWidget(self.placeholder)
        self.addWidget(content)

    def show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self.setCurrentWidget(self.placeholder)

    def show_content(self) -> None:
        self.setCurrentWidget(self.content)


class WrappingDelegate(QStyledItemDelegate):
    """Wraps long item texts (quotes, names) to the width of the view's column."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        view = self.parent()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not isinstance(view, QTreeView):
            return super().sizeHint(option, index)
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        indent = view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        width = view.columnWidth(index.column()) - (indent if index.column() == 0 else 0)
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        width = max(40, width - 2 * margin - 4)
        rect = opt.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, opt.text)
        return QSize(width, rect.height() + 8)


class WrappingTreeView(QTreeView):
    """A tree whose rows grow with their wrapped text, re-laid out when the width changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setItemDelegate(WrappingDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()
