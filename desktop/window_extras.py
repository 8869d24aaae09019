"""What the window adds for daily use, kept out of main_window.py: the reader's commands, copy
with citation, the Facets and Saved Searches docks, File › Open Recent and Help › Keyboard Shortcuts.
``MainWindow`` makes one ``WindowExtras`` after its menus."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QHeaderView, QMenu, QTableWidget, QTableWidgetItem, QVBoxLayout

from desktop.archives import open_data_dir
from desktop.citations import article_citation, copy_text
from desktop.facets_view import FacetsView, facets_dock
from desktop.reader_actions import ReaderActions
from desktop.saved_searches import SavedSearches
from desktop.workers import SearchOutcome
from index.model import ImportReport, Quote

if TYPE_CHECKING:  # pragma: no cover
    from desktop.main_window import MainWindow


class WindowExtras(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = w = window
        self.reader_actions = ReaderActions(w)
        view_menu = w._menus["&View"]
        zoom = (self.reader_actions.zoom_in_action, self.reader_actions.zoom_out_action,
                self.reader_actions.zoom_reset_action)
        view_menu.addSeparator()
        view_menu.addActions(list(zoom))
        w._menus["&Search"].insertAction(w._menus["&Search"].actions()[1], self.reader_actions.find_in_article_action)

        self.facets = FacetsView()
        self.facets_dock = facets_dock(self.facets)
        self.facets.filter_requested.connect(w.set_filter)
        self.saved = SavedSearches(w)
        # Beside the Entities panel, closed at first (View › Facets, View › Saved Searches): the
        # reader keeps its half of the window; a saved layout that has them open reopens them.
        for dock in (self.facets_dock, self.saved.dock):
            w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            w.tabifyDockWidget(w.entities_dock, dock)
            dock.hide()
        w.entities_dock.raise_()
        for dock in (self.facets_dock, self.saved.dock):
            view_menu.insertAction(w._view_separator, dock.toggleViewAction())
        w.menuBar().insertMenu(w._menus["&View"].menuAction(), self.saved.menu)
        w._menus["Sea&rches"] = self.saved.menu

        self.recent_menu = QMenu("Open &Recent", w)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        w._menus["&File"].insertMenu(w.add_action, self.recent_menu)

        self.shortcuts_action = w._action("&Help", "&Keyboard Shortcuts", self.show_shortcuts, ("Ctrl+/",),
                                          "Every command that has a key, and its key")

        w.quotes_panel.citation_requested.connect(self.copy_quote_citation)
        w.client.search_finished.connect(self.on_search_finished)
        w.archive_shown.connect(lambda _opened: self.saved.count())
        w.index_job.finished.connect(self.on_index_finished)

    # --- copy with citation -------------------------------------------------------------------------

    def copy_quote_citation(self, quote: Quote, markdown: bool) -> None:
        article = self.window.reader.article
        if article is not None:
            copy_text(article_citation(quote.text, article, quote.speaker, markdown))
            self.window.statusBar().showMessage("Copied the quote with its citation.", 4000)

    # --- facets and counts --------------------------------------------------------------------------

    def on_search_finished(self, outcome: SearchOutcome) -> None:
        if outcome.request.request_id == self.window._search_id and outcome.request.page == 1:
            self.facets.set_facets(outcome.result.facets, self.window.filters)

    def on_index_finished(self, _report: ImportReport) -> None:
        self.saved.count()

    # --- open recent --------------------------------------------------------------------------------

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        current = self.window.archive.data_dir if self.window.archive is not None else None
        paths = [p for p in self.window.settings.recent_archives if p != current and p.is_dir()]
        for path in paths:
            action = self.recent_menu.addAction(str(path.name or path), functools.partial(self.open_recent, path))
            action.setStatusTip(str(path))
            action.setToolTip(str(path))
        if not paths:
            none = self.recent_menu.addAction("No other archives opened lately")
            none.setEnabled(False)

    def open_recent(self, path: Path) -> None:
        self.window.open_archive(functools.partial(open_data_dir, path))

    # --- help ---------------------------------------------------------------------------------------

    def shortcuts(self) -> list[tuple[str, str]]:
        """(command, keys) of every window command that has a key, in menu order."""
        seen: set[int] = set()
        rows: list[tuple[str, str]] = []

        def add(action: QAction) -> None:
            if id(action) in seen or not action.shortcuts():
                return
            seen.add(id(action))
            keys = ", ".join(k.toString(k.SequenceFormat.NativeText) for k in action.shortcuts())
            rows.append((action.text().replace("&", "").rstrip("…"), keys))

        for menu in self.window._menus.values():
            for action in menu.actions():
                add(action)
        for action in self.window.actions():
            add(action)
        rows.append(("Find next / previous in the article", "Enter, Shift+Enter (in the find bar)"))
        rows.append(("Close the find bar", "Esc"))
        return rows

    def show_shortcuts(self) -> QDialog:
        dialog = QDialog(self.window)
        dialog.setObjectName("shortcutsDialog")
        dialog.setWindowTitle("Keyboard Shortcuts")
        rows = self.shortcuts()
        table = QTableWidget(len(rows), 2, dialog)
        table.setHorizontalHeaderLabels(["Command", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (command, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(command))
            table.setItem(r, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(1)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        dialog.resize(520, 560)
        dialog.show()
        self.dialog = dialog  # kept for tests
        return dialog

    def shutdown(self) -> None:
        self.saved.shutdown()
