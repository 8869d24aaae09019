"""A person's page in the window: a dock with everything the archive holds about one person.

Opened by a person in the Entities panel, a speaker in the Quotes panel, a post's author or a
result's byline (their ``person_requested`` signals). The page is the core's ``PersonPage``
(``index.people``), loaded by a ``JobRunner`` op: a newer request drops the answer of an older one.
Its quotes show newest first, by article, or by topic words; the same quote repeated in several
articles is one row, with where and when it first appeared, and its appearances under it.
From the page: open a quote in the reader, bookmark it, copy it with its citation, export the
person's quotes (all, or the selected ones) as a PDF dossier, and correct the person's names and
type (Edit names ▾: rename, merge into another entity, add a name, change the type, split an alias
off, hide), through the same corrections as the Entities panel (``desktop.corrections_ui``); once a
correction has landed, or is undone, the page is loaded again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.jobs import JobRunner, Op
from desktop.panels import PanelStack, WrappingTreeView
from desktop.panels.entities import ENTITY_TYPE_CHOICES
from desktop.timeline import TimelineStrip
from index.jobs import CancelToken, ProgressCallback
from index.model import Entity
from index.people import PersonPage, PersonQuote, QuoteGroup, citation_text
from index.people.page import FACETS
from index.people.resolve import SOURCE_TABLE

if TYPE_CHECKING:  # pragma: no cover
    from desktop.archives import OpenedArchive
    from desktop.main_window import MainWindow
    from index.archive import Archive

log = logging.getLogger(__name__)

ORDERS = (("newest", "Newest first"), ("article", "By article"), ("topic", "By topic words"))
USER = Qt.ItemDataRole.UserRole


def _day(d: dt.date | None) -> str:
    return d.isoformat() if d else "undated"


def _where(q: PersonQuote) -> str:
    return f"{_day(q.date)} · {q.site or 'unknown site'} · {q.title}"


class PersonQuotesModel(QStandardItemModel):
    """A person's quotes as a tree: a row per quote (a repeated quote once, its appearances under
    it), under their article or topic word in those orders."""

    QuoteRole = USER + 1  # the PersonQuote of a row (a group's row: its first appearance)
    GroupRole = USER + 2  # the QuoteGroup of a quote's row
    IsHeadingRole = USER + 3  # an article's or a topic's row

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.page: PersonPage | None = None
        self.order = "newest"

    def set_page(self, page: PersonPage | None, order: str | None = None) -> None:
        self.page = page
        self.order = order or self.order
        self._rebuild()

    def _quote_row(self, q: PersonQuote, group: QuoteGroup[PersonQuote] | None) -> QStandardItem:
        text = f"“{q.text}”"
        if q.inferred:
            text += f"\n{q.quote.confidence}: {q.quote.evidence or 'no evidence recorded'}"
        text += f"\n{_where(q)}"
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(q, self.QuoteRole)
        item.setData(group, self.GroupRole)
        item.setData(False, self.IsHeadingRole)
        item.setToolTip(f"{q.quote.confidence or 'attribution'}: {q.quote.evidence}" if q.quote.evidence else "")
        if group is not None and group.repeated:
            item.setText(text + f"\nin {len(group)} articles — first here")
            for m in group.members[1:]:
                child = QStandardItem(f"also {_where(m)}")
                child.setEditable(False)
                child.setData(m, self.QuoteRole)
                child.setData(group, self.GroupRole)
                child.setData(False, self.IsHeadingRole)
                item.appendRow(child)
        return item

    def _heading(self, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setSelectable(False)
        item.setData(True, self.IsHeadingRole)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        return item

    def _rebuild(self) -> None:
        self.clear()
        page = self.page
        if page is None:
            return
        root = self.invisibleRootItem()
        if self.order == "article":
            for article, quotes in page.by_article():
                head = self._heading(f"{_day(article.date)} · {article.site or 'unknown site'} · {article.title}"
                                     f"  ({len(quotes)})")
                for q in quotes:
                    head.appendRow(self._quote_row(q, None))
                root.appendRow(head)
        elif self.order == "topic":
            for topic, groups in page.by_topic():
                head = self._heading(f"{topic or 'other words'}  ({len(groups)})")
                for g in groups:
                    head.appendRow(self._quote_row(g.first, g))
                root.appendRow(head)
        else:
            for g in page.groups:
                root.appendRow(self._quote_row(g.first, g))


class PersonPageView(QWidget):
    """The page itself: who, the counts, the timeline, and tabs of quotes, posts and articles."""

    open_requested = Signal(str, int)  # article id, paragraph
    bookmark_requested = Signal(object, str)  # Quote, article id
    export_requested = Signal(str, object)  # person's name, refs ((article id, index), ...; empty: all)
    # A correction of the person, as the Entities panel asks for one: the action (merge, merge-in,
    # rename, type, split, hide), the Entity, its value (the type, the alias; "" where a dialog asks).
    correction_requested = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personPage")
        self.page: PersonPage | None = None
        self.title = QLabel()
        self.title.setObjectName("personTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel()
        self.facts.setObjectName("personFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline = TimelineStrip()
        self.timeline.setAccessibleName("Articles that name the person, by month")
        self.timeline.setMinimumHeight(48)

        self.order_combo = QComboBox()
        self.order_combo.setObjectName("personOrder")
        for key, label in ORDERS:
            self.order_combo.addItem(label, key)
        self.order_combo.currentIndexChanged.connect(self.on_order_combo_changed)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.bookmark_action = self._action("Bookmark", "Bookmark the selected quote", self.request_bookmark)
        self.copy_action = self._action("Copy with citation", "Copy the selected quotes with their citations",
                                        self.copy_selected)
        self.export_action = self._action("Export PDF…", "Export all the person's quotes as a PDF dossier",
                                          lambda: self.request_export(False))
        self.export_selected_action = self._action("Export selected…", "Export the selected quotes as a dossier",
                                                   lambda: self.request_export(True))
        self.edit_menu = QMenu("Edit names", self)
        self.edit_menu.setObjectName("personEditMenu")
        self.type_menu = QMenu("Change type", self.edit_menu)
        self.type_menu.setObjectName("personTypeMenu")
        self.split_menu = QMenu("Split alias", self.edit_menu)
        self.split_menu.setObjectName("personSplitMenu")
        self.split_menu.setToolTip("Make one of the names an entity of its own")
        self.edit_button = QToolButton()
        self.edit_button.setObjectName("personEditButton")
        self.edit_button.setText("Edit names ▾")
        self.edit_button.setToolTip("Correct the person's names and type: every panel, search and export follows")
        self.edit_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.edit_button.setMenu(self.edit_menu)

        self.model = PersonQuotesModel(self)
        self.quotes_view = WrappingTreeView()
        self.quotes_view.setObjectName("personQuotes")
        self.quotes_view.setModel(self.model)
        self.quotes_view.setHeaderHidden(True)
        self.quotes_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.quotes_view.setAccessibleName("The person's quotes")
        self.quotes_view.activated.connect(self.on_quotes_activated)
        self.quotes_view.doubleClicked.connect(self.on_quotes_activated)
        self.quotes_view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.posts_list = QListWidget()
        self.posts_list.setObjectName("personPosts")
        self.posts_list.setWordWrap(True)
        self.posts_list.itemActivated.connect(self.on_list_activated)
        self.articles_list = QListWidget()
        self.articles_list.setObjectName("personArticles")
        self.articles_list.setWordWrap(True)
        self.articles_list.itemActivated.connect(self.on_list_activated)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.quotes_view, "Quotes")
        self.tabs.addTab(self.posts_list, "Posts")
        self.tabs.addTab(self.articles_list, "Articles")

        # Two short rows, not one long one: the dock shares its width with the Entities panel.
        top = QHBoxLayout()
        top.addWidget(QLabel("Order:"))
        top.addWidget(self.order_combo)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.timeline)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs, 1)
        # In a scroll area: the dock shares the side's height with the other panels, and a page's own
        # minimum height must not make the window taller than the user left it.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.stack = PanelStack(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.show_placeholder("Click a person in the Entities panel, a speaker in the Quotes panel, "
                                    "a post's author or a result's byline (right click) to see their page.")
        self._update_actions()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(256, 320)  # as the panels it is tabbed with: the reader keeps its half of the window

    def _action(self, text: str, tip: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    # --- content --------------------------------------------------------------------------------

    def show_loading(self, name: str) -> None:
        self.stack.show_placeholder(f"Gathering what the archive holds about {name}…")

    def show_message(self, text: str) -> None:
        self.stack.show_placeholder(text)

    def set_page(self, page: PersonPage) -> None:
        """Show a person's page."""
        self.page = page
        person = page.person
        self.title.setText(person.name)
        repeated = sum(1 for g in page.groups if g.repeated)
        lines = [
            f"{person.type or 'not known to the archive'} · {len(page.quotes)} quotes in {page.quoted_in} articles "
            f"({page.inferred} inferred rather than stated; {repeated} repeated in several articles) · "
            f"{len(page.posts)} posts · named in {len(page.articles)} articles"
            + (f" · wrote {len(page.bylines)}" if page.bylines else ""),
        ]
        if page.aliases:
            lines.append("Also named: " + ", ".join(f"{a} ({n})" for a, n in page.aliases[:8]))
        lines.append(f"Names from {person.source}.")
        self.facts.setText("\n".join(lines))
        self.timeline.set_months(page.timeline)
        self.model.set_page(page)
        self.quotes_view.expandAll()
        self.posts_list.clear()
        for p in page.posts:
            body = "(content not in the archive)" if p.post.missing else (p.post.text or p.post.url or "")
            item = QListWidgetItem(f"{p.post.platform} · {p.post.date or _day(p.date)} · {body}\n"
                                   f"in {p.title} ({p.site or 'unknown site'})")
            item.setData(USER, (p.article_id, -1))
            self.posts_list.addItem(item)
        self.articles_list.clear()
        for label, items in (("wrote", page.bylines), ("named in", page.articles)):
            for a in items:
                item = QListWidgetItem(f"{label}: {_day(a.date)} · {a.site or 'unknown site'} · {a.title}")
                item.setData(USER, (a.article_id, -1))
                self.articles_list.addItem(item)
        self.tabs.setTabText(0, f"Quotes ({len(page.quotes)})")
        self.tabs.setTabText(1, f"Posts ({len(page.posts)})")
        self.tabs.setTabText(2, f"Articles ({len(page.articles)})")
        self._fill_edit_menu(page)
        self.stack.show_content()
        self._update_actions()

    def entity(self) -> Entity | None:
        """The person as an entity of the archive's table, for the corrections (None: the table
        does not know the name, and there is nothing to correct)."""
        page = self.page
        if page is None or page.person.source != SOURCE_TABLE:
            return None
        etype = FACETS.get(page.person.type, ("person", "PERSON"))[1]
        return Entity(page.name, etype, tuple(self.split_forms()), len(page.articles))  # type: ignore[arg-type]

    def split_forms(self) -> list[str]:
        """The other names of the person that can be split off (not their handles)."""
        page = self.page
        if page is None:
            return []
        forms = [*page.person.names, *(a for a, _ in page.aliases)]
        return [f for f in dict.fromkeys(forms) if f != page.name and not f.startswith("@")]

    def _fill_edit_menu(self, page: PersonPage) -> None:
        """Rename…, Merge into…, Add a name…, Change type ▸, Split alias ▸, Hide: the person's corrections."""
        menu, types, split = self.edit_menu, self.type_menu, self.split_menu
        for m in (menu, types, split):
            m.clear()
        entity = self.entity()
        self.edit_button.setEnabled(entity is not None)
        if entity is None:
            self.edit_button.setToolTip(f"{page.name} is not in the archive's entity table: there is no name to "
                                        "correct (a quote's speaker is corrected in the Quotes panel)")
            return
        self.edit_button.setToolTip("Correct the person's names and type: every panel, search and export follows")
        name = entity.name

        def add(text: str, action: str, value: str = "", parent: QMenu = menu) -> QAction:
            item = parent.addAction(text)
            item.setObjectName(f"person{action.title().replace('-', '')}Action")
            item.triggered.connect(lambda _=False: self.correction_requested.emit(action, entity, value))
            return item

        add("Rename…", "rename").setToolTip(f"A new name for {name}, in every article")
        add("Merge into…", "merge").setToolTip(f"{name} is another entity of the archive: merge into it")
        add("Add a name…", "merge-in").setToolTip(f"Another entity of the archive is {name}: merge it into this page")
        menu.addMenu(types)
        for etype, label, value in ENTITY_TYPE_CHOICES:
            item = add(label, "type", value, types)
            item.setCheckable(True)
            item.setChecked(entity.type == etype)
            item.setEnabled(entity.type != etype)
        menu.addMenu(split)
        split.setEnabled(bool(entity.mentions))
        for alias in entity.mentions:
            add(alias, "split", alias, split)
        menu.addSeparator()
        add("Hide (not an entity)", "hide")

    def selected_quotes(self) -> list[PersonQuote]:
        """The quotes of the selected rows, in the page's order (an appearance counts as itself)."""
        rows = self.quotes_view.selectionModel().selectedRows() if self.quotes_view.selectionModel() else []
        chosen = [r.data(PersonQuotesModel.QuoteRole) for r in rows]
        picked = {q.ref for q in chosen if q is not None}
        return [q for q in (self.page.quotes if self.page else ()) if q.ref in picked]

    def _update_actions(self) -> None:
        has_page = self.page is not None and bool(self.page.quotes)
        selected = bool(self.selected_quotes()) if has_page else False
        self.bookmark_action.setEnabled(selected)
        self.copy_action.setEnabled(selected)
        self.export_action.setEnabled(has_page)
        self.export_selected_action.setEnabled(selected)

    # --- actions --------------------------------------------------------------------------------

    def request_bookmark(self) -> bool:
        quotes = self.selected_quotes()
        for q in quotes:
            self.bookmark_requested.emit(q.quote, q.article_id)
        return bool(quotes)

    def copy_selected(self) -> str:
        """Copy the selected quotes, each with its citation; returns the text copied."""
        today = dt.date.today()
        text = "\n\n".join(citation_text(q, today) for q in self.selected_quotes())
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def request_export(self, selected_only: bool) -> None:
        if self.page is None:
            return
        refs = tuple(q.ref for q in self.selected_quotes()) if selected_only else ()
        if selected_only and not refs:
            return
        self.export_requested.emit(self.page.name, refs)

    # --- slots ----------------------------------------------------------------------------------

    def on_order_combo_changed(self, _index: int) -> None:
        self.model.set_page(self.page, str(self.order_combo.currentData()))
        self.quotes_view.expandAll()
        self._update_actions()

    def on_quotes_activated(self, index: QModelIndex) -> None:
        q = index.data(PersonQuotesModel.QuoteRole)
        if q is not None:
            self.open_requested.emit(q.article_id, q.quote.paragraph)

    def on_list_activated(self, item: QListWidgetItem) -> None:
        aid, paragraph = item.data(USER)
        self.open_requested.emit(aid, paragraph)


