"""Quote search in the window: the search field's query run over the quotes index, in a dock.

A "Quote search" dock (View menu, Ctrl+6; a tab beside the Entities panel): while it is shown, every search of the
window also lists the quotes that match (in their words or their speaker), in the articles that the
window's filters select (the same query and chips as the results: ``index.people.quotes``), the
same quote repeated in several articles grouped into one row with where and when it first
appeared, its appearances under it. Searches run in a ``JobRunner``; the answer of an older query
is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QLabel, QMenu, QVBoxLayout, QWidget

from desktop.jobs import JobRunner, Op
from desktop.panels import PanelStack, WrappingTreeView
from desktop.search_bar import FILTER_LABELS
from index.jobs import CancelToken, ProgressCallback
from index.model import QuoteHit
from index.people import QuoteGroup, group_quotes
from index.people.quotes import find_quotes

if TYPE_CHECKING:  # pragma: no cover
    from desktop.archives import OpenedArchive
    from desktop.main_window import MainWindow
    from index.archive import Archive

log = logging.getLogger(__name__)

LIMIT = 300  # quotes fetched per query (the best first)
KEY = "Ctrl+6"
USER = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class QuoteSearchResult:
    """A quote search's answer: the total, the hits fetched, and those grouped."""

    query: str
    total: int
    hits: tuple[QuoteHit, ...]
    groups: tuple[QuoteGroup[QuoteHit], ...]
    filters: tuple[tuple[str, str], ...] = field(default=())  # the window's chips it was run with


def search_grouped(archive: Archive, query: str, limit: int = LIMIT,
                   filters: Mapping[str, str] | None = None) -> QuoteSearchResult:
    """The quotes matching ``query`` in the articles ``filters`` select (best first), near-identical
    ones grouped."""
    total, hits = find_quotes(archive, query, limit=limit, filters=filters)
    return QuoteSearchResult(query, total, tuple(hits), tuple(group_quotes(hits)),
                             tuple(sorted((filters or {}).items())))


def _where(h: QuoteHit) -> str:
    return f"{h.date.isoformat() if h.date else 'undated'} · {h.site or 'unknown site'} · {h.title}"


class QuoteSearchModel(QStandardItemModel):
    """Groups of quotes: a row per distinct quote, its other appearances as children."""

    HitRole = USER + 1
    GroupRole = USER + 2

    def set_result(self, result: QuoteSearchResult | None) -> None:
        self.clear()
        if result is None:
            return
        root = self.invisibleRootItem()
        for g in result.groups:
            h = g.first
            text = f"“{h.text}”\n— {h.speaker or 'unknown speaker'}\n{_where(h)}"
            if g.repeated:
                text += f"\nin {len(g)} articles — first here"
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData(h, self.HitRole)
            item.setData(g, self.GroupRole)
            for m in g.members[1:]:
                child = QStandardItem(f"also {_where(m)} — {m.speaker or 'unknown speaker'}")
                child.setEditable(False)
                child.setData(m, self.HitRole)
                child.setData(g, self.GroupRole)
                item.appendRow(child)
            root.appendRow(item)


class QuoteSearchPanel(QWidget):
    """The quotes matching the search field's query, grouped."""

    open_requested = Signal(str, int)  # article id, paragraph (-1: the quote's; the reader scrolls)
    person_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quoteSearchPanel")
        self.result: QuoteSearchResult | None = None
        self.count_label = QLabel("")
        self.count_label.setObjectName("quoteSearchCount")
        self.count_label.setWordWrap(True)  # else a long count widens the docks and narrows the reader
        self.model = QuoteSearchModel(self)
        self.view = WrappingTreeView()
        self.view.setObjectName("quoteSearchView")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.activated.connect(self.on_view_activated)
        self.view.clicked.connect(self.on_view_activated)
        self.view.customContextMenuRequested.connect(self.on_view_context_menu_requested)
        self.stack = PanelStack(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.count_label)
        layout.addWidget(self.stack, 1)
        self.stack.show_placeholder("Type in the search field to find quotes: words they say, or speaker:NAME.")

    def set_result(self, result: QuoteSearchResult) -> None:
        self.result = result
        self.model.set_result(result)
        distinct = len(result.groups)
        shown = f" (the best {len(result.hits)})" if result.total > len(result.hits) else ""
        where = "; ".join(f"{FILTER_LABELS.get(k, k)}: {v}" for k, v in result.filters)
        self.count_label.setText(f"  {result.total:,} quotes{shown}, {distinct:,} distinct"
                                 f" — {sum(1 for g in result.groups if g.repeated)} repeated in several articles"
                                 + (f" (in articles with {where})" if where else ""))
        if result.hits:
            self.stack.show_content()
        else:
            self.stack.show_placeholder("No quotes match.")

    def show_message(self, text: str) -> None:
        self.count_label.setText("")
        self.stack.show_placeholder(text)

    def on_view_activated(self, index: QModelIndex) -> None:
        hit = index.data(QuoteSearchModel.HitRole)
        if hit is not None:
            self.open_requested.emit(hit.article_id, hit.index)

    def on_view_context_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        hit = index.data(QuoteSearchModel.HitRole) if index.isValid() else None
        if hit is None or not hit.speaker:
            return
        menu = QMenu(self)
        menu.addAction(f"Open the page of {hit.speaker}", lambda: self.person_requested.emit(hit.speaker))
        menu.exec(self.view.viewport().mapToGlobal(pos))


