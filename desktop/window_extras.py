"""What the window adds for daily use, kept out of main_window.py: the reader's and the results'
commands, copy with citation, the Edit menu's copy / select all / find, File › Print, the Facets
and Saved Searches docks, File › Open Recent and Help › Keyboard Shortcuts.
``MainWindow`` makes one ``WindowExtras`` after its menus."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.archives import open_data_dir
from desktop.citations import article_citation, copy_text, hit_citation
from desktop.facets_view import FacetsView, facets_dock
from desktop.reader_actions import ReaderActions
from desktop.results_actions import ResultsActions
from desktop.saved_searches import SavedSearches
from desktop.workers import SearchOutcome
from index.model import Hit, ImportReport, Quote

if TYPE_CHECKING:  # pragma: no cover
    from desktop.main_window import MainWindow
    from desktop.printing import ArticlePrinter


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
        # Tabs beside the Social posts panel, open: seen at once, and the reader keeps its half of
        # the window (they share that panel's place; with Entities, hiding Entities would add a
        # row of panels). A saved layout puts them where it has them.
        for dock in (self.facets_dock, self.saved.dock):
            w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            w.tabifyDockWidget(w.posts_dock, dock)
        w.posts_dock.raise_()
        w.default_docks += [self.facets_dock, self.saved.dock]
        w._default_state = w.saveState()
        for dock in (self.facets_dock, self.saved.dock):
            view_menu.insertAction(w._view_separator, dock.toggleViewAction())
        w.menuBar().insertMenu(w._menus["&View"].menuAction(), self.saved.menu)
        w._menus["Sea&rches"] = self.saved.menu

        self.recent_menu = QMenu("Open &Recent", w)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        w._menus["&File"].insertMenu(w.add_action, self.recent_menu)

        self._printer: ArticlePrinter | None = None
        self.print_action = QAction("&Print…", w)
        self.print_action.setShortcuts(QKeySequence.StandardKey.Print)
        self.print_action.setStatusTip("Print the article in the reader, as its PDF export reads")
        self.print_action.triggered.connect(self.print_current)
        file_menu = w._menus["&File"]
        after_export = file_menu.actions()[file_menu.actions().index(w.export_article_action) + 1]
        file_menu.insertAction(after_export, self.print_action)
        w.addAction(self.print_action)
        self.results_actions = ResultsActions(w)
        self._build_edit_menu()

        self.shortcuts_action = w._action("&Help", "&Keyboard Shortcuts", self.show_shortcuts, ("Ctrl+/",),
                                          "Every command that has a key, and its key")

        w.quotes_panel.citation_requested.connect(self.copy_quote_citation)
        w.client.search_finished.connect(self.on_search_finished)
        w.archive_shown.connect(lambda _opened: self.saved.count())
        w.index_job.finished.connect(self.on_index_finished)

    # --- the Edit menu ------------------------------------------------------------------------------

    def _build_edit_menu(self) -> None:
        """Copy, Copy with Citation, Select All and the finds, between Undo / Redo and Corrections."""
        w = self.window
        edit = w._menus["&Edit"]

        def action(text: str, slot: object, keys: QKeySequence.StandardKey | str | None, tip: str) -> QAction:
            a = QAction(text, w)
            if isinstance(keys, QKeySequence.StandardKey):
                a.setShortcuts(keys)
            elif keys:
                a.setShortcut(QKeySequence(keys))
            a.setStatusTip(tip)
            a.triggered.connect(slot)
            edit.insertAction(w.corrections_action, a)
            w.addAction(a)
            return a

        # Ctrl+C and Ctrl+A reach the focused text field or the reader first (they claim the
        # standard keys); these act for the panels and the results list, and from the menu.
        self.copy_action = action("&Copy", self.copy, QKeySequence.StandardKey.Copy,
                                  "Copy the selected text, quote or result")
        self.copy_citation_action = action("Copy with C&itation", lambda: self.copy_with_citation(False),
                                           "Ctrl+Shift+C", "Copy the selection, quote or result with its citation")
        self.copy_citation_md_action = action("Copy with Citation (&Markdown)", lambda: self.copy_with_citation(True),
                                              None, "The same, as Markdown")
        self.select_all_action = action("Select &All", self.select_all, QKeySequence.StandardKey.SelectAll,
                                        "Select the whole article (or the text of the focused field)")
        edit.insertSeparator(w.corrections_action)
        edit.insertAction(w.corrections_action, self.reader_actions.find_in_article_action)
        edit.insertAction(w.corrections_action, w.find_action)
        edit.insertSeparator(w.corrections_action)

    def _focus(self) -> QWidget | None:
        return QApplication.focusWidget()

    def _within(self, widget: QWidget) -> bool:
        focus = self._focus()
        return focus is not None and (focus is widget or widget.isAncestorOf(focus))

    def _current_hit(self) -> Hit | None:
        w = self.window
        index = w.results_view.currentIndex()
        return w.results_model.hit(index.row()) if index.isValid() else None

    def copy(self) -> None:
        w = self.window
        focus = self._focus()
        if isinstance(focus, (QLineEdit, QTextEdit)) and focus is not w.reader:
            focus.copy()
        elif self._within(w.quotes_panel) and w.quotes_panel.current_quote() is not None:
            w.quotes_panel.copy_current()
        elif self._within(w.results_view) and (hit := self._current_hit()) is not None:
            copy_text(hit_citation(hit))
            w.statusBar().showMessage("Copied the article's citation.", 4000)
        elif isinstance(focus, QAbstractItemView) and focus.currentIndex().isValid():
            copy_text(str(focus.currentIndex().data() or ""))  # what the view's own Ctrl+C copies
        elif w.reader.textCursor().hasSelection():
            w.reader.copy()
        else:
            w.statusBar().showMessage("Select some text, a quote or a result to copy it.", 4000)

    def copy_with_citation(self, markdown: bool) -> None:
        w = self.window
        current = w.quotes_panel.current_quote() if self._within(w.quotes_panel) else None
        if current is not None:
            self.copy_quote_citation(current[1], markdown)
        elif self._within(w.results_view) and (hit := self._current_hit()) is not None:
            copy_text(hit_citation(hit, markdown))
            w.statusBar().showMessage("Copied the article's citation.", 4000)
        elif self.reader_actions.citation(markdown=markdown):
            self.reader_actions.copy_citation(markdown=markdown)
        else:
            w.statusBar().showMessage("Select a passage in the article, a quote or a result to copy it with "
                                      "its citation.", 5000)

    def select_all(self) -> None:
        focus = self._focus()
        multi = (QAbstractItemView.SelectionMode.ExtendedSelection, QAbstractItemView.SelectionMode.MultiSelection)
        if isinstance(focus, (QLineEdit, QTextEdit)) or \
                isinstance(focus, QAbstractItemView) and focus.selectionMode() in multi:
            focus.selectAll()  # the text of a field, every bookmark of the list
        else:
            self.window.reader.selectAll()
            self.window.reader.setFocus()

    # --- print --------------------------------------------------------------------------------------

    @property
    def printer(self) -> ArticlePrinter:
        """The window's printing (QtPrintSupport loads on the first print, not at start-up)."""
        if self._printer is None:
            from desktop.printing import ArticlePrinter

            self._printer = ArticlePrinter(self.window)
        return self._printer

    def print_current(self) -> None:
        article = self.window.reader.article
        if article is None:
            self.window.statusBar().showMessage("Open an article to print it.", 5000)
            return
        self.printer.print_article(article.id)

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
        if self._printer is not None:
            self._printer.shutdown()
