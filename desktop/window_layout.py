"""The window's layout: the results pane and the reader side by side, the panels docked around
them, the status bar, and how the layout is saved, restored and reset.

``MainWindow`` builds itself with these methods; what the widgets do is wired in main_window.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.index_status import IndexStatus
from desktop.models import ResultsModel
from desktop.panels.entities import EntitiesPanel
from desktop.panels.posts import PostsPanel
from desktop.panels.quotes import QuotesPanel
from desktop.reader import ReaderView
from desktop.results import ResultsView
from desktop.search_bar import SearchBar
from desktop.timeline import TimelineStrip

if TYPE_CHECKING:  # pragma: no cover
    from desktop.archives import OpenedArchive
    from desktop.settings import Settings

MIN_RESULTS = 220  # px the results pane keeps when the reader needs room
MIN_DOCK = 190  # px a side dock keeps
SORTS = (("relevance", "Relevance"), ("date", "Newest first"), ("date-asc", "Oldest first"))


class WindowLayout(QMainWindow):
    """Where everything is in the main window (a base of ``MainWindow``)."""

    settings: Settings
    archive: OpenedArchive | None
    remember_archive: bool = True  # False for a ``--data`` launch

    @property
    def sort(self) -> str:
        """The sort chosen for the results: "relevance", "date" or "date-asc"."""
        return str(self.sort_combo.currentData() or "relevance")

    # --- construction ----------------------------------------------------------------------------

    def _build_central(self) -> None:
        self.search_bar = SearchBar()
        bar = QToolBar("Search")
        bar.setObjectName("searchToolBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setVisible(False)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(6, 4, 6, 4)
        holder_layout.addWidget(self.search_bar)
        bar.addWidget(holder)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.results_model = ResultsModel(self)
        self.results_view = ResultsView()
        self.results_view.setModel(self.results_model)
        self.count_label = QLabel("")
        self.count_label.setObjectName("resultCount")
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("sortCombo")
        self.sort_combo.setToolTip("Sort the results")
        self.sort_combo.setAccessibleName("Sort the results")
        for key, label in SORTS:
            self.sort_combo.addItem(label, key)
        results_pane = QWidget()
        pane_layout = QVBoxLayout(results_pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.setSpacing(2)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 2, 0)
        header.addWidget(self.count_label, 1)
        sort_label = QLabel("Sort:")
        sort_label.setBuddy(self.sort_combo)
        header.addWidget(sort_label)
        header.addWidget(self.sort_combo)
        pane_layout.addLayout(header)
        self.suggestion_label = QLabel("")
        self.suggestion_label.setObjectName("suggestion")
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion_label.setContentsMargins(6, 0, 6, 0)
        self.suggestion_label.hide()
        pane_layout.addWidget(self.suggestion_label)
        # Under the note of an archive without articles: what to do about it.
        self.add_folder_button = QPushButton("Add Folder…")
        self.add_folder_button.setObjectName("addFolderButton")
        self.add_folder_button.setToolTip("Add a folder of saved articles to this archive and index it")
        self.show_problems_button = QPushButton("Show the Files That Failed…")
        self.show_problems_button.setObjectName("showProblemsButton")
        empty_row = QHBoxLayout()
        empty_row.setContentsMargins(6, 0, 6, 6)
        for button in (self.add_folder_button, self.show_problems_button):
            button.hide()
            empty_row.addWidget(button)
        empty_row.addStretch(1)
        pane_layout.addLayout(empty_row)
        pane_layout.addWidget(self.results_view, 1)

        self.reader = ReaderView()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(results_pane)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 640])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea, key: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        features = QDockWidget.DockWidgetFeature
        dock.setFeatures(features.DockWidgetClosable | features.DockWidgetMovable | features.DockWidgetFloatable)
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(key))
        toggle.setToolTip(f"Show or hide the {title} panel ({key})")
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.quotes_panel = QuotesPanel()
        self.posts_panel = PostsPanel()
        self.entities_panel = EntitiesPanel()
        self.timeline = TimelineStrip()
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.quotes_dock = self._dock("Quotes", "quotesDock", self.quotes_panel, right, "Ctrl+1")
        self.posts_dock = self._dock("Social posts", "postsDock", self.posts_panel, right, "Ctrl+2")
        self.entities_dock = self._dock("Entities", "entitiesDock", self.entities_panel, right, "Ctrl+3")
        self.timeline_dock = self._dock("Timeline", "timelineDock", self.timeline,
                                        Qt.DockWidgetArea.TopDockWidgetArea, "Ctrl+4")
        self.resizeDocks([self.quotes_dock, self.posts_dock, self.entities_dock], [400, 400, 400],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.timeline_dock], [96], Qt.Orientation.Vertical)
        self.default_docks = [self.quotes_dock, self.posts_dock, self.entities_dock, self.timeline_dock]
        self._default_state = self.saveState()

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.archive_label = QLabel("")
        self.archive_label.setObjectName("archiveLabel")
        self.index_status = IndexStatus()
        # Short names for the parts tests and the screenshot look at.
        self.progress = self.index_status.progress
        self.cancel_button = self.index_status.cancel_button
        self.problems_button = self.index_status.problems_button
        status.addPermanentWidget(self.index_status)
        status.addPermanentWidget(self.archive_label)

    # --- settings -------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self.keep_reader_first)

    def keep_reader_first(self) -> None:
        """The reader keeps at least half the window: the results pane, then the side docks, give way."""
        want = self.width() // 2
        deficit = want - self.reader.width()
        if deficit <= 0:
            return
        results, reader = self.splitter.sizes()
        take = min(deficit, max(0, results - MIN_RESULTS))
        if take:
            self.splitter.setSizes([results - take, reader + take])
            deficit -= take
        # (A dock behind another's tab is "visible" but parked outside the window: not counted.)
        side = [d for d in self.findChildren(QDockWidget)
                if d.isVisible() and not d.isFloating() and self.rect().intersects(d.geometry())
                and self.dockWidgetArea(d) in (Qt.DockWidgetArea.RightDockWidgetArea,
                                               Qt.DockWidgetArea.LeftDockWidgetArea)]
        if deficit > 0 and side:
            width = max(MIN_DOCK, max(d.width() for d in side) - deficit)
            self.resizeDocks(side, [width] * len(side), Qt.Orientation.Horizontal)

    def _restore_settings(self) -> None:
        s = self.settings
        if s.geometry is None or not self.restoreGeometry(s.geometry):
            self.resize(1440, 900)
        if s.window_state is not None:
            self.restoreState(s.window_state)
        if s.splitter_state is not None:
            self.splitter.restoreState(s.splitter_state)
        self.search_bar.set_history(s.history)
        self.search_bar.set_text(s.last_query, search=False)
        keys = [k for k, _ in SORTS]
        self.sort_combo.blockSignals(True)
        self.sort_combo.setCurrentIndex(keys.index(s.sort) if s.sort in keys else 0)
        self.sort_combo.blockSignals(False)

    def save_settings(self) -> None:
        """Remember the window's layout, the query, the history and the archive."""
        s = self.settings
        s.geometry = self.saveGeometry()
        s.window_state = self.saveState()
        s.splitter_state = self.splitter.saveState()
        if self.remember_archive:
            s.last_query = self.search_bar.text()
        s.history = self.search_bar.history()
        s.sort = self.sort
        if self.archive is not None:
            s.set_query_for(self.archive.data_dir, self.search_bar.text())
            if self.remember_archive:
                s.archive_dir = self.archive.data_dir
        s.sync()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self.default_docks:
            dock.show()
        self.posts_dock.raise_()

    def _place_late_dock(self, dock: QDockWidget) -> None:
        """Put a dock created after start-up (Bookmarks) where the saved layout has it, else with Quotes."""
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        state = self.settings.window_state
        # A saved layout names its docks (as UTF-16): re-apply it if it knows this one.
        if state is not None and dock.objectName().encode("utf-16-be") in bytes(state.data()):
            self.restoreState(state)
        else:
            self.tabifyDockWidget(self.quotes_dock, dock)
            self.quotes_dock.raise_()
