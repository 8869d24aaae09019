"""Saved searches: named queries (``Settings.saved_searches``) in the Searches menu and a small
dock, each with how many articles it finds, counted again after every indexing run."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QInputDialog, QListWidget, QListWidgetItem, QMenu

from desktop.jobs import JobRunner, Op

if TYPE_CHECKING:  # pragma: no cover
    from desktop.main_window import MainWindow

QUERY_ROLE = Qt.ItemDataRole.UserRole + 1


def query_with_filters(query: str, filters: dict[str, str]) -> str:
    """The query and the window's filters as one query (``person:"Jane Roe"``): what a saved search keeps."""
    terms = [query.strip()] if query.strip() else []
    for facet, value in sorted(filters.items()):
        field = "date" if facet == "year" else facet
        terms.append(f'{field}:"{value}"' if " " in value else f"{field}:{value}")
    return " ".join(terms)


class SavedSearches(QObject):
    """The Searches menu, the Saved Searches dock, and their counts."""

    counted = Signal()  # the counts shown are fresh

    def __init__(self, window: MainWindow, ask_name: Callable[[str], str | None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.ask_name = ask_name or self._ask_name
        self.counts: dict[str, int] = {}
        self.runner = JobRunner("saved-searches", self)
        self.list = QListWidget()
        self.list.setObjectName("savedSearchesList")
        self.list.setSpacing(2)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.itemActivated.connect(self._on_item)
        self.list.itemClicked.connect(self._on_item)
        self.list.customContextMenuRequested.connect(self._on_list_menu)
        self.dock = QDockWidget("Saved Searches")
        self.dock.setObjectName("savedSearchesDock")
        self.dock.setWidget(self.list)
        self.dock.toggleViewAction().setText("Sa&ved Searches")
        self.menu = QMenu("Sea&rches", window)
        self.menu.setObjectName("searchesMenu")
        self.save_action = self.menu.addAction("&Save This Search…", self.save_current)
        self.save_action.setShortcut("Ctrl+Shift+S")
        self.save_action.setStatusTip("Keep the current query and filters under a name")
        window.addAction(self.save_action)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.refresh_list()

    # --- the searches -------------------------------------------------------------------------------

    @property
    def searches(self) -> list[tuple[str, str]]:
        return self.window.settings.saved_searches

    def save(self, name: str, query: str) -> None:
        kept = [(n, q) for n, q in self.searches if n != name]
        self.window.settings.saved_searches = [*kept, (name, query)]
        self.refresh_list()
        self.count()

    def delete(self, name: str) -> None:
        self.window.settings.saved_searches = [(n, q) for n, q in self.searches if n != name]
        self.counts.pop(name, None)
        self.refresh_list()

    def save_current(self) -> None:
        w = self.window
        query = query_with_filters(w.search_bar.text(), w.filters)
        if not query:
            w.statusBar().showMessage("Type a query (or choose a filter) to save it as a search.", 5000)
            return
        name = self.ask_name(query)
        if name and name.strip():
            self.save(name.strip(), query)
            w.statusBar().showMessage(f"Saved the search “{name.strip()}”.", 5000)

    def _ask_name(self, query: str) -> str | None:
        name, ok = QInputDialog.getText(self.window, "Save This Search", f"A name for “{query}”:", text=query)
        return name if ok else None

    def run(self, query: str) -> None:
        w = self.window
        w.filters.clear()
        w.search_bar.set_filters(w.filters)
        w.search_bar.set_text(query)

    # --- counts -------------------------------------------------------------------------------------

    def count(self) -> None:
        """Count each saved search's articles in the archive's index (in a worker thread)."""
        opened = self.window.archive
        searches = self.searches
        if opened is None or not searches:
            return
        archive = opened.archive

        def call(_progress: Any, _cancel: Any) -> dict[str, int]:
            out = {}
            for name, query in searches:
                try:
                    out[name] = archive.search(query, pagelen=1, facets=False, snippets=False).total
                except Exception:  # a query no longer understood counts as nothing
                    out[name] = -1
            return out

        self.runner.submit(Op(call, on_success=self._counted, name="count saved searches"))

    def _counted(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.refresh_list()
        self.counted.emit()

    def label(self, name: str, query: str) -> str:
        n = self.counts.get(name)
        return name if n is None else f"{name} — {'?' if n < 0 else f'{n:,}'}"

    def refresh_list(self) -> None:
        self.list.clear()
        for name, query in self.searches:
            item = QListWidgetItem(self.label(name, query))
            item.setData(QUERY_ROLE, query)
            item.setToolTip(query)
            self.list.addItem(item)
        if not self.searches:
            item = QListWidgetItem("No saved searches: Searches › Save This Search… (Ctrl+Shift+S)")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)

    def _fill_menu(self) -> None:
        for action in self.menu.actions()[1:]:
            self.menu.removeAction(action)
        if self.searches:
            self.menu.addSeparator()
        for name, query in self.searches:
            action = self.menu.addAction(self.label(name, query))
            action.triggered.connect(functools.partial(self.run, query))
            action.setStatusTip(query)

    def _on_item(self, item: QListWidgetItem) -> None:
        query = item.data(QUERY_ROLE)
        if query:
            self.run(str(query))

    def _on_list_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None or not item.data(QUERY_ROLE):
            return
        name = self.searches[self.list.row(item)][0]
        menu = QMenu(self.list)
        menu.addAction("Run", lambda: self._on_item(item))
        menu.addAction("Delete", lambda: self.delete(name))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def shutdown(self) -> None:
        self.runner.shutdown()