class PersonPageDock(QDockWidget):
    """The dock holding the person's page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Person", parent)
        self.setObjectName("personDock")
        self.view = PersonPageView()
        self.setWidget(self.view)


def load_page(archive: Archive, name: str, *fallbacks: str) -> Any:
    """The op's call: the core's page of ``name``, or of the first of ``fallbacks`` the entity table
    knows when it no longer knows ``name`` (a rename undone)."""
    from index.people import person_page, resolve_person

    def call(_progress: ProgressCallback, cancel: CancelToken) -> PersonPage:
        for other in fallbacks:
            if (other != name and resolve_person(archive, name).source != SOURCE_TABLE
                    and resolve_person(archive, other).source == SOURCE_TABLE):
                return person_page(archive, other, cancel=cancel)
        return person_page(archive, name, cancel=cancel)

    return call


class PersonPages(QObject):
    """Wires the person's page to a main window: who asks for it, where it opens, what it does."""

    page_shown = Signal(object)  # PersonPage
    page_failed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._archive: Archive | None = None
        self._request = 0
        self._asked = ""  # the name the user asked for (a page reloaded after a correction falls back to it)
        self._runner = JobRunner("person", self)
        self._runner.bug_found.connect(window.on_bug_found)
        self.dock = PersonPageDock(window)
        # Hidden until a person is asked for: the default layout stays as it was.
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self._placed = False
        view = self.dock.view
        view.open_requested.connect(window.open_article)
        view.bookmark_requested.connect(window.on_quotes_bookmark_requested)
        view.export_requested.connect(self.on_view_export_requested)
        view.correction_requested.connect(window.corrections.on_entities_correction_requested)
        window.corrections.controller.corrections_changed.connect(self.on_corrections_changed)
        for source in (window.entities_panel, window.quotes_panel, window.posts_panel, window.results_view):
            source.person_requested.connect(self.show_person)
        window.client.archive_opened.connect(self.on_window_archive_shown)

    def on_window_archive_shown(self, opened: OpenedArchive) -> None:
        self._archive = opened.archive

    def on_corrections_changed(self, _message: str) -> None:
        """A correction landed (or was undone): the page shown is loaded again, under its new name."""
        page = self.dock.view.page
        if page is not None and self.dock.isVisible():
            self.show_person(page.name, reload=True)

    def show_person(self, name: str, *, reload: bool = False) -> int:
        """Open ``name``'s page (loaded in the worker); returns the request id (0: no archive yet)."""
        if self._archive is None:
            self._window.statusBar().showMessage("Open an archive first.", 5000)
            return 0
        self._request += 1
        request = self._request
        self._runner.cancel()
        view = self.dock.view
        if not reload:
            self._asked = name
            view.show_loading(name)
        if not self._placed and not self.dock.isVisible() and not self.dock.isFloating():
            self._placed = True  # the first time: a tab beside Entities
            self._window.tabifyDockWidget(self._window.entities_dock, self.dock)
        self.dock.show()
        self.dock.raise_()
        archive = self._archive
        self._runner.submit(Op(
            load_page(archive, name, self._asked), name=f"page of {name}", cleanup=archive.store.close,
            on_success=lambda page: self._shown(request, page),
            on_failure=lambda message: self._failed(request, message),
        ))
        return request

    def _shown(self, request: int, page: PersonPage) -> None:
        if request != self._request:
            return  # a newer page was asked for
        self.dock.view.set_page(page)
        self.page_shown.emit(page)

    def _failed(self, request: int, message: str) -> None:
        if request != self._request:
            return
        self.dock.view.show_message(message or "The page cannot be shown; see the log.")
        self.page_failed.emit(message)

    def on_view_export_requested(self, name: str, refs: Sequence[tuple[str, int]]) -> None:
        from index.export import Selection

        if not self._window.companions.export_pdf(Selection.of_person(name, refs)):
            self._window.statusBar().showMessage("Export is not available yet: open an archive first.", 8000)

    def shutdown(self) -> None:
        self._runner.shutdown()