class QuoteSearch(QObject):
    """Runs the field's searches over the quotes while the dock is shown."""

    result_shown = Signal(object)  # QuoteSearchResult

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._archive: Archive | None = None
        self._request = 0
        self._runner = JobRunner("quote search", self)
        self._runner.bug_found.connect(window.on_bug_found)
        self.panel = QuoteSearchPanel()
        self.dock = QDockWidget("Quote search", window)
        self.dock.setObjectName("quoteSearchDock")
        self.dock.setWidget(self.panel)
        # Hidden until asked for (View › Quote search, Ctrl+6): the default layout stays as it was.
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self._placed = False
        toggle = self.dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(KEY))
        toggle.setToolTip(f"Show or hide the Quote search panel ({KEY})")
        menus = getattr(window, "_menus", {})
        if "&View" in menus:
            menus["&View"].insertAction(getattr(window, "_view_separator", None), toggle)
        window.addAction(toggle)
        self.panel.open_requested.connect(self.on_panel_open_requested)
        window.client.archive_opened.connect(self.on_window_archive_opened)
        # After each search of the window (a query, a chip added or removed, a month of the timeline):
        # the quotes of the same query and filters.
        window.results_shown.connect(lambda _request_id: self.refresh())
        self.panel.person_requested.connect(self.on_panel_person_requested)
        self.dock.visibilityChanged.connect(self.on_dock_visibility_changed)

    def on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and not self._placed and not self.dock.isFloating():
            # The first time: a tab beside Entities (the Quotes panel's tabs are the article's own).
            self._placed = True
            self._window.tabifyDockWidget(self._window.entities_dock, self.dock)
            self.dock.raise_()
        if visible:
            self.refresh()

    def on_window_archive_opened(self, opened: OpenedArchive) -> None:
        self._archive = opened.archive
        self.refresh()

    def refresh(self) -> int:
        """Search the quotes for the field's text (when the dock is shown); returns the request id."""
        if self._archive is None or not self.dock.isVisible():
            return 0
        self._request += 1
        request = self._request
        archive, query = self._archive, self._window.search_bar.text()
        filters = dict(self._window.filters)
        self._runner.cancel()

        def call(_progress: ProgressCallback, cancel: CancelToken) -> QuoteSearchResult:
            cancel.raise_if_cancelled()
            return search_grouped(archive, query, filters=filters)

        self._runner.submit(Op(call, name="quote search", cleanup=archive.store.close,
                               on_success=lambda r: self._shown(request, r),
                               on_failure=lambda m: self._failed(request, m)))
        return request

    def _shown(self, request: int, result: QuoteSearchResult) -> None:
        if request == self._request:
            self.panel.set_result(result)
            self.result_shown.emit(result)

    def _failed(self, request: int, message: str) -> None:
        if request == self._request and message:
            self.panel.show_message(message)

    def on_panel_open_requested(self, article_id: str, index: int) -> None:
        self._window.open_article(article_id)
        self._window.quotes_panel.select_quote(index)

    def on_panel_person_requested(self, name: str) -> None:
        self._window.person_pages.show_person(name)

    def shutdown(self) -> None:
        self._runner.shutdown()
