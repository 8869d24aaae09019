"""The Quotes panel: who said what in the open article, grouped by speaker."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QMenu, QToolBar, QVBoxLayout, QWidget

from desktop.models import UNKNOWN_SPEAKER, QuotesModel
from desktop.panels import PENDING, PanelStack, WrappingTreeView
from desktop.reader import QUOTE_CORRECTIONS
from index.model import Quote

log = logging.getLogger(__name__)


class QuotesPanel(QWidget):
    """A tree of the article's quotes. Clicking one shows it in the reader."""

    quote_activated = Signal(int)  # the quote's index in the extraction
    bookmark_requested = Signal(object, str)  # Quote, article id
    citation_requested = Signal(object, bool)  # Quote, as Markdown
    correction_requested = Signal(str, int)  # the action (reader.QUOTE_CORRECTIONS), the quote's index
    person_requested = Signal(str)  # a speaker's page (a speaker row activated, or its menu)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quotesPanel")
        self.model = QuotesModel(self)
        self.view = WrappingTreeView()
        self.view.setObjectName("quotesView")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setAccessibleName("Quotes")
        self.view.clicked.connect(self.on_view_clicked)
        self.view.activated.connect(self.on_view_clicked)
        self.view.customContextMenuRequested.connect(self.on_view_context_menu_requested)
        self.view.selectionModel().currentChanged.connect(self.on_view_current_changed)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.group_action = QAction("Group by speaker", self)
        self.group_action.setCheckable(True)
        self.group_action.setChecked(True)
        self.group_action.setToolTip("Group the quotes under their speaker, or list them in reading order")
        self.group_action.toggled.connect(self.on_group_action_toggled)
        self.toolbar.addAction(self.group_action)
        self.bookmark_action = QAction("Bookmark", self)
        self.bookmark_action.setToolTip("Bookmark the selected quote (Ctrl+D)")
        self.bookmark_action.setEnabled(False)
        self.bookmark_action.triggered.connect(self.request_bookmark)
        self.toolbar.addAction(self.bookmark_action)
        self.copy_action = QAction("Copy", self)
        self.copy_action.setToolTip("Copy the selected quote with its speaker")
        self.copy_action.setEnabled(False)
        self.copy_action.triggered.connect(self.copy_current)
        self.toolbar.addAction(self.copy_action)

        self.stack = PanelStack(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack)
        self.clear("Open an article to see who is quoted in it.")

    # --- content --------------------------------------------------------------------------------

    def set_quotes(self, article_id: str, quotes: Sequence[Quote], extracted: bool = True,
                   pending: bool = False) -> None:
        """Show an article's quotes (``extracted`` False: the article was indexed without extraction,
        or, ``pending``, its names and quotes are being found)."""
        self.model.set_quotes(article_id, quotes)
        self.view.expandAll()
        self._update_actions()
        if quotes:
            self.stack.show_content()
        elif extracted:
            self.stack.show_placeholder("No direct quotes in this article.")
        elif pending:
            self.stack.show_placeholder(PENDING)
        else:
            self.stack.show_placeholder("Quotes appear here once the archive is indexed with extraction.")

    def clear(self, message: str) -> None:
        self.model.set_quotes("", ())
        self._update_actions()
        self.stack.show_placeholder(message)

    def current_quote(self) -> tuple[int, Quote] | None:
        """The selected quote and its index, if a quote (not a speaker) is selected."""
        index = self.view.currentIndex()
        quote = index.data(QuotesModel.QuoteRole) if index.isValid() else None
        if quote is None:
            return None
        return int(index.data(QuotesModel.QuoteIndexRole)), quote

    def select_quote(self, n: int) -> None:
        index = self.model.index_of_quote(n)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            self._update_actions()

    def _update_actions(self) -> None:
        has = self.current_quote() is not None
        self.bookmark_action.setEnabled(has)
        self.copy_action.setEnabled(has)

    # --- actions --------------------------------------------------------------------------------

    def request_bookmark(self) -> bool:
        """Ask for the selected quote to be bookmarked; False if no quote is selected."""
        current = self.current_quote()
        if current is None:
            return False
        self.bookmark_requested.emit(current[1], self.model.article_id)
        return True

    def copy_current(self) -> None:
        current = self.current_quote()
        if current is not None:
            quote = current[1]
            QGuiApplication.clipboard().setText(f"“{quote.text}” — {quote.speaker or UNKNOWN_SPEAKER}")

    # --- slots ----------------------------------------------------------------------------------

    def on_view_clicked(self, index: QModelIndex) -> None:
        self._update_actions()
        n = index.data(QuotesModel.QuoteIndexRole)
        if n is not None and not index.data(QuotesModel.IsSpeakerRole):
            self.quote_activated.emit(int(n))
        elif index.data(QuotesModel.IsSpeakerRole) and index.data(QuotesModel.SpeakerRole) != UNKNOWN_SPEAKER:
            self.person_requested.emit(str(index.data(QuotesModel.SpeakerRole)))

    def on_view_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()

    def on_group_action_toggled(self, grouped: bool) -> None:
        current = self.current_quote()
        self.model.set_grouped(grouped)
        self.view.expandAll()
        if current is not None:
            self.select_quote(current[0])
        self._update_actions()

    def on_view_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.menu_for(self.view.indexAt(pos))
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def menu_for(self, index: QModelIndex) -> QMenu | None:
        """A quote's context menu (it becomes the selected quote), or a speaker row's (their page)."""
        speaker = index.data(QuotesModel.SpeakerRole) if index.isValid() else None
        known = bool(speaker) and speaker != UNKNOWN_SPEAKER
        if index.isValid() and index.data(QuotesModel.IsSpeakerRole):
            if not known:
                return None
            menu = QMenu(self)
            menu.addAction(f"Open the page of {speaker}", lambda: self.person_requested.emit(str(speaker)))
            self.menu = menu
            return menu
        if not index.isValid() or index.data(QuotesModel.QuoteRole) is None:
            return None
        self.view.setCurrentIndex(index)
        self._update_actions()
        menu = QMenu(self)
        menu.addAction("Show in article", lambda: self.on_view_clicked(index))
        menu.addAction("Bookmark quote", self.request_bookmark)
        menu.addAction("Copy quote with speaker", self.copy_current)
        quote = index.data(QuotesModel.QuoteRole)
        for text, markdown in (("Copy with citation", False), ("Copy with citation (Markdown)", True)):
            item = menu.addAction(text)
            item.triggered.connect(functools.partial(self.citation_requested.emit, quote, markdown))
        if known:
            menu.addAction(f"Open the page of {speaker}", lambda: self.person_requested.emit(str(speaker)))
        self.add_correction_actions(menu, int(index.data(QuotesModel.QuoteIndexRole)))
        self.menu = menu  # kept for tests
        return menu

    def add_correction_actions(self, menu: QMenu, n: int) -> None:
        """Set speaker…, Clear speaker, Not a quote: the corrections of quote ``n``."""
        menu.addSeparator()
        for action, text in QUOTE_CORRECTIONS:
            item = menu.addAction(text)
            item.setObjectName(f"{action}Action")
            item.triggered.connect(lambda _=False, a=action: self.correction_requested.emit(a, n))
