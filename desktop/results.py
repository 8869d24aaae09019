"""The results list: a view over ``ResultsModel`` whose delegate paints title, date, site and snippet."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.models import ResultsModel
from desktop.theme import blend

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
PAD = 8
SNIPPET_LINES = 3


def _snippet_html(snippet: tuple[tuple[str, bool], ...]) -> str:
    # Imported here: the core's search module loads Whoosh, which the worker has loaded by the
    # time there is a snippet to paint, and which start-up must not wait for.
    from index.search.searcher import snippet_html

    return snippet_html(snippet)


class ResultDelegate(QStyledItemDelegate):
    """Paints one hit: bold title, a muted line of date · site · authors, the snippet with matches in bold."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        title = QFont(base)
        title.setBold(True)
        meta = QFont(base)
        meta.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        return title, meta, base

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        title, meta, body = self._fonts(option)
        h = PAD * 2 + QFontMetrics(title).lineSpacing() + QFontMetrics(meta).lineSpacing() + 2
        if index.data(ResultsModel.SnippetRole):
            h += QFontMetrics(body).lineSpacing() * SNIPPET_LINES + 4
        return QSize(200, h)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        active = bool(opt.state & QStyle.StateFlag.State_Active)
        group = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole
        text_color = opt.palette.color(group, role.HighlightedText if selected else role.Text)
        back = opt.palette.color(group, role.Highlight if selected else role.Base)
        muted = blend(text_color, back, 0.35)
        title_font, meta_font, body_font = self._fonts(opt)
        rect = opt.rect.adjusted(PAD + 2, PAD, -PAD, -PAD)

        painter.setFont(title_font)
        painter.setPen(text_color)
        fm = painter.fontMetrics()
        title = fm.elidedText(str(index.data(ResultsModel.TitleRole) or ""), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), fm.lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        y = rect.top() + fm.lineSpacing() + 2

        painter.setFont(meta_font)
        painter.setPen(muted)
        fm = painter.fontMetrics()
        parts = [index.data(ResultsModel.DateRole) or "undated", index.data(ResultsModel.SiteRole),
                 index.data(ResultsModel.AuthorsRole)]
        meta = fm.elidedText(" · ".join(str(p) for p in parts if p), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), y, rect.width(), fm.lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, meta)
        y += fm.lineSpacing() + 4

        snippet = index.data(ResultsModel.SnippetRole)
        if snippet:
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(body_font)
            doc.setHtml(_snippet_html(snippet))
            doc.setTextWidth(rect.width())
            painter.translate(rect.left(), y)
            height = min(rect.bottom() - y + 1, _lines_height(body_font))
            clip = QRectF(0, 0, rect.width(), height)
            painter.setClipRect(clip)
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.palette.setColor(QPalette.ColorRole.Text, blend(text_color, back, 0.12))
            ctx.clip = clip
            doc.documentLayout().draw(painter, ctx)
        painter.restore()
        # A hairline between hits.
        painter.save()
        base, text = opt.palette.color(QPalette.ColorRole.Base), opt.palette.color(QPalette.ColorRole.Text)
        painter.setPen(blend(base, text, 0.12))
        painter.drawLine(opt.rect.bottomLeft(), opt.rect.bottomRight())
        painter.restore()


def _lines_height(font: QFont) -> int:
    return QFontMetrics(font).lineSpacing() * SNIPPET_LINES


class ResultsView(QListView):
    """The list of hits; says so when there are none. A right click offers the commands on a hit
    (``menu_extenders``, the window's) and its authors' pages."""

    person_requested = Signal(str)  # a person of the hit's byline
    byline_search_requested = Signal(str)  # an organisation of the hit's byline

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results")
        self.setItemDelegate(ResultDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Search results")
        self.setMouseTracking(True)
        self.placeholder = "Searching…"
        self.menu_extenders: list[Callable[[QMenu, QModelIndex], None]] = []
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.on_context_menu_requested)

    def byline_menu(self, index: QModelIndex) -> QMenu | None:
        """"Open the page of …" for each person of the hit's byline at ``index``, "Find Articles by …"
        for each organisation (None when it has no byline)."""
        menu = QMenu(self)
        self._add_byline(menu, index)
        return menu if menu.actions() else None

    def _add_byline(self, menu: QMenu, index: QModelIndex) -> None:
        for name in tuple(index.data(ResultsModel.PeopleRole) or ()):
            action = menu.addAction(f"Open the page of {name}")
            action.setData(name)
            action.triggered.connect(functools.partial(self.person_requested.emit, name))
        for name in tuple(index.data(ResultsModel.OrganisationsRole) or ()):
            # An outlet or a desk signing the article is no person: its articles are a search.
            action = menu.addAction(f"Find Articles by {name}")
            action.setData(name)
            action.setToolTip(f"Search the archive for the articles whose byline names {name}")
            action.triggered.connect(functools.partial(self.byline_search_requested.emit, name))

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu of the hit at ``index``: the window's commands, then its byline's."""
        if not index.isValid():
            return None
        menu = QMenu(self)
        menu.setObjectName("resultsMenu")
        for extend in self.menu_extenders:
            extend(menu, index)
        if index.data(ResultsModel.AuthorsRole) and menu.actions():
            menu.addSeparator()
        self._add_byline(menu, index)
        return menu if menu.actions() else None

    def on_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.context_menu(self.indexAt(pos))
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))

    def set_placeholder(self, text: str) -> None:
        """The sentence shown when the list is empty."""
        self.placeholder = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.placeholder:
            p = QPainter(self.viewport())
            pal = self.palette()
            p.setPen(blend(pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base), 0.45))
            p.drawText(self.viewport().rect().adjusted(16, 24, -16, -16),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                       self.placeholder)
            p.end()
